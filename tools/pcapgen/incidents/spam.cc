// Spam: the SMTP dialogue of each spam delivery and the choice of distinct mail servers.
#include "pcapgen/incidents/spam.h"

#include <algorithm>
#include <string_view>

#include "pcapgen/traffic/rng.h"

namespace vigil::pcapgen {
namespace {

TcpMessage line(bool from_client, std::string_view s, uint32_t len = 0) {
  return TcpMessage{reinterpret_cast<const uint8_t*>(s.data()), len != 0 ? len : static_cast<uint32_t>(s.size()),
                    static_cast<uint16_t>(s.size()), from_client};
}

constexpr std::string_view kBody =
    "From: \"Account Service\" <noreply@example.biz>\r\nTo: <user@example.net>\r\n"
    "Subject: Your account will be suspended\r\nMIME-Version: 1.0\r\n"
    "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";

}  // namespace

Spam::Spam(const IncidentContext& context, AddressBlock servers, uint64_t count)
    : Incident(IncidentKind::kSpam),
      builder_(context.builder),
      seed_(deriveSeed(context.seed, 1000 + context.index)),
      servers_(servers),
      order_(servers.size(), seed_),
      count_(count) {}

common::Result<std::unique_ptr<Incident>> Spam::create(IncidentParams& params, const IncidentContext& context) {
  const net::IpAddress sender = params.address("src", defaultHomeHost(context.index));
  const AddressBlock fallback =
      sender.isV4() ? *AddressBlock::parse("198.19.128.0/18") : *AddressBlock::parse("2001:db8:ffff:25::/64");
  const AddressBlock servers = params.block("dst", fallback);
  const uint16_t port = params.port("port", 25);
  const uint64_t count = params.count("count", std::min<uint64_t>(200, servers.size()), 1,
                                      std::min<uint64_t>(servers.size(), 10000000));
  if (params.ok() && sender.isV4() != servers.isV4()) params.fail("src and dst must be the same address family");
  if (!params.ok()) return common::fail(params.error());

  auto spam = std::unique_ptr<Spam>(new Spam(context, servers, count));
  spam->sender_ = sender;
  spam->port_ = port;
  spam->mss_ = std::max<uint32_t>(1, context.builder.payloadRoom(!sender.isV4(), false, kProtoTcp));
  TcpSession probe;
  for (uint64_t i = 0; i < count; ++i) {
    spam->beginSession(i, probe);
    spam->expected_ += probe.remainingPackets();
  }
  return std::unique_ptr<Incident>(std::move(spam));
}

void Spam::beginSession(uint64_t session, TcpSession& s) const noexcept {
  const uint64_t h = hash2(seed_ + 1, session);
  Peers peers;
  peers.client = sender_;
  peers.server = servers_.at(order_.at(session));
  peers.client_port = static_cast<uint16_t>(32768 + h % 28000);
  peers.server_port = port_;
  peers.client_is_home = isHomeAddress(sender_);
  peers.client_ttl = 128;
  peers.server_ttl = static_cast<uint8_t>(50 + (h >> 20) % 10);
  s.begin(peers, TcpOutcome::kComplete, mss_, h);
  s.addMessage(line(false, "220 mx.example.net ESMTP Postfix\r\n"));
  s.addMessage(line(true, "EHLO desktop-4f2a1c\r\n"));
  s.addMessage(line(false, "250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"));
  s.addMessage(line(true, "MAIL FROM:<noreply@example.biz>\r\n"));
  s.addMessage(line(false, "250 2.1.0 Ok\r\n"));
  s.addMessage(line(true, "RCPT TO:<user@example.net>\r\n"));
  s.addMessage(line(false, "250 2.1.5 Ok\r\n"));
  s.addMessage(line(true, "DATA\r\n"));
  s.addMessage(line(false, "354 End data with <CR><LF>.<CR><LF>\r\n"));
  s.addMessage(line(true, kBody, static_cast<uint32_t>(kBody.size()) + 600 + static_cast<uint32_t>((h >> 32) % 3400)));
  s.addMessage(line(false, "250 2.0.0 Ok: queued as 4F2A1C0B3D\r\n"));
  s.addMessage(line(true, "QUIT\r\n"));
  s.addMessage(line(false, "221 2.0.0 Bye\r\n"));
  s.setClientCloses(false);
}

uint32_t Spam::emit(uint64_t /*ts_ns*/, uint8_t* out, FrameSummary& summary) noexcept {
  if (session_.done()) beginSession(next_++, session_);
  PacketSpec spec;
  session_.next(spec);
  return builder_.build(spec, out, FrameBuilder::kMaxFrame, summary);
}

IncidentTruth Spam::truth() const {
  IncidentTruth t;
  t.attackers = {sender_.toString()};
  t.victims = {servers_.toString()};
  t.protocol = "tcp";
  t.port = port_;
  t.extra["sessions"] = count_;
  t.extra["distinct_servers"] = count_;
  return t;
}

}  // namespace vigil::pcapgen
