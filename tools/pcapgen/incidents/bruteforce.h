// Bruteforce: repeated short login connections from one source to one server (ssh, telnet, rdp, ftp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "pcapgen/incidents/incident.h"
#include "pcapgen/incidents/incident_params.h"
#include "pcapgen/traffic/tcp_session.h"

namespace vigil::pcapgen {

/// `count` complete TCP connections, one after another, each a failed login in the service's
/// real dialogue: SSH (server banner "SSH-2.0-OpenSSH_8.9\r\n" first, client banner, key
/// exchange, two password attempts), telnet (option negotiation, login/Password prompts),
/// FTP (220 banner, USER/PASS, 530), RDP (X.224 connect, TLS, CredSSP). Source ports
/// increase per connection as a tool's would. Holds its password lines from construction.
class Bruteforce final : public Incident {
 public:
  static common::Result<std::unique_ptr<Incident>> create(IncidentParams& params, const IncidentContext& context);

  uint32_t emit(uint64_t ts_ns, uint8_t* out, FrameSummary& summary) noexcept override;
  bool done() const noexcept override { return next_ == count_ && session_.done(); }
  uint64_t expectedPackets() const noexcept override { return expected_; }
  uint64_t units() const noexcept override { return count_; }
  IncidentTruth truth() const override;

 private:
  Bruteforce(IncidentKind kind, const IncidentContext& context);
  void beginConnection(uint64_t connection, TcpSession& session) const noexcept;

  const FrameBuilder& builder_;
  uint64_t seed_;
  net::IpAddress attacker_;
  net::IpAddress server_;
  std::vector<std::string> passwords_;  // per-service password lines, e.g. "PASS 123456\r\n"
  uint64_t count_ = 0;
  uint64_t next_ = 0;
  uint64_t expected_ = 0;
  uint32_t mss_ = 1460;
  uint16_t port_ = 22;
  uint16_t first_port_ = 40000;
  TcpSession session_;
};

}  // namespace vigil::pcapgen
