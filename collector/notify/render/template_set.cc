// TemplateSet: parsing, placeholder checks, lookup and filling; the built-in default text.
#include "notify/render/template_set.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vigil::notify {
namespace {

constexpr std::array<std::string_view, 12> kPlaceholders = {
    "organisation", "ticket",   "tlp",      "tlp_text",    "date",     "count",
    "kinds",        "findings", "reminder", "format_note", "reporter", "reporter_email"};

// Keep in step with deploy/templates/default.txt (a unit test compares them).
constexpr std::string_view kDefault =
    R"([{{tlp}}] {{reporter}}: {{count}} incident(s) in your network, ticket {{ticket}}

{{tlp_text}}

Dear abuse team of {{organisation}},

{{reporter}} watches traffic at Internet exchange points and ISP links to protect the networks it serves.
Our sensors saw the following from hosts in your network ({{kinds}}). {{reminder}}

{{findings}}
{{format_note}}
Please look into it and stop the activity. If you have questions or believe this report is wrong,
reply to this mail and keep the ticket number {{ticket}} in the subject.

-- 
{{reporter}} <{{reporter_email}}>
Automated notification, {{date}}
)";

// Checks every {{...}} of `text`; `first_line` is the file line `text` starts at.
common::Result<void> checkPlaceholders(std::string_view text, const std::string& name, int first_line) {
  int line = first_line;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
    if (text.compare(i, 2, "{{") != 0) continue;
    const std::size_t end = text.find("}}", i + 2);
    const std::size_t newline = text.find('\n', i);
    if (end == std::string_view::npos || end > newline) {
      return common::fail(name + ":" + std::to_string(line) + ": unterminated '{{'");
    }
    const std::string_view key = text.substr(i + 2, end - i - 2);
    if (std::find(kPlaceholders.begin(), kPlaceholders.end(), key) == kPlaceholders.end()) {
      std::string known;
      for (std::string_view k : kPlaceholders)
        known += (known.empty() ? "" : ", ") + std::string(k);
      return common::fail(name + ":" + std::to_string(line) + ": unknown placeholder '{{" + std::string(key) +
                          "}}'; known: " + known);
    }
    i = end + 1;
  }
  return {};
}

}  // namespace

common::Result<TemplateSet::Template> TemplateSet::parse(std::string_view text, const std::string& name) {
  const std::size_t first = text.find('\n');
  if (first == std::string_view::npos || first == 0) {
    return common::fail(name + ":1: a template starts with its subject line, then an empty line, then the body");
  }
  if (text.substr(first + 1, 1) != "\n")
    return common::fail(name + ":2: the subject line must be followed by an empty line");
  Template t{std::string(text.substr(0, first)), std::string(text.substr(first + 2))};
  if (auto r = checkPlaceholders(t.subject, name, 1); !r) return common::fail(r.error());
  if (auto r = checkPlaceholders(t.body, name, 3); !r) return common::fail(r.error());
  return t;
}

const TemplateSet& TemplateSet::builtin() {
  static const TemplateSet kSet = [] {
    TemplateSet set;
    set.templates_["default"] = *parse(kDefault, "(built-in default.txt)");
    return set;
  }();
  return kSet;
}

common::Result<TemplateSet> TemplateSet::load(const std::string& dir) {
  TemplateSet set;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return common::fail(dir + ": cannot read the template directory: " + ec.message());
  for (const auto& entry : it) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    if (!in) return common::fail(entry.path().string() + ": cannot read");
    std::stringstream text;
    text << in.rdbuf();
    auto t = parse(text.str(), entry.path().string());
    if (!t) return common::fail(t.error());
    set.templates_[entry.path().stem().string()] = std::move(*t);
  }
  if (set.templates_.count("default") == 0)
    return common::fail(dir + ": no default.txt (every template set needs one)");
  return set;
}

const TemplateSet::Template& TemplateSet::find(const std::string& identifier, const std::string& type) const {
  for (const std::string& key : {identifier, type}) {
    if (const auto found = templates_.find(key); found != templates_.end()) return found->second;
  }
  return templates_.at("default");
}

std::string TemplateSet::fill(std::string_view text, const std::map<std::string, std::string, std::less<>>& values) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t open = text.find("{{"); open != std::string_view::npos; open = text.find("{{", at)) {
    const std::size_t close = text.find("}}", open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    const auto value = values.find(text.substr(open + 2, close - open - 2));
    if (value != values.end()) out += value->second;
    at = close + 2;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace vigil::notify
