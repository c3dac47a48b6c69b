// VerticalScan: one source probes many ports of one address (scan-vertical).
#pragma once

#include <memory>
#include <vector>

#include "common/result.h"
#include "pcapgen/incidents/incident.h"
#include "pcapgen/incidents/incident_params.h"
#include "pcapgen/incidents/probe_exchange.h"
#include "pcapgen/traffic/permutation.h"

namespace vigil::pcapgen {

/// Probes `count` ports of the ports= list in random order, like nmap -sS/-sF/-sN/-sX/-sU with
/// one source port. Open ports answer SYN probes with SYN-ACK (the scanner resets); closed TCP
/// ports answer RST-ACK; closed UDP ports answer ICMP port unreachable for 1 probe in 5 (hosts
/// rate-limit ICMP errors). Holds the port list (at most 65535 entries) from construction.
class VerticalScan final : public Incident {
 public:
  static common::Result<std::unique_ptr<Incident>> create(IncidentParams& params, const IncidentContext& context);

  uint32_t emit(uint64_t ts_ns, uint8_t* out, FrameSummary& summary) noexcept override;
  bool done() const noexcept override { return next_ == count_ && probe_.done(); }
  uint64_t expectedPackets() const noexcept override { return expected_; }
  uint64_t units() const noexcept override { return count_; }
  IncidentTruth truth() const override;

 private:
  VerticalScan(const IncidentContext& context, std::vector<uint16_t> ports, uint64_t count);
  uint16_t portOf(uint64_t i) const noexcept { return ports_[order_.at(i)]; }
  ScanReply replyOf(uint64_t i) const noexcept;

  const FrameBuilder& builder_;
  uint64_t seed_;
  std::vector<uint16_t> ports_;
  std::vector<bool> open_;
  std::vector<uint16_t> open_list_;
  Permutation order_;
  uint64_t count_;
  uint64_t next_ = 0;
  uint64_t expected_ = 0;
  net::IpAddress scanner_;
  net::IpAddress target_;
  ScanProbe probe_kind_ = ScanProbe::kSyn;
  uint16_t scanner_port_ = 0;
  ProbeExchange probe_;
};

}  // namespace vigil::pcapgen
