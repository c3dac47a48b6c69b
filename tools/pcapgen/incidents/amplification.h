// Amplification: reflected UDP answers (DNS, NTP, SSDP, memcached, CLDAP, SNMP, chargen) hitting one victim.
#pragma once

#include <memory>
#include <vector>

#include "common/result.h"
#include "pcapgen/incidents/incident.h"
#include "pcapgen/incidents/incident_params.h"
#include "pcapgen/traffic/app_payloads.h"
#include "pcapgen/wire/fragmented_datagram.h"

namespace vigil::pcapgen {

/// `count` answers from `reflectors` random public IPv4 servers, source port = the service
/// port, to the victim, as seen on the victim's side: no requests. Answers longer than the MTU
/// arrive as IP fragments (first with the UDP header, later ones without), as in the real DNS
/// reflection capture of pcaps/README.md. Answer sizes are a hash of the answer number, so the
/// frame count is exact up front. Holds the reflector list and a 16 KiB datagram scratch.
class Amplification final : public Incident {
 public:
  static common::Result<std::unique_ptr<Incident>> create(IncidentParams& params, const IncidentContext& context);

  uint32_t emit(uint64_t ts_ns, uint8_t* out, FrameSummary& summary) noexcept override;
  bool done() const noexcept override { return next_answer_ == count_ && fragment_ == datagram_.fragmentCount(); }
  uint64_t expectedPackets() const noexcept override { return expected_; }
  uint64_t units() const noexcept override { return count_; }
  IncidentTruth truth() const override;

 private:
  Amplification(IncidentKind kind, const IncidentContext& context);
  uint32_t answerSize(uint64_t answer) const noexcept;
  void prepareAnswer() noexcept;

  const FrameBuilder& builder_;
  uint64_t seed_;
  ReflectionService service_ = ReflectionService::kDns;
  net::IpAddress victim_;
  std::vector<uint32_t> reflectors_;  // host order
  std::vector<uint8_t> header_;       // protocol bytes of the current answer
  uint64_t count_ = 0;
  uint64_t next_answer_ = 0;
  uint64_t expected_ = 0;
  uint64_t fragmented_answers_ = 0;
  uint32_t size_min_ = 0;
  uint32_t size_max_ = 0;
  uint32_t fragment_ = 0;
  uint16_t victim_port_ = 0;  // 0: random per answer
  FragmentedDatagram datagram_;
};

/// True for addresses that cannot be real reflectors (private, loopback, documentation,
/// benchmark, multicast, reserved, and this generator's home ranges).
bool isNonPublicV4(uint32_t address) noexcept;

}  // namespace vigil::pcapgen
