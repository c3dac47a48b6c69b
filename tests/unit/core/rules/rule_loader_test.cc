// Loading good rules files: includes, overrides, merging, relative paths, defaults, derivations, sensors.
#include "rules/rule_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "net/ip_address.h"

namespace vigil::rules {

// Readable failure output for locations.
void PrintTo(const SourceLocation& location, std::ostream* out) {
  *out << location.toString();
}

namespace {

const std::string kGood = VIGIL_SOURCE_DIR "/tests/unit/core/rules/data/good";

net::IpAddress ip(const char* text) {
  return *net::IpAddress::parse(text);
}

std::shared_ptr<const RuleSet> load(const std::string& path) {
  auto loaded = loadRuleSet(path);
  EXPECT_TRUE(loaded.ok()) << loaded.error();
  return loaded.ok() ? *loaded : nullptr;
}

std::shared_ptr<const RuleSet> parse(const std::string& yaml, const std::string& base_dir = kGood) {
  auto loaded = parseRuleSet(yaml, "inline.yaml", base_dir);
  EXPECT_TRUE(loaded.ok()) << loaded.error();
  return loaded.ok() ? *loaded : nullptr;
}

std::vector<std::string> ids(const RuleSet& set) {
  std::vector<std::string> out;
  for (const Rule& rule : set.rules())
    out.push_back(rule.id);
  return out;
}

/// Changes the working directory for one test and restores it.
class ScopedCwd {
 public:
  explicit ScopedCwd(const std::filesystem::path& dir) : saved_(std::filesystem::current_path()) {
    std::filesystem::current_path(dir);
  }
  ~ScopedCwd() { std::filesystem::current_path(saved_); }

 private:
  std::filesystem::path saved_;
};

TEST(RuleLoaderTest, OverlayExampleFromTheBriefWorksAsWritten) {
  auto set = load(kGood + "/overlay.yaml");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(ids(*set), (std::vector<std::string>{"syn-scan", "ssh-bruteforce", "ntp-amplification", "udp-flood"}));
  ASSERT_EQ(set->blocklists().size(), 1u);
  const Blocklist& c2 = set->blocklists()[0];
  EXPECT_EQ(c2.name, "c2");
  EXPECT_EQ(c2.file, kGood + "/c2.txt");
  EXPECT_EQ(c2.identifier, "c2-contact");
  EXPECT_EQ(c2.classification, (Classification{"malicious-code", "infected-system"}));
  EXPECT_EQ(c2.severity, Severity::kHigh);
  EXPECT_EQ(c2.tlp, Tlp::kAmber);
  EXPECT_EQ(c2.entries, 3u);
  EXPECT_EQ(c2.location, (SourceLocation{kGood + "/overlay.yaml", 4, 5}));
  EXPECT_TRUE(c2.prefixes.contains(ip("198.51.100.7")));
  EXPECT_TRUE(c2.prefixes.contains(ip("203.0.113.15")));
  EXPECT_FALSE(c2.prefixes.contains(ip("203.0.113.16")));
  EXPECT_TRUE(c2.prefixes.contains(ip("2001:db8:bad::1")));
  EXPECT_EQ(set->blocklistEntryCount(), 3u);
  EXPECT_EQ(set->files(),
            (std::vector<std::string>{kGood + "/overlay.yaml", kGood + "/default.yaml", kGood + "/c2.txt"}));
}

TEST(RuleLoaderTest, RelativePathsResolveAgainstTheIncludingFileFromAnyCwd) {
  const std::filesystem::path elsewhere = std::filesystem::temp_directory_path();
  {
    ScopedCwd cwd(elsewhere);
    auto set = load(kGood + "/sub/nested.yaml");
    ASSERT_NE(set, nullptr);
    EXPECT_EQ(set->rules().size(), 4u);
    ASSERT_EQ(set->blocklists().size(), 1u);
    EXPECT_EQ(set->blocklists()[0].file, kGood + "/c2.txt");
    EXPECT_EQ(set->blocklists()[0].entries, 3u);
  }
  {
    ScopedCwd cwd(kGood + "/sub");
    auto set = load("nested.yaml");
    ASSERT_NE(set, nullptr);
    EXPECT_EQ(set->files(), (std::vector<std::string>{"nested.yaml", "../default.yaml", "../c2.txt"}));
    EXPECT_EQ(set->rules()[0].location, (SourceLocation{"../default.yaml", 10, 5}));
  }
}

TEST(RuleLoaderTest, SameIdInALaterFileReplacesTheRuleInPlace) {
  auto set = load(kGood + "/tuned.yaml");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(ids(*set),
            (std::vector<std::string>{"syn-scan", "ssh-bruteforce", "ntp-amplification", "udp-flood", "icmp-flood"}));
  const Rule* syn_scan = set->findRule("syn-scan");
  ASSERT_NE(syn_scan, nullptr);
  EXPECT_EQ(syn_scan->threshold, 1000);
  EXPECT_EQ(syn_scan->window_s, 120u);
  EXPECT_EQ(syn_scan->location, (SourceLocation{kGood + "/tuned.yaml", 12, 5}));
  // The replacement omits cooldown, so it takes the defaults' 10m, not the replaced rule's 300.
  EXPECT_EQ(syn_scan->cooldown_s, 600u);
}

TEST(RuleLoaderTest, LaterScalarKeysWinAndListsAddUp) {
  auto set = load(kGood + "/tuned.yaml");
  ASSERT_NE(set, nullptr);
  EXPECT_FALSE(set->homeIsEverything());
  ASSERT_EQ(set->homePrefixes().size(), 1u);
  EXPECT_EQ(set->homePrefixes()[0].toString(), "198.51.100.0/24");
  EXPECT_TRUE(set->home().contains(ip("198.51.100.1")));
  EXPECT_FALSE(set->home().contains(ip("192.0.2.1")));
  ASSERT_EQ(set->allowlistPrefixes().size(), 2u);
  EXPECT_EQ(set->allowlistPrefixes()[0].toString(), "192.0.2.53/32");
  EXPECT_EQ(set->allowlistPrefixes()[1].toString(), "203.0.113.7/32");
  EXPECT_TRUE(set->allowlist().contains(ip("192.0.2.53")));
  EXPECT_TRUE(set->allowlist().contains(ip("203.0.113.7")));
  EXPECT_FALSE(set->allowlist().contains(ip("203.0.113.8")));
}

TEST(RuleLoaderTest, DefaultsMergeKeyByKeyAndCoverIncludedRules) {
  auto set = load(kGood + "/tuned.yaml");
  ASSERT_NE(set, nullptr);
  const Rule* ssh = set->findRule("ssh-bruteforce");
  ASSERT_NE(ssh, nullptr);
  EXPECT_EQ(ssh->severity, Severity::kHigh);  // tuned.yaml defaults
  EXPECT_EQ(ssh->tlp, Tlp::kGreen);           // tuned.yaml defaults
  EXPECT_EQ(ssh->cooldown_s, 600u);           // default.yaml defaults, not overridden
  EXPECT_EQ(ssh->min_duration_s, 0u);         // built in
  const Rule* icmp = set->findRule("icmp-flood");
  ASSERT_NE(icmp, nullptr);
  EXPECT_EQ(icmp->severity, Severity::kLow);  // explicit beats defaults
  EXPECT_EQ(set->findRule("ntp-amplification")->min_duration_s, 30u);
}

TEST(RuleLoaderTest, BuiltInDefaultsWithoutADefaultsBlock) {
  auto set = parse("rules:\n  - {id: s, kind: spam, key: source, measure: packets, threshold: 10, window: 10}\n");
  ASSERT_NE(set, nullptr);
  const Rule& rule = set->rules()[0];
  EXPECT_EQ(rule.severity, Severity::kMedium);
  EXPECT_EQ(rule.tlp, Tlp::kAmber);
  EXPECT_EQ(rule.cooldown_s, 300u);
  EXPECT_EQ(rule.min_duration_s, 0u);
  EXPECT_TRUE(rule.enabled);
  EXPECT_EQ(rule.identifier, "spam");
  EXPECT_EQ(rule.classification, (Classification{"abusive-content", "spam"}));
  EXPECT_EQ(rule.match.protocol, Protocol::kAny);
  EXPECT_TRUE(set->homeIsEverything());
  EXPECT_TRUE(set->home().contains(ip("8.8.8.8")));
  EXPECT_TRUE(set->home().contains(ip("2001:4860::8888")));
}

TEST(RuleLoaderTest, IdentifiersAndClassificationsDerivedPerKind) {
  struct Expected {
    const char* kind;
    const char* match;
    const char* identifier;
    Classification classification;
  };
  const Expected cases[] = {
      {"scan-horizontal", "{}", "scan-horizontal", {"information-gathering", "scanner"}},
      {"scan-vertical", "{}", "scan-vertical", {"information-gathering", "scanner"}},
      {"syn-flood", "{}", "syn-flood", {"availability", "ddos"}},
      {"udp-flood", "{}", "udp-flood", {"availability", "ddos"}},
      {"icmp-flood", "{}", "icmp-flood", {"availability", "ddos"}},
      {"c2-contact", "{}", "c2-contact", {"malicious-code", "infected-system"}},
      {"spam", "{}", "spam", {"abusive-content", "spam"}},
      {"spoofed-source", "{}", "spoofed-source", {"other", "other"}},
      {"amplification", "{source_ports: [53]}", "amplification-dns", {"availability", "ddos"}},
      {"amplification", "{source_ports: [123]}", "amplification-ntp", {"availability", "ddos"}},
      {"amplification", "{source_ports: [1900, 53]}", "amplification-ssdp", {"availability", "ddos"}},
      {"amplification", "{source_ports: [11211]}", "amplification-memcached", {"availability", "ddos"}},
      {"amplification", "{source_ports: [389]}", "amplification-cldap", {"availability", "ddos"}},
      {"amplification", "{source_ports: [161]}", "amplification-snmp", {"availability", "ddos"}},
      {"amplification", "{source_ports: [19]}", "amplification-chargen", {"availability", "ddos"}},
      {"bruteforce", "{ports: [22]}", "bruteforce-ssh", {"intrusion-attempts", "brute-force"}},
      {"bruteforce", "{ports: [23, 2323]}", "bruteforce-telnet", {"intrusion-attempts", "brute-force"}},
      {"bruteforce", "{ports: [3389]}", "bruteforce-rdp", {"intrusion-attempts", "brute-force"}},
      {"bruteforce", "{ports: [21]}", "bruteforce-ftp", {"intrusion-attempts", "brute-force"}},
      {"bruteforce", "{payload_prefix: SSH-}", "bruteforce-ssh", {"intrusion-attempts", "brute-force"}},
  };
  for (const Expected& c : cases) {
    const std::string yaml = std::string("rules:\n  - id: r\n    kind: ") + c.kind + "\n    match: " + c.match +
                             "\n    key: source\n    measure: packets\n    threshold: 1\n    window: 1\n";
    auto set = parse(yaml);
    ASSERT_NE(set, nullptr) << yaml;
    EXPECT_EQ(set->rules()[0].identifier, c.identifier) << yaml;
    EXPECT_EQ(set->rules()[0].classification, c.classification) << yaml;
  }
}

TEST(RuleLoaderTest, EveryKeyParsesToTheExactValues) {
  auto set = load(kGood + "/all_keys.yaml");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->rules().size(), 7u);
  EXPECT_EQ(set->disabledRuleCount(), 1u);

  const Rule* vscan = set->findRule("vscan.tcp_1");
  ASSERT_NE(vscan, nullptr);
  EXPECT_FALSE(vscan->enabled);
  EXPECT_EQ(vscan->kind, Kind::kScanVertical);
  EXPECT_EQ(vscan->description, "One host probing many ports of another.");
  EXPECT_EQ(vscan->match.protocol, Protocol::kTcp);
  EXPECT_EQ(vscan->match.flags_set, decode::kTcpSyn);
  EXPECT_EQ(vscan->match.flags_unset, decode::kTcpAck | decode::kTcpRst | decode::kTcpFin);
  EXPECT_EQ(vscan->match.ports, (std::vector<PortRange>{{1, 1023}, {3389, 3389}, {8000, 8080}}));
  EXPECT_EQ(vscan->match.source_ports, (std::vector<PortRange>{{1024, 65535}}));
  EXPECT_EQ(vscan->match.size_min, 40u);
  EXPECT_EQ(vscan->match.size_max, 100u);
  EXPECT_EQ(vscan->match.fragments, FragmentMode::kExclude);
  EXPECT_EQ(vscan->key, KeyKind::kSourceDestination);
  EXPECT_EQ(vscan->measure, Measure::kDistinctPorts);
  EXPECT_EQ(vscan->threshold, 100);
  EXPECT_EQ(vscan->window_s, 60u);
  EXPECT_EQ(vscan->min_duration_s, 0u);  // explicit 0 beats the defaults' 15s
  EXPECT_EQ(vscan->cooldown_s, 120u);
  EXPECT_EQ(vscan->severity, Severity::kHigh);
  EXPECT_EQ(vscan->tlp, Tlp::kAmberStrict);
  EXPECT_EQ(vscan->identifier, "scan-vertical");
  EXPECT_EQ(vscan->location, (SourceLocation{kGood + "/all_keys.yaml", 27, 5}));
  EXPECT_EQ(vscan->match_location, (SourceLocation{kGood + "/all_keys.yaml", 30, 5}));
  EXPECT_EQ(vscan->key_location, (SourceLocation{kGood + "/all_keys.yaml", 39, 10}));
  EXPECT_EQ(vscan->measure_location, (SourceLocation{kGood + "/all_keys.yaml", 40, 14}));

  const Rule* telnet = set->findRule("telnet-bruteforce");
  ASSERT_NE(telnet, nullptr);
  EXPECT_EQ(telnet->key, KeyKind::kSourceDestinationPort);
  EXPECT_EQ(telnet->identifier, "bruteforce-telnet");
  EXPECT_EQ(telnet->window_s, 300u);
  EXPECT_EQ(telnet->severity, Severity::kLow);  // defaults
  EXPECT_EQ(telnet->tlp, Tlp::kClear);          // defaults, written tlp:white
  EXPECT_EQ(telnet->cooldown_s, 3600u);
  EXPECT_EQ(telnet->min_duration_s, 15u);

  const Rule* frag = set->findRule("frag-flood");
  ASSERT_NE(frag, nullptr);
  EXPECT_EQ(frag->identifier, "fragment-flood");
  EXPECT_EQ(frag->match.fragments, FragmentMode::kOnly);
  EXPECT_EQ(frag->threshold, 2e9);
  EXPECT_EQ(frag->window_s, 3600u);
  ASSERT_EQ(frag->conditions.size(), 1u);
  EXPECT_EQ(frag->conditions[0].first, "min_sources");
  EXPECT_EQ(frag->conditions[0].second, 1000);

  EXPECT_EQ(set->findRule("spam-out")->threshold, 0.5);
  const Rule* beacons = set->findRule("c2-beacons");
  ASSERT_NE(beacons, nullptr);
  EXPECT_EQ(beacons->match.payloadPrefix(), std::string("\x16\x03"));
  EXPECT_EQ(set->findRule("many-sources")->threshold, 10000);

  ASSERT_EQ(set->blocklists().size(), 2u);
  const Blocklist& phishing = set->blocklists()[1];
  EXPECT_EQ(phishing.identifier, "phishing-contact");
  EXPECT_EQ(phishing.classification, (Classification{"fraud", "phishing"}));
  EXPECT_EQ(phishing.severity, Severity::kMedium);
  EXPECT_EQ(phishing.tlp, Tlp::kRed);

  EXPECT_EQ(set->homePrefixes().size(), 3u);
  EXPECT_TRUE(set->home().contains(ip("198.51.100.100")));
  EXPECT_FALSE(set->home().contains(ip("198.51.100.200")));
  EXPECT_EQ(set->allowlistPrefixes().size(), 3u);
  EXPECT_TRUE(set->allowlist().contains(ip("192.0.2.2")));
  EXPECT_EQ(set->files(), (std::vector<std::string>{kGood + "/all_keys.yaml", kGood + "/home.txt", kGood + "/allow.txt",
                                                    kGood + "/c2.txt"}));
}

TEST(RuleLoaderTest, ConditionsKeepTheirLocations) {
  auto set = load(kGood + "/default.yaml");
  ASSERT_NE(set, nullptr);
  const Rule* amp = set->findRule("ntp-amplification");
  ASSERT_NE(amp, nullptr);
  ASSERT_EQ(amp->conditions.size(), 2u);
  EXPECT_EQ(amp->conditions[0], (std::pair<std::string, double>{"min_reflectors", 5}));
  EXPECT_EQ(amp->conditions[1], (std::pair<std::string, double>{"max_reply_ratio", 0.2}));
  ASSERT_EQ(amp->condition_locations.size(), 2u);
  EXPECT_EQ(amp->condition_locations[0], (SourceLocation{kGood + "/default.yaml", 41, 7}));
  EXPECT_EQ(amp->condition_locations[1], (SourceLocation{kGood + "/default.yaml", 42, 7}));
  EXPECT_EQ(amp->condition("max_reply_ratio", 1.0), 0.2);
  EXPECT_EQ(amp->condition("absent", 7.0), 7.0);
  EXPECT_EQ(amp->threshold, 1.5e6);
  EXPECT_EQ(amp->match.size_min, 200u);
  EXPECT_EQ(amp->match.size_max, kNoSizeLimit);
}

TEST(RuleLoaderTest, SensorsOverrideHomeAndLaterFilesReplaceAnEntry) {
  auto all = load(kGood + "/all_keys.yaml");
  ASSERT_NE(all, nullptr);
  const SensorOverrides* edge1 = all->sensor("edge-1");
  ASSERT_NE(edge1, nullptr);
  EXPECT_TRUE(edge1->inbound_only);
  ASSERT_TRUE(edge1->home.has_value());
  EXPECT_TRUE(all->homeFor("edge-1").contains(ip("192.0.2.100")));
  EXPECT_FALSE(all->homeFor("edge-1").contains(ip("192.0.2.200")));
  EXPECT_TRUE(all->homeFor("edge-2").contains(ip("192.0.2.200")));  // falls back to home()
  EXPECT_FALSE(all->sensor("edge-2")->inbound_only);
  EXPECT_EQ(all->sensor("unknown"), nullptr);
  EXPECT_TRUE(all->homeFor("unknown").contains(ip("198.51.100.1")));

  auto overlay = parse("include: [tuned.yaml]\nsensors:\n  ixp-1: {home_networks: [203.0.113.0/24]}\n");
  ASSERT_NE(overlay, nullptr);
  const SensorOverrides* ixp = overlay->sensor("ixp-1");
  ASSERT_NE(ixp, nullptr);
  EXPECT_FALSE(ixp->inbound_only);  // the whole entry was replaced
  EXPECT_TRUE(overlay->homeFor("ixp-1").contains(ip("203.0.113.9")));
}

TEST(RuleLoaderTest, AFileIncludedTwiceIsReadOnce) {
  // overlay.yaml includes default.yaml again: it must not count as a duplicate or a cycle.
  auto set = parse("include:\n  - default.yaml\n  - overlay.yaml\n");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->rules().size(), 4u);
  EXPECT_EQ(set->blocklists().size(), 1u);
  EXPECT_EQ(set->files(), (std::vector<std::string>{"inline.yaml", "default.yaml", "overlay.yaml", "c2.txt"}));
}

TEST(RuleLoaderTest, BlocklistOnlySetHasNoRulesAndEveryAddressIsHome) {
  auto set = load(kGood + "/blocklist_only.yaml");
  ASSERT_NE(set, nullptr);
  EXPECT_TRUE(set->rules().empty());
  EXPECT_TRUE(set->homeIsEverything());
  EXPECT_TRUE(set->homePrefixes().empty());
  EXPECT_EQ(set->blocklists().size(), 1u);
}

TEST(RuleLoaderTest, TlpSpellings) {
  auto set = parse(
      "defaults: {tlp: tlp:amber+strict}\n"
      "rules:\n"
      "  - {id: a, kind: spam, key: source, measure: packets, threshold: 1, window: 1, tlp: TLP:WHITE}\n"
      "  - {id: b, kind: spam, key: source, measure: packets, threshold: 1, window: 1, tlp: Tlp:Red}\n"
      "  - {id: c, kind: spam, key: source, measure: packets, threshold: 1, window: 1}\n");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->rules()[0].tlp, Tlp::kClear);
  EXPECT_EQ(set->rules()[1].tlp, Tlp::kRed);
  EXPECT_EQ(set->rules()[2].tlp, Tlp::kAmberStrict);
}

TEST(RuleLoaderTest, DocumentMarkersAroundOneDocumentAreFine) {
  for (const char* yaml : {"rules: []\n---\n", "---\nrules: []\n...\n", "---\nrules: []\n---\n# end\n"}) {
    auto set = parse(yaml);
    ASSERT_NE(set, nullptr) << yaml;
    EXPECT_TRUE(set->rules().empty()) << yaml;
  }
}

TEST(RuleLoaderTest, IncludesFromAnEmptyBaseDirFailCleanly) {
  const std::filesystem::path empty = std::filesystem::temp_directory_path() / "vigil_rules_empty_base";
  std::filesystem::create_directories(empty);
  auto loaded = parseRuleSet("include: [default.yaml]\n", "fuzz.yaml", empty.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error(),
            "fuzz.yaml:1:11: include 'default.yaml': default.yaml: cannot open: No such file or directory");
}

}  // namespace
}  // namespace vigil::rules
