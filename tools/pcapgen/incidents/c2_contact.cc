// C2Contact: the HTTP beacon dialogue between an infected host and its C2 server.
#include "pcapgen/incidents/c2_contact.h"

#include <algorithm>
#include <cstdio>

#include "pcapgen/traffic/rng.h"

namespace vigil::pcapgen {
namespace {

std::string hostHeader(const net::IpAddress& a, uint16_t port) {
  const std::string host = a.isV4() ? a.toString() : "[" + a.toString() + "]";
  return port == 80 ? host : host + ":" + std::to_string(port);
}

}  // namespace

C2Contact::C2Contact(const IncidentContext& context)
    : Incident(IncidentKind::kC2Contact), builder_(context.builder), seed_(deriveSeed(context.seed, 1000 + context.index)) {}

common::Result<std::unique_ptr<Incident>> C2Contact::create(IncidentParams& params, const IncidentContext& context) {
  const net::IpAddress infected = params.address("src", defaultHomeHost(context.index));
  const net::IpAddress c2 = params.address("dst", defaultC2(context.index));
  const uint16_t port = params.port("port", 8080);
  const uint64_t count = params.count("count", 3, 1, 10000000);
  if (params.ok() && infected.isV4() != c2.isV4()) params.fail("src and dst must be the same address family");
  if (!params.ok()) return common::fail(params.error());

  auto c = std::unique_ptr<C2Contact>(new C2Contact(context));
  c->infected_ = infected;
  c->c2_ = c2;
  c->port_ = port;
  c->count_ = count;
  c->mss_ = std::max<uint32_t>(1, context.builder.payloadRoom(!infected.isV4(), false, kProtoTcp));
  c->request_body_ = 180 + static_cast<uint32_t>(c->seed_ % 400);
  c->response_body_ = 132 + static_cast<uint32_t>((c->seed_ >> 16) % 1800);
  char path[16];
  const auto path_bits = static_cast<uint32_t>(c->seed_ >> 32);
  std::snprintf(path, sizeof(path), "%08x", path_bits);
  c->request_ = "POST /" + std::string(path) + "/ HTTP/1.1\r\nAccept: */*\r\n" +
                "User-Agent: Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.1; Trident/7.0)\r\n" +
                "Host: " + hostHeader(c2, port) + "\r\nContent-Length: " + std::to_string(c->request_body_) +
                "\r\nConnection: Keep-Alive\r\nCache-Control: no-cache\r\n\r\n";
  c->response_ = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html; charset=UTF-8\r\n"
                 "Content-Length: " + std::to_string(c->response_body_) + "\r\nConnection: keep-alive\r\n\r\n";
  TcpSession probe;
  c->beginConnection(0, probe);
  c->expected_ = count * probe.remainingPackets();
  return std::unique_ptr<Incident>(std::move(c));
}

void C2Contact::beginConnection(uint64_t connection, TcpSession& s) const noexcept {
  Peers peers;
  peers.client = infected_;
  peers.server = c2_;
  peers.client_port = static_cast<uint16_t>(49152 + (seed_ + connection * 3) % 16000);
  peers.server_port = port_;
  peers.client_is_home = isHomeAddress(infected_);
  peers.client_ttl = 128;  // the Windows host the User-Agent claims
  peers.server_ttl = 49;
  s.begin(peers, TcpOutcome::kComplete, mss_, hash2(seed_ + 1, connection));
  s.addMessage(TcpMessage{reinterpret_cast<const uint8_t*>(request_.data()),
                          static_cast<uint32_t>(request_.size()) + request_body_,
                          static_cast<uint16_t>(request_.size()), true});
  s.addMessage(TcpMessage{reinterpret_cast<const uint8_t*>(response_.data()),
                          static_cast<uint32_t>(response_.size()) + response_body_,
                          static_cast<uint16_t>(response_.size()), false});
  s.setClientCloses(false);
}

uint32_t C2Contact::emit(uint64_t /*ts_ns*/, uint8_t* out, FrameSummary& summary) noexcept {
  if (session_.done()) beginConnection(next_++, session_);
  PacketSpec spec;
  session_.next(spec);
  return builder_.build(spec, out, FrameBuilder::kMaxFrame, summary);
}

IncidentTruth C2Contact::truth() const {
  IncidentTruth t;
  t.attackers = {c2_.toString()};
  t.victims = {infected_.toString()};
  t.protocol = "tcp";
  t.port = port_;
  t.extra["c2"] = {c2_.toString()};
  t.extra["infected"] = {infected_.toString()};
  t.extra["connections"] = count_;
  return t;
}

}  // namespace vigil::pcapgen
