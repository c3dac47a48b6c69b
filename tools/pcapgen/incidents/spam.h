// Spam: one home host delivers mail to many distinct SMTP servers (spam).
#pragma once

#include <memory>

#include "common/result.h"
#include "pcapgen/incidents/incident.h"
#include "pcapgen/incidents/incident_params.h"
#include "pcapgen/traffic/address_block.h"
#include "pcapgen/traffic/permutation.h"
#include "pcapgen/traffic/tcp_session.h"

namespace vigil::pcapgen {

/// `count` complete SMTP sessions (banner, EHLO, MAIL FROM, RCPT TO, DATA, message, QUIT), each
/// to a different server drawn without repetition from `dst`. Message sizes are a hash of the
/// session number, so the packet count is exact up front. O(1) memory.
class Spam final : public Incident {
 public:
  static common::Result<std::unique_ptr<Incident>> create(IncidentParams& params, const IncidentContext& context);

  uint32_t emit(uint64_t ts_ns, uint8_t* out, FrameSummary& summary) noexcept override;
  bool done() const noexcept override { return next_ == count_ && session_.done(); }
  uint64_t expectedPackets() const noexcept override { return expected_; }
  uint64_t units() const noexcept override { return count_; }
  IncidentTruth truth() const override;

 private:
  Spam(const IncidentContext& context, AddressBlock servers, uint64_t count);
  void beginSession(uint64_t session, TcpSession& s) const noexcept;

  const FrameBuilder& builder_;
  uint64_t seed_;
  net::IpAddress sender_;
  AddressBlock servers_;
  Permutation order_;
  uint64_t count_;
  uint64_t next_ = 0;
  uint64_t expected_ = 0;
  uint32_t mss_ = 1460;
  uint16_t port_ = 25;
  TcpSession session_;
};

}  // namespace vigil::pcapgen
