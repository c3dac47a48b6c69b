// Table-driven tests: each bad rules file must fail with exactly one expected "file:line:column: ..." line.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "rules/rule_loader.h"

namespace vigil::rules {
namespace {

const std::string kDataDir = VIGIL_SOURCE_DIR "/tests/unit/core/rules/data";

struct BadCase {
  const char* name;
  const char* yaml;
  const char* expected;
};
// gtest prints a parameter's name instead of its bytes.
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

// A valid rule to splice bad keys into; lines 1-7 when it is the whole file.
#define VALID_RULE_HEAD \
  "rules:\n"            \
  "  - id: syn-scan\n"  \
  "    kind: scan-horizontal\n"

const BadCase kInlineCases[] = {
    {"UnknownTopLevelKey", "rule:\n  - id: x\n",
     "rules.yaml:1:1: unknown top-level key 'rule' (did you mean 'rules'?)"},
    {"UnknownTopLevelKeyWithoutSuggestion", "colour: blue\n",
     "rules.yaml:1:1: unknown top-level key 'colour'; expected one of include, home_networks, home_networks_file, "
     "allowlist, allowlist_file, blocklists, defaults, sensors, rules"},
    {"UnknownRuleKeyWithSuggestion",
     VALID_RULE_HEAD "    key: source\n    measure: packets\n    treshold: 10\n    window: 10s\n",
     "rules.yaml:6:5: unknown key 'treshold' in rule 'syn-scan' (did you mean 'threshold'?)"},
    {"UnknownRuleKeyBeforeIdIsKnown", "rules:\n  - kind: spam\n    idd: x\n",
     "rules.yaml:3:5: unknown key 'idd' in rule #1 (did you mean 'id'?)"},
    {"UnknownMatchKey", VALID_RULE_HEAD "    match: {protocol: tcp, port: [22]}\n",
     "rules.yaml:4:28: unknown key 'port' in 'match' in rule 'syn-scan' (did you mean 'ports'?)"},
    {"RulesNotAList", "rules:\n  id: x\n", "rules.yaml:2:3: 'rules' must be a list of rules (got a mapping)"},
    {"RuleEntryNotAMapping", "rules:\n  - syn-scan\n",
     "rules.yaml:2:5: 'rules' entry #1 must be a mapping with id, kind, key, measure, threshold and window (got "
     "'syn-scan')"},
    {"ThresholdIsAList",
     VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: [1, 2]\n    window: 10s\n",
     "rules.yaml:6:16: 'threshold' must be a number such as 100, 0.5, \"10k\" or \"1.5M\" (got a list)"},
    {"MatchIsAList", VALID_RULE_HEAD "    match: [tcp]\n",
     "rules.yaml:4:12: 'match' must be a mapping of protocol, tcp_flags, ports, ... (got a list)"},
    {"EnabledIsNotABool",
     VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 1\n    window: 1\n    enabled: maybe\n",
     "rules.yaml:8:14: 'enabled' must be true or false (got 'maybe')"},
    {"HomeNetworksNotAList", "home_networks: 10.0.0.0/8\n",
     "rules.yaml:1:16: 'home_networks' must be a list of CIDRs such as 192.0.2.0/24 (got '10.0.0.0/8')"},
    {"BadCidr", "home_networks:\n  - 10.0.0.0/8\n  - ten.0.0.0/8\n",
     "rules.yaml:3:5: 'home_networks' entry 'ten.0.0.0/8' is not an IP address or CIDR"},
    {"BadPrefixLength", "home_networks:\n    - 10.0.0.0/33\n",
     "rules.yaml:2:7: 'home_networks' entry '10.0.0.0/33': IPv4 prefix length must be 0-32"},
    {"HostBitsSet", "allowlist: [10.0.0.1/8]\n",
     "rules.yaml:1:13: 'allowlist' entry '10.0.0.1/8' has host bits set (did you mean 10.0.0.0/8?)"},
    {"EmptyHomeNetworks", "home_networks: []\n",
     "rules.yaml:1:16: 'home_networks' must list at least one CIDR (leave it out to treat every address as home)"},
    {"HomeNetworksTwoWays", "home_networks: [10.0.0.0/8]\nhome_networks_file: home.txt\n",
     "rules.yaml:2:1: 'home_networks_file' and 'home_networks' in the same file; give the networks one way"},
    {"DuplicateRuleKey", VALID_RULE_HEAD "    kind: portscan\n",
     "rules.yaml:4:5: duplicate key 'kind' in rule 'syn-scan' (first at line 3)"},
    {"UnknownKindValue", "rules:\n  - id: x\n    kind: portscan\n",
     "rules.yaml:3:11: 'kind' must be one of scan-horizontal, scan-vertical, syn-flood, udp-flood, icmp-flood, "
     "amplification, bruteforce, c2-contact, spam, spoofed-source (got 'portscan')"},
    {"MissingRequiredKey", VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 5\n",
     "rules.yaml:2:5: missing required key 'window' in rule 'syn-scan'"},
    {"MissingId", "rules:\n  - kind: spam\n", "rules.yaml:2:5: missing required key 'id' in rule #1"},
    {"UnknownMeasure", VALID_RULE_HEAD "    key: source\n    measure: pps\n    threshold: 5\n    window: 1\n",
     "rules.yaml:5:14: 'measure' must be one of packets_per_second, bits_per_second, flows_per_second, "
     "distinct_destinations, distinct_sources, distinct_ports, connection_attempts, short_connections, "
     "failed_connections, packets, bytes (got 'pps')"},
    {"UnknownKeyKind", VALID_RULE_HEAD "    key: src\n    measure: packets\n    threshold: 5\n    window: 1\n",
     "rules.yaml:4:10: 'key' must be one of source, destination, source->destination, source->destination:port "
     "(got 'src')"},
    {"UnknownSeverity",
     VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 5\n    window: 1\n    severity: urgent\n",
     "rules.yaml:8:15: 'severity' must be one of low, medium, high (got 'urgent')"},
    {"UnknownTlp", "defaults:\n  tlp: TLP:BLUE\n",
     "rules.yaml:2:8: 'tlp' must be one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED "
     "(got 'TLP:BLUE')"},
    {"BadTaxonomy",
     VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 5\n    window: 1\n"
                     "    classification: {taxonomy: scanning, type: scanner}\n",
     "rules.yaml:8:32: 'taxonomy' must be one of abusive-content, malicious-code, information-gathering, "
     "intrusion-attempts, intrusions, availability, information-content-security, fraud, vulnerable, other, test "
     "(got 'scanning')"},
    {"TypeNotOfTaxonomy",
     VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 5\n    window: 1\n"
                     "    classification:\n      taxonomy: information-gathering\n      type: ddos\n",
     "rules.yaml:10:13: 'type' must be one of scanner, sniffing, social-engineering for taxonomy "
     "'information-gathering' (got 'ddos')"},
    {"BadDuration", VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 5\n    window: ten\n",
     "rules.yaml:7:13: 'window' must be a duration such as 10s, 5m or 1h, or a number of seconds (got 'ten')"},
    {"SubSecondWindow", VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 5\n    window: 500ms\n",
     "rules.yaml:7:13: window must be at least 1s (got '500ms')"},
    {"WindowTooLong", VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 5\n    window: 2h\n",
     "rules.yaml:7:13: window must be at most 1h (got '2h')"},
    {"ZeroCooldown", "defaults:\n  cooldown: 0s\n", "rules.yaml:2:13: cooldown must be at least 1s (got '0s')"},
    {"ThresholdZero", VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 0\n    window: 1\n",
     "rules.yaml:6:16: 'threshold' must be greater than 0 (got '0')"},
    {"ThresholdNegative",
     VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: -1.5k\n    window: 1\n",
     "rules.yaml:6:16: 'threshold' must be greater than 0 (got '-1.5k')"},
    {"ThresholdBadSuffix", VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 10m\n    window: 1\n",
     "rules.yaml:6:16: 'threshold' must be a number such as 100, 0.5, \"10k\" or \"1.5M\" (got '10m')"},
    {"FlagSetAndUnset",
     VALID_RULE_HEAD "    match:\n      protocol: tcp\n      tcp_flags: {set: [syn, ack], unset: [ack]}\n",
     "rules.yaml:6:43: TCP flag ACK is both set and unset in rule 'syn-scan'"},
    {"UnknownFlag", VALID_RULE_HEAD "    match:\n      protocol: tcp\n      tcp_flags: {set: [sin]}\n",
     "rules.yaml:6:25: 'tcp_flags' set entry must be one of fin, syn, rst, psh, ack, urg, ece, cwr (got 'sin')"},
    {"TcpFlagsWithUdp", VALID_RULE_HEAD "    match:\n      tcp_flags: {set: [syn]}\n      protocol: udp\n",
     "rules.yaml:5:7: 'tcp_flags' needs protocol: tcp in rule 'syn-scan' (protocol is udp)"},
    {"TcpFlagsWithoutProtocol", VALID_RULE_HEAD "    match:\n      tcp_flags: {unset: [ack]}\n",
     "rules.yaml:5:7: 'tcp_flags' needs protocol: tcp in rule 'syn-scan' (protocol is any)"},
    {"IcmpTypesWithTcp", VALID_RULE_HEAD "    match: {protocol: tcp, icmp_types: [8]}\n",
     "rules.yaml:4:28: 'icmp_types' needs protocol: icmp in rule 'syn-scan' (protocol is tcp)"},
    {"IcmpTypeOutOfRange", VALID_RULE_HEAD "    match: {protocol: icmp, icmp_types: [8, 300]}\n",
     "rules.yaml:4:45: 'icmp_types' entry must be an ICMP type 0-255 (got '300')"},
    {"ReversedPortRange", VALID_RULE_HEAD "    match:\n      ports: [22, 90-80]\n",
     "rules.yaml:5:19: 'ports' entry '90-80' is an empty range; write the lower port first"},
    {"PortOutOfRange", VALID_RULE_HEAD "    match:\n      source_ports: [70000]\n",
     "rules.yaml:5:22: 'source_ports' entry must be a port 0-65535 or a range such as \"1024-65535\" (got '70000')"},
    {"EmptyPortList", VALID_RULE_HEAD "    match:\n      ports: []\n",
     "rules.yaml:5:14: 'ports' must list at least one port (leave it out to match any port)"},
    {"PacketSizeMinAboveMax", VALID_RULE_HEAD "    match:\n      packet_size: {min: 100, max: 60}\n",
     "rules.yaml:5:20: 'packet_size' min 100 is greater than max 60"},
    {"PayloadPrefixTooLong", VALID_RULE_HEAD "    match:\n      payload_prefix: \"0123456789abcdefg\"\n",
     "rules.yaml:5:23: 'payload_prefix' must be at most 16 bytes (got 17)"},
    {"BadFragmentsMode", VALID_RULE_HEAD "    match: {fragments: never}\n",
     "rules.yaml:4:24: 'fragments' must be one of include, exclude, only (got 'never')"},
    {"BadRuleId", "rules:\n  - id: Syn Scan\n",
     "rules.yaml:2:9: 'id' must be lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, "
     "at most 64 characters (got 'Syn Scan')"},
    {"DuplicateIdInOneFile",
     "rules:\n  - {id: a, kind: spam, key: source, measure: packets, threshold: 1, window: 1}\n"
     "  - {id: a, kind: spam, key: source, measure: bytes, threshold: 1, window: 1}\n",
     "rules.yaml:3:5: duplicate rule id 'a' (first at line 2); to change an included rule, redefine it in another "
     "file"},
    {"IdentifierRequired",
     "rules:\n  - id: amp\n    kind: amplification\n    match: {protocol: udp, source_ports: [5000]}\n"
     "    key: destination\n    measure: bits_per_second\n    threshold: 1G\n    window: 10\n",
     "rules.yaml:2:5: identifier required in rule 'amp': kind amplification takes it from the first "
     "match.source_ports port, which must be one of 53 dns, 123 ntp, 1900 ssdp, 11211 memcached, 389 cldap, 161 "
     "snmp, 19 chargen, 22 ssh, 23 telnet, 3389 rdp, 21 ftp; otherwise set 'identifier'"},
    {"BadIdentifier",
     VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 5\n    window: 1\n    identifier: Scan_1\n",
     "rules.yaml:8:17: 'identifier' must be lower-case letters, digits and '-', starting with a letter or digit, at "
     "most 64 characters (got 'Scan_1')"},
    {"BadConditionName",
     VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 5\n    window: 1\n"
                     "    conditions: {MaxRatio: 0.2}\n",
     "rules.yaml:8:18: condition name 'MaxRatio' in rule 'syn-scan' must be lower-case letters and '_'"},
    {"ConditionNotANumber",
     VALID_RULE_HEAD "    key: source\n    measure: packets\n    threshold: 5\n    window: 1\n"
                     "    conditions: {max_ratio: low}\n",
     "rules.yaml:8:29: 'max_ratio' must be a number such as 100, 0.5, \"10k\" or \"1.5M\" (got 'low')"},
    {"DuplicateBlocklistName", "blocklists:\n  - {name: c2, file: c2_good.txt}\n  - {name: c2, file: c2_good.txt}\n",
     "rules.yaml:3:5: duplicate blocklist name 'c2' (first at rules.yaml:2:5)"},
    {"BlocklistWithoutFile", "blocklists:\n  - name: c2\n    identifier: c2-contact\n",
     "rules.yaml:2:5: missing required key 'file' in blocklist 'c2'"},
    {"BlocklistUnknownKey", "blocklists:\n  - name: c2\n    files: c2_good.txt\n",
     "rules.yaml:3:5: unknown key 'files' in blocklist 'c2' (did you mean 'file'?)"},
    {"SensorFlagNotBool", "sensors:\n  ixp-1:\n    inbound_only: 1\n",
     "rules.yaml:3:19: 'inbound_only' must be true or false (got '1')"},
    {"SensorUnknownKey", "sensors:\n  ixp-1:\n    home: [10.0.0.0/8]\n",
     "rules.yaml:3:5: unknown key 'home' in sensor 'ixp-1'; expected one of home_networks, inbound_only"},
    {"DefaultsUnknownKey", "defaults:\n  severty: high\n",
     "rules.yaml:2:3: unknown key 'severty' in 'defaults' (did you mean 'severity'?)"},
    {"DuplicateTopLevelKey", "rules: []\nrules: []\n", "rules.yaml:2:1: duplicate key 'rules' (first at line 1)"},
    {"YamlSyntax", "rules:\n  - id: [x\n", "rules.yaml:3:1: YAML syntax: end of sequence flow not found"},
    {"BadIndentation", "rules:\n  - id: x\n   kind: spam\n", "rules.yaml:3:4: YAML syntax: end of sequence not found"},
    {"ControlByteInYamlMessageStaysOnOneLine", "rules: \"\\\x01\"\n",
     "rules.yaml:1:11: YAML syntax: unknown escape character: \\x01"},
    {"EmptyFile", "", "rules.yaml: empty rules file"},
    {"CommentsOnly", "# nothing here\n\n", "rules.yaml: empty rules file"},
    {"TopLevelList", "- id: x\n",
     "rules.yaml:1:1: a rules file must be a mapping of top-level keys (include, home_networks, allowlist, "
     "blocklists, defaults, sensors, rules) (got a list)"},
    {"TwoDocuments", "rules: []\n---\nrules: []\n",
     "rules.yaml:3:1: a rules file holds one YAML document; found a second one (remove the '---' separator)"},
    // yaml-cpp 0.7's LoadAll never returns on a stray ',' at document level (found by the fuzzer).
    {"StrayFlowEntryDoesNotHang", " ,ei.clude_inclu", "rules.yaml: empty rules file"},
    {"IncludeNotAList", "include: default.yaml\n",
     "rules.yaml:1:10: 'include' must be a list of rules file paths (got 'default.yaml')"},
};

class BadInlineRules : public testing::TestWithParam<BadCase> {};

TEST_P(BadInlineRules, FailsWithTheExactMessage) {
  const BadCase& c = GetParam();
  auto loaded = parseRuleSet(c.yaml, "rules.yaml", kDataDir + "/bad");
  ASSERT_FALSE(loaded.ok()) << c.name;
  EXPECT_EQ(loaded.error(), c.expected) << c.name;
}

INSTANTIATE_TEST_SUITE_P(RuleLoader, BadInlineRules, testing::ValuesIn(kInlineCases),
                         [](const testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

// File-based cases run from the data directory so messages show short relative paths, as they do
// when an operator runs `vigil-rules check bad/x.yaml`.
class BadRuleFiles : public testing::Test {
 protected:
  void SetUp() override {
    saved_ = std::filesystem::current_path();
    std::filesystem::current_path(kDataDir);
  }
  void TearDown() override { std::filesystem::current_path(saved_); }

  static std::string errorOf(const std::string& path) {
    auto loaded = loadRuleSet(path);
    return loaded.ok() ? std::string("(loaded without error)") : loaded.error();
  }

 private:
  std::filesystem::path saved_;
};

TEST_F(BadRuleFiles, MissingRulesFile) {
  EXPECT_EQ(errorOf("bad/no-such.yaml"), "bad/no-such.yaml: cannot open: No such file or directory");
}

TEST_F(BadRuleFiles, DirectoryInsteadOfFile) {
  EXPECT_EQ(errorOf("bad"), "bad: is a directory");
}

TEST_F(BadRuleFiles, IncludeOfMissingFile) {
  EXPECT_EQ(errorOf("bad/include_missing.yaml"),
            "bad/include_missing.yaml:2:5: include 'nope.yaml': bad/nope.yaml: cannot open: No such file or directory");
}

TEST_F(BadRuleFiles, IncludeCycleNamesTheChain) {
  EXPECT_EQ(errorOf("bad/cycle_a.yaml"),
            "bad/cycle_a.yaml:3:5: include cycle: bad/cycle_a.yaml -> bad/cycle_b.yaml -> bad/cycle_a.yaml");
  EXPECT_EQ(errorOf("bad/cycle_b.yaml"),
            "bad/cycle_b.yaml:2:5: include cycle: bad/cycle_b.yaml -> bad/cycle_a.yaml -> bad/cycle_b.yaml");
}

TEST_F(BadRuleFiles, SelfInclude) {
  EXPECT_EQ(errorOf("bad/self_include.yaml"),
            "bad/self_include.yaml:1:11: include cycle: bad/self_include.yaml -> bad/self_include.yaml");
}

TEST_F(BadRuleFiles, ErrorInsideAnIncludedFileNamesThatFile) {
  EXPECT_EQ(errorOf("bad/error_in_include.yaml"),
            "bad/broken_rule.yaml:5:14: 'measure' must be one of packets_per_second, bits_per_second, "
            "flows_per_second, distinct_destinations, distinct_sources, distinct_ports, connection_attempts, "
            "short_connections, failed_connections, packets, bytes (got 'pps')");
}

TEST_F(BadRuleFiles, EmptyIncludedFile) {
  EXPECT_EQ(errorOf("bad/include_empty.yaml"), "bad/empty.yaml: empty rules file");
  EXPECT_EQ(errorOf("bad/empty.yaml"), "bad/empty.yaml: empty rules file");
}

TEST_F(BadRuleFiles, BlocklistFileBadLineNamesFileAndLine) {
  EXPECT_EQ(errorOf("bad/blocklist_bad_line.yaml"), "bad/c2_bad.txt:3: '1.2.3.999' is not an IP address or CIDR");
}

TEST_F(BadRuleFiles, BlocklistFileMissing) {
  EXPECT_EQ(errorOf("bad/blocklist_missing_file.yaml"),
            "bad/blocklist_missing_file.yaml:3:11: 'file' in blocklist 'c2': bad/missing.txt: cannot open: No such "
            "file or directory");
}

TEST_F(BadRuleFiles, DuplicateBlocklistNameAcrossIncludes) {
  EXPECT_EQ(
      errorOf("bad/dup_blocklist_across.yaml"),
      "bad/dup_blocklist_across.yaml:4:5: duplicate blocklist name 'c2' (first at bad/dup_blocklist_base.yaml:2:5)");
}

TEST(BadRuleCount, TableHasAtLeastThirtyCases) {
  EXPECT_GE(sizeof(kInlineCases) / sizeof(kInlineCases[0]), 30u);
}

}  // namespace
}  // namespace vigil::rules
