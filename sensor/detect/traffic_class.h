// TrafficClass: which per-host counter a rule's `match:` block selects, decided once when the rule is loaded.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"
#include "flow/host_counters.h"
#include "rules/rule.h"

namespace vigil::detect {

/// Rules run once per tick over per-host counters (DESIGN §1), not per packet, so a `match:` block has
/// to name traffic those counters keep apart. TrafficClass is that mapping: protocol (tcp, udp, icmp),
/// a TCP flag class (SYN without ACK — so SYN+ECE+CWR counts as a SYN —, SYN+ACK, RST, FIN, and
/// FIN/NULL/XMAS probes: none of SYN, ACK, RST), ICMP echo requests, fragments, or one well-known
/// service port by the peer's or the host's own side. A match the counters cannot answer (two
/// classes at once, a port outside flow::kServicePorts, packet sizes) is refused when the rules load,
/// with the file position, rather than silently approximated.
class TrafficClass {
 public:
  enum class Counter : uint8_t {
    kPackets, kTcp, kSyn, kSynAck, kRst, kFin, kProbe, kUdp, kIcmp, kIcmpEcho, kFragments,
    kPeerService,  // DirectionCounters::service[index]: the peer's port is the service
    kOwnService,   // DirectionCounters::served[index]: the host's own port is the service
  };

  /// `host_is_source`: the rule's key makes the host the packets' source ("out" counters) rather than
  /// their destination ("in"). Errors read "FILE:LINE:COL: rule 'ID': match ...".
  static common::Result<TrafficClass> of(const rules::Rule& rule, bool host_is_source);

  /// The selected count in one direction's counters.
  uint32_t count(const flow::DirectionCounters& d) const noexcept;
  /// Plain words for evidence and explanations: "TCP SYN", "UDP", "packets from port 53".
  std::string describe() const;

  Counter counter() const noexcept { return counter_; }
  /// Index into flow::kServicePorts for the service counters, else -1.
  int service() const noexcept { return service_; }
  /// "tcp", "udp", "icmp" or "" (for protocol.transport).
  const char* transport() const noexcept;

  static TrafficClass all() noexcept { return TrafficClass(Counter::kPackets, -1, 0); }

 private:
  TrafficClass(Counter c, int service, uint8_t protocol) : counter_(c), service_(service), protocol_(protocol) {}

  Counter counter_ = Counter::kPackets;
  int service_ = -1;
  uint8_t protocol_ = 0;  // 6, 17, 1 or 0 when any
};

}  // namespace vigil::detect
