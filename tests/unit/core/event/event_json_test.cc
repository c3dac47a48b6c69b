// Tests for the event JSON codec: exact lines, key order, escaping, round trips and every rejection of parseEvent.
#include "event/event_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::event {
namespace {

net::IpAddress ip(const char* s) {
  return *net::IpAddress::parse(s);
}

Event fullEvent() {
  Event e;
  e.sensor = "ixp-fra-1";
  e.seq = 42;
  e.time_source_ns = 1700000000123456789ull;
  e.time_observation_ns = 1700000060000000000ull;
  e.taxonomy = "information-gathering";
  e.type = "scanner";
  e.identifier = "scan-horizontal";
  e.source_ip = ip("192.0.2.7");
  e.destination_ip = ip("2001:db8::1");
  e.destination_port = 22;
  e.transport = "tcp";
  e.rule_id = "scan-horizontal-syn";
  e.tlp = "TLP:AMBER";
  e.severity = "medium";
  e.status = "started";
  e.extra = {{"measure", "distinct_destinations"},
             {"value", 150.5},
             {"threshold", 100},
             {"top_peers", {{{"ip", "198.51.100.1"}, {"packets", 7}}}}};
  return e;
}

constexpr const char* kFullLine =
    R"({"event_id":"ixp-fra-1-42","sensor":"ixp-fra-1","seq":42,"time.source":"2023-11-14T22:13:20.123456+00:00",)"
    R"("time.observation":"2023-11-14T22:14:20.000000+00:00","classification.taxonomy":"information-gathering",)"
    R"("classification.type":"scanner","classification.identifier":"scan-horizontal","source.ip":"192.0.2.7",)"
    R"("destination.ip":"2001:db8::1","destination.port":22,"protocol.transport":"tcp",)"
    R"("rule.id":"scan-horizontal-syn","tlp":"TLP:AMBER","severity":"medium","status":"started",)"
    R"("extra":{"measure":"distinct_destinations","value":150.5,"threshold":100,)"
    R"("top_peers":[{"ip":"198.51.100.1","packets":7}]}})";

Event minimalEvent() {
  Event e;
  e.sensor = "s";
  e.seq = 1;
  e.taxonomy = "availability";
  e.type = "ddos";
  e.identifier = "syn-flood";
  e.rule_id = "r";
  e.tlp = "TLP:CLEAR";
  e.severity = "low";
  return e;
}

constexpr const char* kMinimalLine =
    R"({"event_id":"s-1","sensor":"s","seq":1,"time.source":"1970-01-01T00:00:00.000000+00:00",)"
    R"("time.observation":"1970-01-01T00:00:00.000000+00:00","classification.taxonomy":"availability",)"
    R"("classification.type":"ddos","classification.identifier":"syn-flood","rule.id":"r","tlp":"TLP:CLEAR",)"
    R"("severity":"low","extra":{}})";

/// The full event's JSON object with `key` set to `value` (in place, or appended when new).
std::string withField(const std::string& key, const nlohmann::ordered_json& value) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(kFullLine);
  j[key] = value;
  return j.dump();
}

std::string withoutField(const std::string& key) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(kFullLine);
  j.erase(key);
  return j.dump();
}

/// Top-level keys of a JSON line, in order.
std::vector<std::string> keysOf(const std::string& line) {
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(line);
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items())
    keys.push_back(key);
  return keys;
}

std::string errorOf(const std::string& line) {
  const common::Result<Event> r = parseEvent(line);
  return r.ok() ? "(accepted)" : r.error();
}

TEST(EventJsonTest, WritesTheFullEventAsOneExactLine) {
  EXPECT_EQ(toJsonLine(fullEvent()), kFullLine);
}

TEST(EventJsonTest, WritesTheMinimalEventWithoutAbsentFields) {
  EXPECT_EQ(toJsonLine(minimalEvent()), kMinimalLine);
  Event null_extra = minimalEvent();
  null_extra.extra = nullptr;  // never written as null: an empty object
  EXPECT_EQ(toJsonLine(null_extra), kMinimalLine);
}

TEST(EventJsonTest, KeysComeInTheFixedOrderWhateverIsPresent) {
  const std::vector<std::string> all = {"event_id",
                                        "sensor",
                                        "seq",
                                        "time.source",
                                        "time.observation",
                                        "classification.taxonomy",
                                        "classification.type",
                                        "classification.identifier",
                                        "source.ip",
                                        "destination.ip",
                                        "destination.port",
                                        "protocol.transport",
                                        "rule.id",
                                        "tlp",
                                        "severity",
                                        "status",
                                        "extra"};
  EXPECT_EQ(keysOf(toJsonLine(fullEvent())), all);

  Event e = fullEvent();
  e.source_ip.reset();
  e.destination_port.reset();
  e.status.clear();
  std::vector<std::string> expected;
  for (const std::string& k : all) {
    if (k != "source.ip" && k != "destination.port" && k != "status") expected.push_back(k);
  }
  EXPECT_EQ(keysOf(toJsonLine(e)), expected);
}

TEST(EventJsonTest, ExtraKeepsItsOwnInsertionOrder) {
  Event e = minimalEvent();
  e.extra["zeta"] = 1;
  e.extra["alpha"] = 2;
  e.extra["mid"] = nlohmann::ordered_json::object({{"b", 1}, {"a", 2}});
  const std::string line = toJsonLine(e);
  EXPECT_EQ(line.substr(line.find("\"extra\"")), R"("extra":{"zeta":1,"alpha":2,"mid":{"b":1,"a":2}}})");
}

TEST(EventJsonTest, EscapesStringsAndReplacesInvalidUtf8) {
  Event e = minimalEvent();
  e.rule_id =
      "a\"b\\c\nd\te\x01"
      "f/\xc3\xa9\x7f";  // quote, backslash, controls, slash, é, DEL
  e.identifier = "bad-\xff-utf8";
  const std::string line = toJsonLine(e);
  const std::string expected =
      R"({"event_id":"s-1","sensor":"s","seq":1,"time.source":"1970-01-01T00:00:00.000000+00:00",)"
      R"("time.observation":"1970-01-01T00:00:00.000000+00:00","classification.taxonomy":"availability",)"
      R"("classification.type":"ddos","classification.identifier":"bad-)"
      "\xef\xbf\xbd"  // U+FFFD in place of the broken byte
      R"(-utf8","rule.id":"a\"b\\c\nd\te\u0001f/)"
      "\xc3\xa9\x7f"  // UTF-8 and DEL pass as they are
      R"(","tlp":"TLP:CLEAR","severity":"low","extra":{}})";
  EXPECT_EQ(line, expected);
  EXPECT_EQ(line.find('\n'), std::string::npos);  // one line, whatever the strings hold

  const common::Result<Event> back = parseEvent(line);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->rule_id, e.rule_id);
  EXPECT_EQ(back->identifier, "bad-\xef\xbf\xbd-utf8");  // U+FFFD in place of the broken byte
}

TEST(EventJsonTest, ParsesTheFullAndMinimalLinesBackExactly) {
  const common::Result<Event> full = parseEvent(kFullLine);
  ASSERT_TRUE(full.ok()) << full.error();
  Event expected = fullEvent();
  expected.time_source_ns -= 789;  // the wire form keeps microseconds
  EXPECT_EQ(*full, expected);
  EXPECT_EQ(full->eventId(), "ixp-fra-1-42");
  EXPECT_EQ(toJsonLine(*full), kFullLine);

  const common::Result<Event> minimal = parseEvent(kMinimalLine);
  ASSERT_TRUE(minimal.ok()) << minimal.error();
  EXPECT_EQ(*minimal, minimalEvent());
  EXPECT_EQ(toJsonLine(*minimal), kMinimalLine);
}

TEST(EventJsonTest, RoundTripsEveryCombinationOfOptionalFields) {
  struct Class {
    const char* taxonomy;
    const char* type;
    const char* identifier;
  };
  const Class classes[] = {{"information-gathering", "scanner", "scan-vertical"},
                           {"availability", "ddos", "amplification-dns"},
                           {"vulnerable", "ddos-amplifier", "amplification-ntp"},
                           {"intrusion-attempts", "brute-force", "bruteforce-ssh"},
                           {"malicious-code", "infected-system", "c2-contact"},
                           {"abusive-content", "spam", "spam"},
                           {"other", "other", "spoofed-source"}};
  const char* tlps[] = {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"};
  const char* severities[] = {"low", "medium", "high"};
  const char* transports[] = {"tcp", "udp", "icmp"};
  int checked = 0;
  for (unsigned mask = 0; mask < 32; ++mask) {
    for (std::size_t c = 0; c < std::size(classes); ++c) {
      for (std::size_t t = 0; t < std::size(tlps); ++t) {
        Event e;
        e.sensor = "Sensor_A.b-" + std::to_string(mask);
        e.seq = 1 + mask * 1000003ull + c * 7 + t;
        e.time_source_ns = 1600000000000000000ull + mask * 1'000'123'000ull;  // whole microseconds
        e.time_observation_ns = e.time_source_ns + c * 60'000'000'000ull;
        e.taxonomy = classes[c].taxonomy;
        e.type = classes[c].type;
        e.identifier = classes[c].identifier;
        if (mask & 1) e.source_ip = ip(c % 2 ? "203.0.113.9" : "2001:db8:ffff::abcd");
        if (mask & 2) e.destination_ip = ip(t % 2 ? "0.0.0.0" : "::");
        if (mask & 4) e.destination_port = uint16_t(t == 0 ? 0 : t == 1 ? 65535 : 53 + mask);
        if (mask & 8) e.transport = transports[(mask + c) % 3];
        if (mask & 16) e.status = t % 2 ? "update" : "started";
        e.rule_id = classes[c].identifier + std::string("-rule");
        e.tlp = tlps[t];
        e.severity = severities[(mask + t) % 3];
        if (c % 2) {
          e.extra = {{"packets", 18446744073709551615ull},
                     {"ratio", 0.1},
                     {"negative", -5},
                     {"flag", true},
                     {"none", nullptr},
                     {"list", {1, "two", 3.5}}};
        }
        const std::string line = toJsonLine(e);
        const common::Result<Event> back = parseEvent(line);
        ASSERT_TRUE(back.ok()) << back.error() << "\n" << line;
        EXPECT_EQ(*back, e) << line;
        EXPECT_EQ(toJsonLine(*back), line);
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 32 * 7 * 5);
}

TEST(EventJsonTest, AcceptsTrailingWhitespaceAndPortEdges) {
  EXPECT_TRUE(parseEvent(std::string(kFullLine) + "\n").ok());
  EXPECT_TRUE(parseEvent(std::string(kFullLine) + " \t\r\n").ok());
  const common::Result<Event> zero = parseEvent(withField("destination.port", 0));
  ASSERT_TRUE(zero.ok()) << zero.error();
  EXPECT_EQ(zero->destination_port, uint16_t(0));
  const common::Result<Event> top = parseEvent(withField("destination.port", 65535));
  ASSERT_TRUE(top.ok()) << top.error();
  EXPECT_EQ(top->destination_port, uint16_t(65535));
  const common::Result<Event> no_extra = parseEvent(withoutField("extra"));
  ASSERT_TRUE(no_extra.ok()) << no_extra.error();
  EXPECT_EQ(no_extra->extra, nlohmann::ordered_json::object());
}

TEST(EventJsonTest, RejectsWhatIsNotOneJsonObject) {
  EXPECT_EQ(errorOf(""), "event: not valid JSON");
  EXPECT_EQ(errorOf("{"), "event: not valid JSON");
  EXPECT_EQ(errorOf("{'sensor':'s'}"), "event: not valid JSON");
  EXPECT_EQ(errorOf(std::string(kFullLine) + "x"), "event: not valid JSON");  // trailing garbage
  EXPECT_EQ(errorOf(std::string(kFullLine) + kFullLine), "event: not valid JSON");
  EXPECT_EQ(errorOf(std::string(kFullLine) + "\n{}"), "event: not valid JSON");
  std::string broken_utf8 = kFullLine;
  broken_utf8.replace(broken_utf8.find("scan-horizontal-syn"), 4, "\xff\xfe\xfd\xfc");
  EXPECT_EQ(errorOf(broken_utf8), "event: not valid JSON");
  EXPECT_EQ(errorOf("[]"), "event: not a JSON object");
  EXPECT_EQ(errorOf("null"), "event: not a JSON object");
  EXPECT_EQ(errorOf("42"), "event: not a JSON object");
  EXPECT_EQ(errorOf("\"event\""), "event: not a JSON object");
}

TEST(EventJsonTest, RejectsLinesOver64KiB) {
  std::string line = kFullLine;
  line.append(64 * 1024 - line.size(), ' ');
  ASSERT_EQ(line.size(), 65536u);
  EXPECT_TRUE(parseEvent(line).ok());  // exactly the limit
  line.push_back(' ');
  EXPECT_EQ(errorOf(line), "event: longer than 64 KiB");
  EXPECT_EQ(errorOf(std::string(1 << 20, 'x')), "event: longer than 64 KiB");
}

/// The full event with extra = {"a": [[...]]}, `arrays` arrays deep: 2 + arrays levels of nesting in all.
std::string withNestedExtra(int arrays) {
  std::string line = kFullLine;
  const std::size_t at = line.find("\"extra\":");
  return line.substr(0, at) + "\"extra\":{\"a\":" + std::string(arrays, '[') + std::string(arrays, ']') + "}}";
}

TEST(EventJsonTest, RejectsNestingDeeperThan32Levels) {
  const common::Result<Event> deepest = parseEvent(withNestedExtra(30));
  ASSERT_TRUE(deepest.ok()) << deepest.error();
  EXPECT_EQ(toJsonLine(*deepest), withNestedExtra(30));
  EXPECT_EQ(errorOf(withNestedExtra(31)), "event: nested deeper than 32 levels");
  // What a hostile peer could send within 64 KiB; copying it would recurse 32000 times.
  EXPECT_EQ(errorOf(withNestedExtra(32000)), "event: nested deeper than 32 levels");
  EXPECT_EQ(errorOf(std::string(60000, '[')), "event: nested deeper than 32 levels");
}

TEST(EventJsonTest, RejectsUnknownTopLevelKeys) {
  EXPECT_EQ(errorOf(withField("source.port", 1234)), "event: 'source.port' is not an event field");
  EXPECT_EQ(errorOf(withField("Extra", nlohmann::ordered_json::object())), "event: 'Extra' is not an event field");
  EXPECT_EQ(errorOf(withField("", 1)), "event: '' is not an event field");
}

TEST(EventJsonTest, RejectsMissingRequiredFields) {
  EXPECT_EQ(errorOf(withoutField("event_id")), "event: 'event_id' is missing");
  EXPECT_EQ(errorOf(withoutField("sensor")), "event: 'sensor' is missing");
  EXPECT_EQ(errorOf(withoutField("seq")), "event: 'seq' is missing");
  EXPECT_EQ(errorOf(withoutField("time.source")), "event: 'time.source' is missing");
  EXPECT_EQ(errorOf(withoutField("time.observation")), "event: 'time.observation' is missing");
  EXPECT_EQ(errorOf(withoutField("classification.taxonomy")), "event: 'classification.taxonomy' is missing");
  EXPECT_EQ(errorOf(withoutField("classification.type")), "event: 'classification.type' is missing");
  EXPECT_EQ(errorOf(withoutField("classification.identifier")), "event: 'classification.identifier' is missing");
  EXPECT_EQ(errorOf(withoutField("rule.id")), "event: 'rule.id' is missing");
  EXPECT_EQ(errorOf(withoutField("tlp")), "event: 'tlp' is missing");
  EXPECT_EQ(errorOf(withoutField("severity")), "event: 'severity' is missing");
  // The optional ones may go.
  for (const char* optional : {"source.ip", "destination.ip", "destination.port", "protocol.transport", "status"}) {
    EXPECT_TRUE(parseEvent(withoutField(optional)).ok()) << optional;
  }
}

TEST(EventJsonTest, RejectsFieldsOfTheWrongType) {
  for (const char* key : {"event_id", "sensor", "time.source", "time.observation", "classification.taxonomy",
                          "classification.type", "classification.identifier", "source.ip", "destination.ip",
                          "protocol.transport", "rule.id", "tlp", "severity", "status"}) {
    EXPECT_EQ(errorOf(withField(key, 7)), "event: '" + std::string(key) + "' must be a string");
    EXPECT_EQ(errorOf(withField(key, nullptr)), "event: '" + std::string(key) + "' must be a string");
  }
  EXPECT_EQ(errorOf(withField("source.ip", nlohmann::ordered_json::array({"192.0.2.7"}))),
            "event: 'source.ip' must be a string");
  for (const nlohmann::ordered_json& seq :
       {nlohmann::ordered_json("42"), nlohmann::ordered_json(0), nlohmann::ordered_json(-42),
        nlohmann::ordered_json(42.0), nlohmann::ordered_json(nullptr), nlohmann::ordered_json::array()}) {
    EXPECT_EQ(errorOf(withField("seq", seq)), "event: 'seq' must be an integer >= 1") << seq.dump();
  }
  std::string beyond_uint64 = kFullLine;  // 2^64 is read as a floating-point number
  beyond_uint64.replace(beyond_uint64.find("\"seq\":42"), 8, "\"seq\":18446744073709551616");
  EXPECT_EQ(errorOf(beyond_uint64), "event: 'seq' must be an integer >= 1");
  for (const nlohmann::ordered_json& port :
       {nlohmann::ordered_json(65536), nlohmann::ordered_json(-1), nlohmann::ordered_json("22"),
        nlohmann::ordered_json(22.0), nlohmann::ordered_json(nullptr)}) {
    EXPECT_EQ(errorOf(withField("destination.port", port)), "event: 'destination.port' must be an integer 0-65535")
        << port.dump();
  }
  for (const nlohmann::ordered_json& extra : {nlohmann::ordered_json::array(), nlohmann::ordered_json("x"),
                                              nlohmann::ordered_json(nullptr), nlohmann::ordered_json(1)}) {
    EXPECT_EQ(errorOf(withField("extra", extra)), "event: 'extra' must be an object") << extra.dump();
  }
}

TEST(EventJsonTest, RejectsBadSensorIdsAndMismatchedEventIds) {
  EXPECT_EQ(errorOf(withField("sensor", "")), "event: 'sensor' must be 1-64 of [A-Za-z0-9._-]: ''");
  EXPECT_EQ(errorOf(withField("sensor", "ixp fra")), "event: 'sensor' must be 1-64 of [A-Za-z0-9._-]: 'ixp fra'");
  EXPECT_EQ(errorOf(withField("sensor", "a/b")), "event: 'sensor' must be 1-64 of [A-Za-z0-9._-]: 'a/b'");
  const std::string long_id(65, 'a');
  EXPECT_EQ(errorOf(withField("sensor", long_id)), "event: 'sensor' must be 1-64 of [A-Za-z0-9._-]: '" + long_id + "'");
  const std::string max_id(64, 'a');
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(kFullLine);
  j["sensor"] = max_id;
  j["event_id"] = max_id + "-42";
  EXPECT_TRUE(parseEvent(j.dump()).ok());
  EXPECT_EQ(errorOf(withField("event_id", "ixp-fra-1-43")),
            "event: 'event_id' must be 'ixp-fra-1-42' (got 'ixp-fra-1-43')");
  EXPECT_EQ(errorOf(withField("sensor", "ixp-fra-2")), "event: 'event_id' must be 'ixp-fra-2-42' (got 'ixp-fra-1-42')");
}

TEST(EventJsonTest, RejectsBadTimes) {
  EXPECT_EQ(errorOf(withField("time.source", "2023-11-14T22:13:20")),
            "event: 'time.source' is not an RFC 3339 time: '2023-11-14T22:13:20'");
  EXPECT_EQ(errorOf(withField("time.source", "2023-02-29T00:00:00Z")),
            "event: 'time.source' is not an RFC 3339 time: '2023-02-29T00:00:00Z'");
  EXPECT_EQ(errorOf(withField("time.observation", "1969-12-31T23:59:59Z")),
            "event: 'time.observation' is not an RFC 3339 time: '1969-12-31T23:59:59Z'");
  EXPECT_EQ(errorOf(withField("time.observation", "")), "event: 'time.observation' is not an RFC 3339 time: ''");
  const common::Result<Event> offset = parseEvent(withField("time.source", "2023-11-14T23:13:20.5+01:00"));
  ASSERT_TRUE(offset.ok()) << offset.error();
  EXPECT_EQ(offset->time_source_ns, 1700000000500000000ull);
}

TEST(EventJsonTest, RejectsValuesOutsideTheVocabularies) {
  EXPECT_EQ(errorOf(withField("classification.taxonomy", "Information-Gathering")),
            "event: 'classification.taxonomy' is not an RSIT taxonomy: 'Information-Gathering'");
  EXPECT_EQ(errorOf(withField("classification.type", "ddos")),
            "event: 'classification.type' 'ddos' is not a type of information-gathering (one of scanner, sniffing, "
            "social-engineering)");
  EXPECT_EQ(errorOf(withField("classification.type", "blacklist")),
            "event: 'classification.type' 'blacklist' is not a type of information-gathering (one of scanner, "
            "sniffing, social-engineering)");
  EXPECT_EQ(errorOf(withField("classification.identifier", "")), "event: 'classification.identifier' is empty");
  EXPECT_EQ(errorOf(withField("protocol.transport", "TCP")),
            "event: 'protocol.transport' must be tcp, udp or icmp: 'TCP'");
  EXPECT_EQ(errorOf(withField("protocol.transport", "sctp")),
            "event: 'protocol.transport' must be tcp, udp or icmp: 'sctp'");
  for (const char* tlp : {"TLP:WHITE", "tlp:red", "AMBER", "TLP:AMBER+"}) {
    EXPECT_EQ(errorOf(withField("tlp", tlp)),
              "event: 'tlp' must be one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED: '" +
                  std::string(tlp) + "'");
  }
  EXPECT_EQ(errorOf(withField("severity", "critical")), "event: 'severity' must be low, medium or high: 'critical'");
  EXPECT_EQ(errorOf(withField("severity", "High")), "event: 'severity' must be low, medium or high: 'High'");
  EXPECT_EQ(errorOf(withField("status", "ended")), "event: 'status' must be started or update: 'ended'");
}

TEST(EventJsonTest, RejectsBadIpAddresses) {
  EXPECT_EQ(errorOf(withField("source.ip", "1.2.3")), "event: 'source.ip' is not an IP address: '1.2.3'");
  EXPECT_EQ(errorOf(withField("source.ip", "192.0.2.0/24")), "event: 'source.ip' is not an IP address: '192.0.2.0/24'");
  EXPECT_EQ(errorOf(withField("source.ip", "256.0.0.1")), "event: 'source.ip' is not an IP address: '256.0.0.1'");
  EXPECT_EQ(errorOf(withField("destination.ip", "2001:db8::g")),
            "event: 'destination.ip' is not an IP address: '2001:db8::g'");
  EXPECT_EQ(errorOf(withField("destination.ip", "example.org")),
            "event: 'destination.ip' is not an IP address: 'example.org'");
}

TEST(EventJsonTest, NeverThrowsOnTruncatedLines) {
  const std::string line = kFullLine;
  for (std::size_t n = 0; n < line.size(); ++n) {
    EXPECT_FALSE(parseEvent(std::string_view(line).substr(0, n)).ok()) << n;
  }
}

TEST(EventJsonTest, MapsTlpToIntelMqLabels) {
  EXPECT_EQ(tlpForIntelMq("TLP:CLEAR"), "WHITE");
  EXPECT_EQ(tlpForIntelMq("TLP:GREEN"), "GREEN");
  EXPECT_EQ(tlpForIntelMq("TLP:AMBER"), "AMBER");
  EXPECT_EQ(tlpForIntelMq("TLP:AMBER+STRICT"), "AMBER");
  EXPECT_EQ(tlpForIntelMq("TLP:RED"), "RED");
  EXPECT_EQ(tlpForIntelMq("TLP:WHITE"), "AMBER");  // anything unknown is shared as restrictively as AMBER
  EXPECT_EQ(tlpForIntelMq(""), "AMBER");
}

}  // namespace
}  // namespace vigil::event
