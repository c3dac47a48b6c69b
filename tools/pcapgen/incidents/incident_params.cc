// IncidentParams: value checking and error messages for incident keys.
#include "pcapgen/incidents/incident_params.h"

#include "pcapgen/traffic/value_text.h"

namespace vigil::pcapgen {

void IncidentParams::fail(const std::string& message) {
  if (error_.empty()) {
    error_ = "incident " + std::to_string(index_) + " (" + std::string(incidentKindName(spec_.kind)) + "): " + message;
  }
}

void IncidentParams::badValue(std::string_view key, const std::string& value, std::string_view expected) {
  fail(std::string(key) + "=" + value + ": expected " + std::string(expected));
}

uint64_t IncidentParams::count(std::string_view key, uint64_t def, uint64_t lo, uint64_t hi) {
  const std::string* text = spec_.find(key);
  if (text == nullptr) return def;
  const auto v = parseCount(*text);
  if (!v || *v < lo || *v > hi) {
    badValue(key, *text, "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return def;
  }
  return *v;
}

double IncidentParams::number(std::string_view key, double def, double lo, double hi) {
  const std::string* text = spec_.find(key);
  if (text == nullptr) return def;
  const auto v = parseNumber(*text);
  if (!v || *v < lo || *v > hi) {
    badValue(key, *text, "a number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return def;
  }
  return *v;
}

bool IncidentParams::flag(std::string_view key, bool def) {
  const std::string* text = spec_.find(key);
  if (text == nullptr) return def;
  const auto v = parseFlag(*text);
  if (!v) {
    badValue(key, *text, "true or false");
    return def;
  }
  return *v;
}

net::IpAddress IncidentParams::address(std::string_view key, const net::IpAddress& def) {
  const std::string* text = spec_.find(key);
  if (text == nullptr) return def;
  const auto v = net::IpAddress::parse(*text);
  if (!v) {
    badValue(key, *text, "an IPv4 or IPv6 address");
    return def;
  }
  return *v;
}

AddressBlock IncidentParams::block(std::string_view key, const AddressBlock& def) {
  const std::string* text = spec_.find(key);
  if (text == nullptr) return def;
  const auto v = AddressBlock::parse(*text);
  if (!v) {
    badValue(key, *text, "an address or CIDR block");
    return def;
  }
  return *v;
}

std::string IncidentParams::choice(std::string_view key, std::string_view def,
                                   std::initializer_list<std::string_view> allowed) {
  const std::string* text = spec_.find(key);
  if (text == nullptr) return std::string(def);
  std::string list;
  for (std::string_view a : allowed) {
    if (*text == a) return *text;
    list += (list.empty() ? "" : " | ") + std::string(a);
  }
  badValue(key, *text, list);
  return std::string(def);
}

std::vector<uint16_t> IncidentParams::ports(std::string_view key, std::string_view def) {
  const std::string* text = spec_.find(key);
  auto v = parsePortList(text != nullptr ? std::string_view(*text) : def);
  if (!v) {
    badValue(key, text != nullptr ? *text : std::string(def), "ports 1-65535 as a list/ranges, e.g. 22,80,8000-8100");
    return {};
  }
  return *v;
}

std::pair<uint32_t, uint32_t> IncidentParams::range(std::string_view key, std::pair<uint32_t, uint32_t> def,
                                                    uint32_t lo, uint32_t hi) {
  const std::string* text = spec_.find(key);
  if (text == nullptr) return def;
  const auto v = parseRange(*text);
  if (!v || v->first < lo || v->second > hi) {
    badValue(key, *text, "N or MIN-MAX within " + std::to_string(lo) + "-" + std::to_string(hi));
    return def;
  }
  return *v;
}

}  // namespace vigil::pcapgen
