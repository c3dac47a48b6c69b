// Error-message helpers for the rules loader: locations, value descriptions, quoting, edit distance.
#include "rules/yaml_errors.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace vigil::rules {
namespace {

constexpr std::size_t kMaxQuoted = 60;

}  // namespace

SourceLocation locationOf(const YAML::Node& node, const std::string& file) {
  if (!node.IsDefined()) return SourceLocation{file, 0, 0};
  return locationOfMark(node.Mark(), file);
}

SourceLocation locationOfMark(const YAML::Mark& mark, const std::string& file) {
  if (mark.line < 0 || mark.column < 0) return SourceLocation{file, 0, 0};
  return SourceLocation{file, mark.line + 1, mark.column + 1};  // yaml-cpp counts from 0, editors from 1
}

common::Error errorAt(const SourceLocation& at, std::string_view message) {
  std::string text = at.toString();
  text += ": ";
  text += message;
  return common::fail(std::move(text));
}

std::string describeNode(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return quoteText(node.Scalar());
}

std::string quoteText(std::string_view text) {
  std::string out = "'";
  std::size_t shown = 0;
  for (char c : text) {
    if (shown == kMaxQuoted) {
      out += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += c;
    }
    ++shown;
  }
  out += '\'';
  return out;
}

std::string oneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

std::size_t editDistance(std::string_view a, std::string_view b) {
  // Three rolling rows are enough for adjacent transpositions ("treshold"/"threshold" is 1, "measrue" 1).
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string didYouMean(std::string_view word, std::span<const std::string_view> candidates) {
  // Long input would only waste time and never be a near miss of our short key names.
  if (word.empty() || word.size() > 64) return {};
  const std::size_t limit = word.size() <= 4 ? 1 : 2;
  std::string_view best;
  std::size_t best_distance = limit + 1;
  for (std::string_view candidate : candidates) {
    const std::size_t distance = editDistance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  if (best.empty()) return {};
  return " (did you mean '" + std::string(best) + "'?)";
}

std::string joinNames(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace vigil::rules
