// IncidentParams: typed, range-checked access to an incident's key=value pairs, with defaults.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/ip_address.h"
#include "pcapgen/incidents/incident_spec.h"
#include "pcapgen/traffic/address_block.h"

namespace vigil::pcapgen {

/// Each getter returns the parsed value, or `def` when the key is absent. A bad value records an
/// error naming the incident, key and problem (the first one wins) and returns `def`, so a
/// constructor reads all its keys and checks ok() once. Start-up only; allocates freely.
class IncidentParams {
 public:
  IncidentParams(const IncidentSpec& spec, uint32_t index) : spec_(spec), index_(index) {}

  uint32_t index() const noexcept { return index_; }
  IncidentKind kind() const noexcept { return spec_.kind; }
  bool has(std::string_view key) const noexcept { return spec_.find(key) != nullptr; }

  uint64_t count(std::string_view key, uint64_t def, uint64_t lo, uint64_t hi);
  double number(std::string_view key, double def, double lo, double hi);
  bool flag(std::string_view key, bool def);
  uint16_t port(std::string_view key, uint16_t def) {
    return static_cast<uint16_t>(count(key, def, def == 0 ? 0 : 1, 65535));
  }
  net::IpAddress address(std::string_view key, const net::IpAddress& def);
  AddressBlock block(std::string_view key, const AddressBlock& def);
  std::string choice(std::string_view key, std::string_view def, std::initializer_list<std::string_view> allowed);
  std::vector<uint16_t> ports(std::string_view key, std::string_view def);
  std::pair<uint32_t, uint32_t> range(std::string_view key, std::pair<uint32_t, uint32_t> def, uint32_t lo,
                                      uint32_t hi);

  /// Records a problem (if none yet): "incident 2 (syn-flood): <message>".
  void fail(const std::string& message);

  bool ok() const noexcept { return error_.empty(); }
  const std::string& error() const noexcept { return error_; }

 private:
  void badValue(std::string_view key, const std::string& value, std::string_view expected);

  const IncidentSpec& spec_;
  uint32_t index_;
  std::string error_;
};

}  // namespace vigil::pcapgen
