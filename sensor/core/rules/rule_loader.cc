// The rules loader: reads files, follows includes once each, merges in order, applies defaults at the end.
#include "rules/rule_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "rules/rule_parser.h"
#include "rules/section_parsers.h"
#include "rules/source_file.h"
#include "rules/yaml_document.h"
#include "rules/yaml_errors.h"
#include "rules/yaml_fields.h"

namespace vigil::rules {
namespace {

constexpr std::array<std::string_view, 9> kTopLevelKeys = {"include",   "home_networks",  "home_networks_file",
                                                           "allowlist", "allowlist_file", "blocklists",
                                                           "defaults",  "sensors",        "rules"};

/// One file on the current include path; `include_at` is where it includes the next one.
struct ChainEntry {
  std::string display;
  std::string identity;
  SourceLocation include_at;
};

/// Accumulates the files of one load in order. Used once, by one thread.
class Loader {
 public:
  common::Result<void> loadFile(const SourceFile& file, const std::string* text);
  std::shared_ptr<const RuleSet> finish();

 private:
  void noteFile(const std::string& display) {
    if (std::find(files_.begin(), files_.end(), display) == files_.end()) files_.push_back(display);
  }
  common::Result<void> loadDocument(const SourceFile& file, const YAML::Node& root);
  common::Result<void> loadIncludes(const SourceFile& file, const Field& field);
  common::Result<void> loadKey(const SourceFile& file, const Field& field);
  common::Result<void> loadBlocklists(const SourceFile& file, const Field& field);
  common::Result<void> loadSensors(const Field& field);
  common::Result<void> loadRules(const Field& field);

  std::vector<ChainEntry> chain_;
  std::set<std::string> loaded_;  // identities of files already read: each is read once
  std::optional<std::vector<net::Prefix>> home_;
  std::vector<net::Prefix> allowlist_;
  std::vector<Blocklist> blocklists_;
  RuleDefaults defaults_;
  std::map<std::string, SensorOverrides, std::less<>> sensors_;
  std::vector<ParsedRule> rules_;
  std::map<std::string, std::size_t, std::less<>> rule_index_;  // id -> position in rules_
  std::vector<std::string> files_;
};

common::Result<void> Loader::loadFile(const SourceFile& file, const std::string* text) {
  std::string owned;
  if (text == nullptr) {
    auto read = readSourceFile(file);
    if (!read.ok()) return common::fail(read.error());
    owned = std::move(*read);
    text = &owned;
  }
  loaded_.insert(file.identity());
  chain_.push_back(ChainEntry{file.display, file.identity(), {}});
  noteFile(file.display);

  auto document = parseYamlDocument(*text, file.display);
  if (!document.ok()) return common::fail(document.error());
  auto done = loadDocument(file, *document);
  if (!done.ok()) return done;
  chain_.pop_back();
  return {};
}

common::Result<void> Loader::loadDocument(const SourceFile& file, const YAML::Node& root) {
  if (!root.IsMap()) {
    return errorAt(locationOf(root, file.display),
                   "a rules file must be a mapping of top-level keys (include, home_networks, allowlist, blocklists, "
                   "defaults, sensors, rules) (got " +
                       describeNode(root) + ")");
  }
  auto fields = mappingFields(file.display, root, kTopLevelKeys, "", "unknown top-level key");
  if (!fields.ok()) return common::fail(fields.error());
  if (findField(*fields, "home_networks") != nullptr) {
    if (const Field* both = findField(*fields, "home_networks_file")) {
      return errorAt(both->keyLocation(),
                     "'home_networks_file' and 'home_networks' in the same file; give the networks one way");
    }
  }
  if (const Field* include = findField(*fields, "include")) {
    auto done = loadIncludes(file, *include);
    if (!done.ok()) return done;
  }
  for (const Field& field : *fields) {
    if (field.name == "include") continue;
    auto done = loadKey(file, field);
    if (!done.ok()) return done;
  }
  return {};
}

common::Result<void> Loader::loadIncludes(const SourceFile& file, const Field& field) {
  auto entries = readList(field, "rules file paths");
  if (!entries.ok()) return common::fail(entries.error());
  for (const YAML::Node& entry : *entries) {
    const SourceLocation at = entryLocation(field, entry);
    if (!entry.IsScalar() || entry.Scalar().empty()) {
      return errorAt(at, "'include' entry must be a file path (got " + describeNode(entry) + ")");
    }
    const SourceFile target = file.resolve(entry.Scalar());
    const std::string identity = target.identity();
    chain_.back().include_at = at;
    for (std::size_t i = 0; i < chain_.size(); ++i) {
      if (chain_[i].identity != identity) continue;
      std::string cycle;
      for (std::size_t j = i; j < chain_.size(); ++j)
        cycle += chain_[j].display + " -> ";
      return errorAt(chain_[i].include_at, "include cycle: " + cycle + chain_[i].display);
    }
    if (loaded_.count(identity) != 0) continue;  // already read via another include: once is enough
    if (static_cast<int>(chain_.size()) >= kMaxIncludeDepth) {
      return errorAt(at, "includes nested deeper than " + std::to_string(kMaxIncludeDepth) + " files");
    }
    auto text = readSourceFile(target);
    if (!text.ok()) return errorAt(at, "include " + quoteText(entry.Scalar()) + ": " + text.error());
    auto done = loadFile(target, &*text);
    if (!done.ok()) return done;
  }
  return {};
}

common::Result<void> Loader::loadKey(const SourceFile& file, const Field& field) {
  if (field.name == "home_networks") {
    auto prefixes = readPrefixList(field, /*non_empty=*/true);
    if (!prefixes.ok()) return common::fail(prefixes.error());
    home_ = std::move(*prefixes);
  } else if (field.name == "home_networks_file") {
    auto contents = readPrefixFileField(field, file, "");
    if (!contents.ok()) return common::fail(contents.error());
    noteFile(contents->display);
    if (contents->prefixes.empty()) {
      return field.error("'home_networks_file' " + quoteText(contents->display) +
                         " lists no prefixes (leave the key out to treat every address as home)");
    }
    home_ = std::move(contents->prefixes);
  } else if (field.name == "allowlist") {
    auto prefixes = readPrefixList(field, /*non_empty=*/false);
    if (!prefixes.ok()) return common::fail(prefixes.error());
    allowlist_.insert(allowlist_.end(), prefixes->begin(), prefixes->end());
  } else if (field.name == "allowlist_file") {
    auto contents = readPrefixFileField(field, file, "");
    if (!contents.ok()) return common::fail(contents.error());
    noteFile(contents->display);
    allowlist_.insert(allowlist_.end(), contents->prefixes.begin(), contents->prefixes.end());
  } else if (field.name == "blocklists") {
    return loadBlocklists(file, field);
  } else if (field.name == "defaults") {
    return parseDefaults(field, defaults_);
  } else if (field.name == "sensors") {
    return loadSensors(field);
  } else if (field.name == "rules") {
    return loadRules(field);
  }
  return {};
}

common::Result<void> Loader::loadBlocklists(const SourceFile& file, const Field& field) {
  auto entries = readList(field, "blocklists ({name, file, ...})");
  if (!entries.ok()) return common::fail(entries.error());
  for (std::size_t i = 0; i < entries->size(); ++i) {
    auto blocklist = parseBlocklist(field, (*entries)[i], i + 1, file);
    if (!blocklist.ok()) return common::fail(blocklist.error());
    noteFile(blocklist->file);
    for (const Blocklist& earlier : blocklists_) {
      if (earlier.name == blocklist->name) {
        return errorAt(blocklist->location, "duplicate blocklist name " + quoteText(earlier.name) + " (first at " +
                                                earlier.location.toString() + ")");
      }
    }
    blocklists_.push_back(std::move(*blocklist));
  }
  return {};
}

common::Result<void> Loader::loadSensors(const Field& field) {
  auto map = readMap(field, "sensor ids to {home_networks, inbound_only}");
  if (!map.ok()) return common::fail(map.error());
  std::set<std::string> seen;
  for (auto it = map->begin(); it != map->end(); ++it) {
    const Field sensor{field.file, it->first, it->second, it->first.IsScalar() ? it->first.Scalar() : ""};
    if (sensor.name.empty()) {
      return errorAt(sensor.keyLocation(), "sensor ids must be plain names (got " + describeNode(sensor.key) + ")");
    }
    if (!seen.insert(sensor.name).second) {
      return errorAt(sensor.keyLocation(), "duplicate sensor " + quoteText(sensor.name) + " in 'sensors'");
    }
    auto overrides = parseSensor(sensor);
    if (!overrides.ok()) return common::fail(overrides.error());
    sensors_.insert_or_assign(sensor.name, std::move(*overrides));  // a later file's entry replaces the whole entry
  }
  return {};
}

common::Result<void> Loader::loadRules(const Field& field) {
  auto entries = readList(field, "rules");
  if (!entries.ok()) return common::fail(entries.error());
  std::map<std::string, SourceLocation, std::less<>> in_this_file;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    auto parsed = parseRule(*field.file, (*entries)[i], i + 1, field.keyLocation());
    if (!parsed.ok()) return common::fail(parsed.error());
    const std::string& id = parsed->rule.id;
    if (const auto first = in_this_file.find(id); first != in_this_file.end()) {
      return errorAt(parsed->rule.location, "duplicate rule id " + quoteText(id) + " (first at line " +
                                                std::to_string(first->second.line) +
                                                "); to change an included rule, redefine it in another file");
    }
    in_this_file.emplace(id, parsed->rule.location);
    if (const auto earlier = rule_index_.find(id); earlier != rule_index_.end()) {
      rules_[earlier->second] = std::move(*parsed);  // an overlay replaces the included rule, in place
    } else {
      rule_index_.emplace(id, rules_.size());
      rules_.push_back(std::move(*parsed));
    }
  }
  return {};
}

std::shared_ptr<const RuleSet> Loader::finish() {
  RuleSet::Parts parts;
  parts.home = std::move(home_);
  parts.allowlist = std::move(allowlist_);
  parts.blocklists = std::move(blocklists_);
  parts.sensors = std::move(sensors_);
  parts.files = std::move(files_);
  parts.rules.reserve(rules_.size());
  for (ParsedRule& parsed : rules_) {
    Rule& rule = parsed.rule;
    if (!parsed.has_severity) rule.severity = defaults_.severity.value_or(kBuiltinSeverity);
    if (!parsed.has_tlp) rule.tlp = defaults_.tlp.value_or(kBuiltinTlp);
    if (!parsed.has_cooldown) rule.cooldown_s = defaults_.cooldown_s.value_or(kBuiltinCooldownSeconds);
    if (!parsed.has_min_duration) rule.min_duration_s = defaults_.min_duration_s.value_or(kBuiltinMinDurationSeconds);
    parts.rules.push_back(std::move(rule));
  }
  return std::make_shared<const RuleSet>(std::move(parts));
}

common::Result<std::shared_ptr<const RuleSet>> load(const SourceFile& root, const std::string* text) {
  // yaml-cpp reports misuse and parse failures by throwing; the loader checks node types before every
  // access, so anything reaching here is unexpected (memory exhaustion, a library bug) but must still
  // become an error rather than escape into the reload path.
  try {
    Loader loader;
    auto done = loader.loadFile(root, text);
    // Messages quote file content and library text; whatever they hold, the result is one line.
    if (!done.ok()) return common::fail(oneLine(done.error()));
    return loader.finish();
  } catch (const YAML::Exception& e) {
    return errorAt(locationOfMark(e.mark, root.display), "YAML: " + oneLine(e.msg));
  } catch (const std::exception& e) {
    return common::fail(oneLine(root.display + ": cannot load rules: " + e.what()));
  }
}

}  // namespace

common::Result<std::shared_ptr<const RuleSet>> loadRuleSet(const std::string& path) {
  return load(SourceFile{path, path}, nullptr);
}

common::Result<std::shared_ptr<const RuleSet>> parseRuleSet(std::string_view yaml, std::string_view display_name,
                                                            const std::string& base_dir) {
  try {
    const std::string display = display_name.empty() ? std::string("<rules>") : std::string(display_name);
    const std::string text(yaml);
    SourceFile root{std::filesystem::path(base_dir) / std::filesystem::path(display).filename(), display};
    return load(root, &text);
  } catch (const std::exception& e) {
    return common::fail(oneLine(std::string(display_name) + ": cannot load rules: " + e.what()));
  }
}

}  // namespace vigil::rules
