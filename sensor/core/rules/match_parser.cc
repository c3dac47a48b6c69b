// The `match:` block of a rule: every key read and cross-checked (flags need tcp, ICMP types need icmp).
#include "rules/match_parser.h"

#include <array>
#include <string>
#include <vector>

#include "rules/duration.h"
#include "rules/yaml_errors.h"

namespace vigil::rules {
namespace {

constexpr std::array<std::string_view, 8> kMatchKeys = {"protocol",    "tcp_flags", "ports",      "source_ports",
                                                        "packet_size", "fragments", "icmp_types", "payload_prefix"};
constexpr std::array<std::string_view, 2> kFlagKeys = {"set", "unset"};
constexpr std::array<std::string_view, 2> kSizeKeys = {"min", "max"};
constexpr int64_t kMaxPacketSize = 65535;

// "80", "1024-65535": one port or an inclusive range.
std::optional<PortRange> parsePortText(std::string_view text, bool& reversed) {
  reversed = false;
  const std::size_t dash = text.find('-');
  const std::string_view first = dash == std::string_view::npos ? text : text.substr(0, dash);
  const std::string_view last = dash == std::string_view::npos ? text : text.substr(dash + 1);
  const std::optional<int64_t> lo = parseInteger(first);
  const std::optional<int64_t> hi = parseInteger(last);
  if (first.empty() || first.front() == '-' || last.empty() || last.front() == '-') return std::nullopt;
  if (!lo.has_value() || !hi.has_value() || *lo > 65535 || *hi > 65535) return std::nullopt;
  if (*lo > *hi) {
    reversed = true;
    return std::nullopt;
  }
  return PortRange{static_cast<uint16_t>(*lo), static_cast<uint16_t>(*hi)};
}

common::Result<std::vector<PortRange>> readPorts(const Field& field) {
  auto entries = readList(field, "ports and \"lo-hi\" ranges");
  if (!entries.ok()) return common::fail(entries.error());
  if (entries->empty()) {
    return field.error("'" + field.name + "' must list at least one port (leave it out to match any port)");
  }
  std::vector<PortRange> ranges;
  for (const YAML::Node& entry : *entries) {
    const SourceLocation at = entryLocation(field, entry);
    bool reversed = false;
    const std::optional<PortRange> range = entry.IsScalar() ? parsePortText(entry.Scalar(), reversed) : std::nullopt;
    if (reversed) {
      return errorAt(at, "'" + field.name + "' entry " + quoteText(entry.Scalar()) +
                             " is an empty range; write the lower port first");
    }
    if (!range.has_value()) {
      return errorAt(at, "'" + field.name + "' entry must be a port 0-65535 or a range such as \"1024-65535\" (got " +
                             describeNode(entry) + ")");
    }
    ranges.push_back(*range);
  }
  return ranges;
}

// Reads one of tcp_flags' `set` / `unset` lists into a mask.
common::Result<uint8_t> readFlagList(const Field& field) {
  auto entries = readList(field, "TCP flag names (" + tcpFlagNames() + ")");
  if (!entries.ok()) return common::fail(entries.error());
  uint8_t mask = 0;
  for (const YAML::Node& entry : *entries) {
    const std::optional<uint8_t> bit = entry.IsScalar() ? parseTcpFlag(entry.Scalar()) : std::nullopt;
    if (!bit.has_value()) {
      return errorAt(entryLocation(field, entry), "'tcp_flags' " + field.name + " entry must be one of " +
                                                      tcpFlagNames() + " (got " + describeNode(entry) + ")");
    }
    mask = static_cast<uint8_t>(mask | *bit);
  }
  return mask;
}

common::Result<void> readTcpFlags(const Field& field, std::string_view rule_where, Match& match) {
  auto map = readMap(field, "set: [flags] and unset: [flags]");
  if (!map.ok()) return common::fail(map.error());
  auto fields = mappingFields(*field.file, *map, kFlagKeys, "in 'tcp_flags' " + std::string(rule_where));
  if (!fields.ok()) return common::fail(fields.error());
  for (const Field& sub : *fields) {
    auto mask = readFlagList(sub);
    if (!mask.ok()) return common::fail(mask.error());
    (sub.name == "set" ? match.flags_set : match.flags_unset) = *mask;
  }
  const uint8_t both = match.flags_set & match.flags_unset;
  if (both != 0) {
    const Field* unset = findField(*fields, "unset");
    return unset->error("TCP flag " + tcpFlagList(both, "/") + " is both set and unset " + std::string(rule_where));
  }
  return {};
}

common::Result<void> readPacketSize(const Field& field, std::string_view rule_where, Match& match) {
  auto map = readMap(field, "min and/or max bytes");
  if (!map.ok()) return common::fail(map.error());
  auto fields = mappingFields(*field.file, *map, kSizeKeys, "in 'packet_size' " + std::string(rule_where));
  if (!fields.ok()) return common::fail(fields.error());
  if (fields->empty()) return field.error("'packet_size' must give min and/or max (in bytes)");
  for (const Field& sub : *fields) {
    auto bytes = readInteger(sub, 0, kMaxPacketSize);
    if (!bytes.ok()) return common::fail(bytes.error());
    (sub.name == "min" ? match.size_min : match.size_max) = static_cast<uint32_t>(*bytes);
  }
  if (match.size_min > match.size_max) {
    return field.error("'packet_size' min " + std::to_string(match.size_min) + " is greater than max " +
                       std::to_string(match.size_max));
  }
  return {};
}

common::Result<void> readIcmpTypes(const Field& field, Match& match) {
  auto entries = readList(field, "ICMP type numbers 0-255");
  if (!entries.ok()) return common::fail(entries.error());
  if (entries->empty()) {
    return field.error("'icmp_types' must list at least one type (leave it out to match any type)");
  }
  for (const YAML::Node& entry : *entries) {
    const std::optional<int64_t> type = entry.IsScalar() ? parseInteger(entry.Scalar()) : std::nullopt;
    if (!type.has_value() || *type < 0 || *type > 255) {
      return errorAt(entryLocation(field, entry),
                     "'icmp_types' entry must be an ICMP type 0-255 (got " + describeNode(entry) + ")");
    }
    match.icmp_types.set(static_cast<std::size_t>(*type));
  }
  return {};
}

common::Result<void> readPayloadPrefix(const Field& field, Match& match) {
  auto text = readScalar(field, "a non-empty string such as \"SSH-\"");
  if (!text.ok()) return common::fail(text.error());
  if (text->size() > kMaxPayloadPrefix) {
    return field.error("'payload_prefix' must be at most " + std::to_string(kMaxPayloadPrefix) + " bytes (got " +
                       std::to_string(text->size()) + ")");
  }
  for (std::size_t i = 0; i < text->size(); ++i)
    match.payload_prefix[i] = static_cast<uint8_t>((*text)[i]);
  match.payload_prefix_len = static_cast<uint8_t>(text->size());
  return {};
}

}  // namespace

common::Result<Match> parseMatch(const Field& field, std::string_view rule_where) {
  auto map = readMap(field, "protocol, tcp_flags, ports, ...");
  if (!map.ok()) return common::fail(map.error());
  auto fields = mappingFields(*field.file, *map, kMatchKeys, "in 'match' " + std::string(rule_where));
  if (!fields.ok()) return common::fail(fields.error());

  Match match;
  for (const Field& sub : *fields) {
    common::Result<void> done;
    if (sub.name == "protocol") {
      auto protocol = readEnum<Protocol>(sub, parseProtocol, protocolNames());
      if (!protocol.ok()) return common::fail(protocol.error());
      match.protocol = *protocol;
    } else if (sub.name == "fragments") {
      auto mode = readEnum<FragmentMode>(sub, parseFragmentMode, fragmentModeNames());
      if (!mode.ok()) return common::fail(mode.error());
      match.fragments = *mode;
    } else if (sub.name == "tcp_flags") {
      done = readTcpFlags(sub, rule_where, match);
    } else if (sub.name == "ports" || sub.name == "source_ports") {
      auto ranges = readPorts(sub);
      if (!ranges.ok()) return common::fail(ranges.error());
      (sub.name == "ports" ? match.ports : match.source_ports) = std::move(*ranges);
    } else if (sub.name == "packet_size") {
      done = readPacketSize(sub, rule_where, match);
    } else if (sub.name == "icmp_types") {
      done = readIcmpTypes(sub, match);
    } else if (sub.name == "payload_prefix") {
      done = readPayloadPrefix(sub, match);
    }
    if (!done.ok()) return common::fail(done.error());
  }

  // Checked after the loop because `protocol` may come after the keys that depend on it.
  const std::string protocol_text(protocolName(match.protocol));
  if (const Field* flags = findField(*fields, "tcp_flags"); flags != nullptr && match.protocol != Protocol::kTcp) {
    return errorAt(flags->keyLocation(), "'tcp_flags' needs protocol: tcp " + std::string(rule_where) +
                                             " (protocol is " + protocol_text + ")");
  }
  if (const Field* types = findField(*fields, "icmp_types"); types != nullptr && match.protocol != Protocol::kIcmp) {
    return errorAt(types->keyLocation(), "'icmp_types' needs protocol: icmp " + std::string(rule_where) +
                                             " (protocol is " + protocol_text + ")");
  }
  return match;
}

}  // namespace vigil::rules
