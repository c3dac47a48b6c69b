// HorizontalScan: one source probes many addresses of a block on one port (scan-horizontal).
#pragma once

#include <memory>

#include "common/result.h"
#include "pcapgen/incidents/incident.h"
#include "pcapgen/incidents/incident_params.h"
#include "pcapgen/incidents/probe_exchange.h"
#include "pcapgen/traffic/address_block.h"
#include "pcapgen/traffic/permutation.h"

namespace vigil::pcapgen {

/// Probes `count` distinct addresses of `dst` in random (Feistel) or ascending order; a share
/// `answer` of them reply (see ProbeExchange). Which targets answer is a hash of the target
/// number, so the packet count is known up front. O(1) memory whatever the count.
class HorizontalScan final : public Incident {
 public:
  static common::Result<std::unique_ptr<Incident>> create(IncidentParams& params, const IncidentContext& context);

  uint32_t emit(uint64_t ts_ns, uint8_t* out, FrameSummary& summary) noexcept override;
  bool done() const noexcept override { return next_target_ == count_ && probe_.done(); }
  uint64_t expectedPackets() const noexcept override { return expected_; }
  uint64_t units() const noexcept override { return count_; }
  IncidentTruth truth() const override;

 private:
  HorizontalScan(const IncidentContext& context, AddressBlock targets, uint64_t count);
  ScanReply replyOf(uint64_t target) const noexcept;

  const FrameBuilder& builder_;
  uint64_t seed_;
  net::IpAddress scanner_;
  AddressBlock targets_;
  Permutation order_;
  uint64_t count_;
  uint64_t next_target_ = 0;
  uint64_t expected_ = 0;
  uint64_t answering_ = 0;
  double answer_ = 0.1;
  ScanProbe probe_kind_ = ScanProbe::kSyn;
  uint16_t port_ = 0;
  uint16_t scanner_port_ = 0;
  bool sequential_ = false;
  ProbeExchange probe_;
};

}  // namespace vigil::pcapgen
