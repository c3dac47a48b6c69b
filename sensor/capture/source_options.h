// SourceOptions: the "TARGET?key=value&..." part of a capture URI, split and checked the same way for every backend.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace vigil::capture {

/// What follows "scheme:" in a capture URI: a target (interface, port) and options in the order given.
/// Values are percent-decoded and '+' stands for a space, so a BPF filter or EAL argument list fits in
/// one shell word. A value keeps every '=' after the first of its pair ("eal=--vdev=net_pcap0,rx_pcap=f").
/// Plain value; parsed at start-up only.
class SourceOptions {
 public:
  /// Splits `argument`; `example` is shown when the target is missing ("live: needs an interface name
  /// (live:eth1)").
  static common::Result<SourceOptions> parse(std::string_view scheme, std::string_view argument, std::string_view what,
                                             std::string_view example);

  const std::string& target() const { return target_; }
  const std::vector<std::pair<std::string, std::string>>& options() const { return options_; }

  /// A whole number in [lo, hi], with an optional K or M (x1024, x1024^2) suffix; the error reads
  /// "<scheme>: 'key' must be a number from lo to hi (got 'value')".
  common::Result<uint64_t> number(std::string_view key, std::string_view value, uint64_t lo, uint64_t hi) const;
  /// "0" or "1".
  common::Result<bool> flag(std::string_view key, std::string_view value) const;
  /// The error for a key the backend does not know: "<scheme>: unknown option 'k' (expected a, b, c)".
  common::Result<void> unknown(std::string_view key, std::string_view expected) const;

 private:
  std::string scheme_;
  std::string target_;
  std::vector<std::pair<std::string, std::string>> options_;
};

/// Percent-decoding with '+' as a space, as in a URI query.
std::string decodeQueryValue(std::string_view text);

}  // namespace vigil::capture
