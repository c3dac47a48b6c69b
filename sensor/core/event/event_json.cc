// Event JSON codec: ordered writing and field-by-field validated reading.
#include "event/event_json.h"

#include <algorithm>
#include <array>

#include "event/time_format.h"
#include "rules/rsit.h"

namespace vigil::event {
namespace {

constexpr std::size_t kMaxLine = 64 * 1024;
constexpr int kMaxDepth = 32;  // nested objects/arrays, the event itself included
constexpr std::array<std::string_view, 17> kKeys = {
    "event_id", "sensor", "seq", "time.source", "time.observation", "classification.taxonomy",
    "classification.type", "classification.identifier", "source.ip", "destination.ip", "destination.port",
    "protocol.transport", "rule.id", "tlp", "severity", "status", "extra"};
constexpr std::array<std::string_view, 5> kTlp = {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT",
                                                  "TLP:RED"};

common::Error fieldError(std::string_view field, const std::string& what) {
  return common::fail("event: '" + std::string(field) + "' " + what);
}

bool validSensor(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

/// The string field `key`, required or not; error when present with another type.
common::Result<std::string> stringField(const nlohmann::ordered_json& j, std::string_view key, bool required) {
  const auto it = j.find(key);
  if (it == j.end()) {
    if (required) return fieldError(key, "is missing");
    return std::string();
  }
  if (!it->is_string()) return fieldError(key, "must be a string");
  return it->get<std::string>();
}

common::Result<uint64_t> timeField(const nlohmann::ordered_json& j, std::string_view key) {
  common::Result<std::string> s = stringField(j, key, true);
  if (!s) return common::fail(s.error());
  const std::optional<uint64_t> t = parseRfc3339(*s);
  if (!t) return fieldError(key, "is not an RFC 3339 time: '" + *s + "'");
  return *t;
}

common::Result<std::optional<net::IpAddress>> ipField(const nlohmann::ordered_json& j, std::string_view key) {
  common::Result<std::string> s = stringField(j, key, false);
  if (!s) return common::fail(s.error());
  if (s->empty()) return std::optional<net::IpAddress>();
  const std::optional<net::IpAddress> ip = net::IpAddress::parse(*s);
  if (!ip) return fieldError(key, "is not an IP address: '" + *s + "'");
  return ip;
}

}  // namespace

std::string toJsonLine(const Event& e) {
  nlohmann::ordered_json j;
  j["event_id"] = e.eventId();
  j["sensor"] = e.sensor;
  j["seq"] = e.seq;
  j["time.source"] = formatRfc3339(e.time_source_ns);
  j["time.observation"] = formatRfc3339(e.time_observation_ns);
  j["classification.taxonomy"] = e.taxonomy;
  j["classification.type"] = e.type;
  j["classification.identifier"] = e.identifier;
  if (e.source_ip) j["source.ip"] = e.source_ip->toString();
  if (e.destination_ip) j["destination.ip"] = e.destination_ip->toString();
  if (e.destination_port) j["destination.port"] = *e.destination_port;
  if (!e.transport.empty()) j["protocol.transport"] = e.transport;
  j["rule.id"] = e.rule_id;
  j["tlp"] = e.tlp;
  j["severity"] = e.severity;
  if (!e.status.empty()) j["status"] = e.status;
  j["extra"] = e.extra.is_null() ? nlohmann::ordered_json::object() : e.extra;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

common::Result<Event> parseEvent(std::string_view line) {
  if (line.size() > kMaxLine) return common::fail("event: longer than 64 KiB");
  // Copying and writing a parsed value recurse once per level: 64 KiB of '[' would overflow the stack.
  bool too_deep = false;
  const auto limit_depth = [&too_deep](int depth, nlohmann::ordered_json::parse_event_t event,
                                       nlohmann::ordered_json&) {
    using Event = nlohmann::ordered_json::parse_event_t;
    if ((event == Event::object_start || event == Event::array_start) && depth >= kMaxDepth) too_deep = true;
    return !too_deep;
  };
  const nlohmann::ordered_json j =
      nlohmann::ordered_json::parse(line.begin(), line.end(), limit_depth, /*allow_exceptions=*/false);
  if (too_deep) return common::fail("event: nested deeper than 32 levels");
  if (j.is_discarded()) return common::fail("event: not valid JSON");
  if (!j.is_object()) return common::fail("event: not a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) return fieldError(key, "is not an event field");
  }
  Event e;
  auto sensor = stringField(j, "sensor", true);
  if (!sensor) return common::fail(sensor.error());
  if (!validSensor(*sensor)) return fieldError("sensor", "must be 1-64 of [A-Za-z0-9._-]: '" + *sensor + "'");
  e.sensor = *sensor;
  const auto seq = j.find("seq");
  if (seq == j.end()) return fieldError("seq", "is missing");
  if (!seq->is_number_unsigned() || seq->get<uint64_t>() == 0) return fieldError("seq", "must be an integer >= 1");
  e.seq = seq->get<uint64_t>();
  auto id = stringField(j, "event_id", true);
  if (!id) return common::fail(id.error());
  if (*id != e.eventId()) return fieldError("event_id", "must be '" + e.eventId() + "' (got '" + *id + "')");
  auto source_time = timeField(j, "time.source");
  if (!source_time) return common::fail(source_time.error());
  e.time_source_ns = *source_time;
  auto observed = timeField(j, "time.observation");
  if (!observed) return common::fail(observed.error());
  e.time_observation_ns = *observed;
  auto taxonomy = stringField(j, "classification.taxonomy", true);
  if (!taxonomy) return common::fail(taxonomy.error());
  if (!rules::isRsitTaxonomy(*taxonomy)) {
    return fieldError("classification.taxonomy", "is not an RSIT taxonomy: '" + *taxonomy + "'");
  }
  auto type = stringField(j, "classification.type", true);
  if (!type) return common::fail(type.error());
  if (!rules::isRsitType(*taxonomy, *type)) {
    return fieldError("classification.type", "'" + *type + "' is not a type of " + *taxonomy + " (one of " +
                                                 rules::rsitTypeNames(*taxonomy) + ")");
  }
  e.taxonomy = *taxonomy;
  e.type = *type;
  auto identifier = stringField(j, "classification.identifier", true);
  if (!identifier) return common::fail(identifier.error());
  if (identifier->empty()) return fieldError("classification.identifier", "is empty");
  e.identifier = *identifier;
  auto source_ip = ipField(j, "source.ip");
  if (!source_ip) return common::fail(source_ip.error());
  e.source_ip = *source_ip;
  auto destination_ip = ipField(j, "destination.ip");
  if (!destination_ip) return common::fail(destination_ip.error());
  e.destination_ip = *destination_ip;
  if (const auto port = j.find("destination.port"); port != j.end()) {
    if (!port->is_number_unsigned() || port->get<uint64_t>() > 65535) {
      return fieldError("destination.port", "must be an integer 0-65535");
    }
    e.destination_port = uint16_t(port->get<uint64_t>());
  }
  auto transport = stringField(j, "protocol.transport", false);
  if (!transport) return common::fail(transport.error());
  if (!transport->empty() && *transport != "tcp" && *transport != "udp" && *transport != "icmp") {
    return fieldError("protocol.transport", "must be tcp, udp or icmp: '" + *transport + "'");
  }
  e.transport = *transport;
  auto rule = stringField(j, "rule.id", true);
  if (!rule) return common::fail(rule.error());
  e.rule_id = *rule;
  auto tlp = stringField(j, "tlp", true);
  if (!tlp) return common::fail(tlp.error());
  if (std::find(kTlp.begin(), kTlp.end(), *tlp) == kTlp.end()) {
    return fieldError("tlp", "must be one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED: '" + *tlp + "'");
  }
  e.tlp = *tlp;
  auto severity = stringField(j, "severity", true);
  if (!severity) return common::fail(severity.error());
  if (*severity != "low" && *severity != "medium" && *severity != "high") {
    return fieldError("severity", "must be low, medium or high: '" + *severity + "'");
  }
  e.severity = *severity;
  auto status = stringField(j, "status", false);
  if (!status) return common::fail(status.error());
  if (!status->empty() && *status != "started" && *status != "update") {
    return fieldError("status", "must be started or update: '" + *status + "'");
  }
  e.status = *status;
  if (const auto extra = j.find("extra"); extra != j.end()) {
    if (!extra->is_object()) return fieldError("extra", "must be an object");
    e.extra = *extra;
  }
  return e;
}

std::string tlpForIntelMq(std::string_view tlp) {
  if (tlp == "TLP:CLEAR") return "WHITE";
  if (tlp == "TLP:GREEN") return "GREEN";
  if (tlp == "TLP:RED") return "RED";
  return "AMBER";
}

}  // namespace vigil::event
