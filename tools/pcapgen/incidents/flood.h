// Flood: syn-flood, udp-flood and icmp-flood against one victim, spoofed or from one source.
#pragma once

#include <memory>

#include "common/result.h"
#include "pcapgen/incidents/incident.h"
#include "pcapgen/incidents/incident_params.h"
#include "pcapgen/traffic/permutation.h"

namespace vigil::pcapgen {

/// Sends `count` packets to the victim. Spoofed floods draw `sources` distinct IPv4 sources
/// from a Feistel permutation of the whole 2^32 space (no set, O(1) memory, so sources=10M is
/// as cheap as 10). The count - sources extra packets are retransmissions spread evenly over the
/// sources, each sent ~1000 new sources after the original, so with sources >= count/2 (the
/// default is count*64/65) every source sends 1 or 2 packets, as in the real spoofed SYN flood
/// of pcaps/README.md.
class Flood final : public Incident {
 public:
  static constexpr uint64_t kMaxCount = 4000000000ULL;

  static common::Result<std::unique_ptr<Incident>> create(IncidentParams& params, const IncidentContext& context);

  uint32_t emit(uint64_t ts_ns, uint8_t* out, FrameSummary& summary) noexcept override;
  bool done() const noexcept override { return emitted_ == count_; }
  uint64_t expectedPackets() const noexcept override { return count_; }
  uint64_t units() const noexcept override { return count_; }
  IncidentTruth truth() const override;

  /// Distinct sources used so far (for a spoofed flood; 1 otherwise).
  uint64_t sourcesUsed() const noexcept { return spoofed_ ? new_sources_ : 1; }

 private:
  Flood(IncidentKind kind, const IncidentContext& context, uint64_t sources);
  net::IpAddress nextSource() noexcept;
  uint64_t repeatTrigger(uint64_t repeat) const noexcept;

  const FrameBuilder& builder_;
  uint64_t seed_;
  Permutation spoof_order_;
  net::IpAddress attacker_;
  net::IpAddress victim_;
  uint64_t count_ = 0;
  uint64_t sources_ = 1;
  uint64_t emitted_ = 0;
  uint64_t new_sources_ = 0;
  uint64_t repeats_ = 0;
  uint32_t size_min_ = 0;
  uint32_t size_max_ = 0;
  uint16_t port_ = 0;  // 0: random per packet (UDP)
  bool spoofed_ = false;
};

}  // namespace vigil::pcapgen
