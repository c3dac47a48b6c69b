// C2Contact: an infected home host POSTs to a command-and-control server over HTTP (c2-contact).
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "pcapgen/incidents/incident.h"
#include "pcapgen/incidents/incident_params.h"
#include "pcapgen/traffic/tcp_session.h"

namespace vigil::pcapgen {

/// `count` short HTTP connections to a bare IP: a POST with an MSIE 7 User-Agent and a binary
/// body, answered "200 OK" by nginx (the Emotet pattern of pcaps/README.md). Detection needs the
/// C2 address in a blocklist, so the truth names it (c2) and the host that called it (infected).
class C2Contact final : public Incident {
 public:
  static common::Result<std::unique_ptr<Incident>> create(IncidentParams& params, const IncidentContext& context);

  uint32_t emit(uint64_t ts_ns, uint8_t* out, FrameSummary& summary) noexcept override;
  bool done() const noexcept override { return next_ == count_ && session_.done(); }
  uint64_t expectedPackets() const noexcept override { return expected_; }
  uint64_t units() const noexcept override { return count_; }
  IncidentTruth truth() const override;

 private:
  C2Contact(const IncidentContext& context);
  void beginConnection(uint64_t connection, TcpSession& session) const noexcept;

  const FrameBuilder& builder_;
  uint64_t seed_;
  net::IpAddress infected_;
  net::IpAddress c2_;
  std::string request_;   // HTTP request head
  std::string response_;  // HTTP response head
  uint32_t request_body_ = 0;
  uint32_t response_body_ = 0;
  uint64_t count_ = 0;
  uint64_t next_ = 0;
  uint64_t expected_ = 0;
  uint32_t mss_ = 1460;
  uint16_t port_ = 8080;
  TcpSession session_;
};

}  // namespace vigil::pcapgen
