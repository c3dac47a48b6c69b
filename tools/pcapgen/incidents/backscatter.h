// Backscatter: replies of an attacked server reaching the addresses its attacker spoofed (benign here).
#pragma once

#include <memory>

#include "common/result.h"
#include "pcapgen/incidents/incident.h"
#include "pcapgen/incidents/incident_params.h"
#include "pcapgen/traffic/address_block.h"
#include "pcapgen/traffic/permutation.h"

namespace vigil::pcapgen {

/// A server under a spoofed SYN flood answers the forged sources; some of them lie in our
/// networks, so one outside host sends SYN-ACKs (75%; 10% with one retransmission) and RST-ACKs
/// (15%) to `count` distinct addresses of `dst`. It fans out like a scanner but is a victim:
/// the truth marks it benign and a detector must not report it. O(1) memory.
class Backscatter final : public Incident {
 public:
  static common::Result<std::unique_ptr<Incident>> create(IncidentParams& params, const IncidentContext& context);

  uint32_t emit(uint64_t ts_ns, uint8_t* out, FrameSummary& summary) noexcept override;
  bool done() const noexcept override { return next_ == count_ && left_ == 0; }
  uint64_t expectedPackets() const noexcept override { return expected_; }
  uint64_t units() const noexcept override { return count_; }
  IncidentTruth truth() const override;

 private:
  Backscatter(const IncidentContext& context, AddressBlock spoofed, uint64_t count);
  /// 0: one SYN-ACK, 1: SYN-ACK and its retransmission, 2: RST-ACK.
  uint32_t replyOf(uint64_t victim) const noexcept;

  const FrameBuilder& builder_;
  uint64_t seed_;
  net::IpAddress server_;
  AddressBlock spoofed_;
  Permutation order_;
  uint64_t count_;
  uint64_t next_ = 0;
  uint64_t expected_ = 0;
  uint64_t current_ = 0;
  uint32_t left_ = 0;
  uint16_t port_ = 80;
};

}  // namespace vigil::pcapgen
