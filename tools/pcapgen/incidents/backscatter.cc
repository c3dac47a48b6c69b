// Backscatter: SYN-ACK/RST-ACK replies of an attacked server to spoofed addresses.
#include "pcapgen/incidents/backscatter.h"

#include "pcapgen/traffic/rng.h"

namespace vigil::pcapgen {

Backscatter::Backscatter(const IncidentContext& context, AddressBlock spoofed, uint64_t count)
    : Incident(IncidentKind::kBackscatter),
      builder_(context.builder),
      seed_(deriveSeed(context.seed, 1000 + context.index)),
      spoofed_(spoofed),
      order_(spoofed.size(), seed_),
      count_(count) {}

common::Result<std::unique_ptr<Incident>> Backscatter::create(IncidentParams& params,
                                                              const IncidentContext& context) {
  const net::IpAddress server =
      params.address("src", net::IpAddress::fromV4(0xc6336400u + 100 + context.index % 150));
  const AddressBlock fallback =
      server.isV4() ? *AddressBlock::parse("10.1.0.0/16") : *AddressBlock::parse("2001:db8:1::/64");
  const AddressBlock spoofed = params.block("dst", fallback);
  const uint16_t port = params.port("port", 80);
  const uint64_t count = params.count("count", std::min<uint64_t>(500, spoofed.size()), 1, spoofed.size());
  if (params.ok() && server.isV4() != spoofed.isV4()) params.fail("src and dst must be the same address family");
  if (!params.ok()) return common::fail(params.error());

  auto b = std::unique_ptr<Backscatter>(new Backscatter(context, spoofed, count));
  b->server_ = server;
  b->port_ = port;
  for (uint64_t v = 0; v < count; ++v) b->expected_ += b->replyOf(v) == 1 ? 2 : 1;
  return std::unique_ptr<Incident>(std::move(b));
}

uint32_t Backscatter::replyOf(uint64_t victim) const noexcept {
  const uint64_t r = hash2(seed_ + 1, victim) % 100;
  return r < 75 ? 0 : r < 85 ? 1 : 2;
}

uint32_t Backscatter::emit(uint64_t /*ts_ns*/, uint8_t* out, FrameSummary& summary) noexcept {
  if (left_ == 0) {
    current_ = next_++;
    left_ = replyOf(current_) == 1 ? 2 : 1;
  }
  --left_;
  const uint64_t h = hash2(seed_ + 2, current_);
  PacketSpec spec;
  spec.src = server_;
  spec.dst = spoofed_.at(order_.at(current_));
  spec.from_home = isHomeAddress(server_);
  spec.ttl = 53;
  spec.ip_id = static_cast<uint16_t>(h + left_);
  spec.protocol = kProtoTcp;
  spec.src_port = port_;
  spec.dst_port = static_cast<uint16_t>(1024 + (h >> 16) % 64512);  // the forged source port
  spec.ack = static_cast<uint32_t>(h >> 32) + 1;                  // the forged SYN's ISN + 1
  if (replyOf(current_) == 2) {
    spec.tcp_flags = kRst | kAck;
    spec.window = 0;
  } else {
    spec.tcp_flags = kSyn | kAck;
    spec.seq = static_cast<uint32_t>(mix64(h));
    spec.window = 64240;
  }
  return builder_.build(spec, out, FrameBuilder::kMaxFrame, summary);
}

IncidentTruth Backscatter::truth() const {
  IncidentTruth t;
  t.benign = true;
  t.protocol = "tcp";
  t.port = port_;
  t.extra["attacked_server"] = server_.toString();
  t.extra["spoofed_block"] = spoofed_.toString();
  t.extra["spoofed_addresses"] = count_;
  t.extra["note"] = "replies of a flood victim to spoofed sources; the sender must not be reported";
  return t;
}

}  // namespace vigil::pcapgen
