// Flood: source selection (spoofed or single) and packet layout of SYN, UDP and ICMP floods.
#include "pcapgen/incidents/flood.h"

#include <algorithm>

#include "pcapgen/traffic/rng.h"

namespace vigil::pcapgen {
namespace {

constexpr uint64_t kRepeatLag = 1000;

}  // namespace

Flood::Flood(IncidentKind kind, const IncidentContext& context, uint64_t sources)
    : Incident(kind),
      builder_(context.builder),
      seed_(deriveSeed(context.seed, 1000 + context.index)),
      spoof_order_(Permutation::kMaxSize, seed_ + 1),
      sources_(sources) {}

common::Result<std::unique_ptr<Incident>> Flood::create(IncidentParams& params, const IncidentContext& context) {
  const IncidentKind kind = params.kind();
  const bool spoofed = params.flag("spoofed", kind == IncidentKind::kSynFlood);
  const net::IpAddress victim = params.address("dst", defaultHomeVictim(context.index));
  const net::IpAddress attacker = params.address("src", defaultRemoteAttacker(context.index));
  uint16_t port = 0;
  if (kind == IncidentKind::kSynFlood) port = params.port("port", 80);
  if (kind == IncidentKind::kUdpFlood) port = params.port("port", 0);
  std::pair<uint32_t, uint32_t> size{0, 0};
  if (kind == IncidentKind::kUdpFlood) size = params.range("size", {512, 1400}, 0, 1472);
  if (kind == IncidentKind::kIcmpFlood) size = params.range("size", {56, 1400}, 0, 1472);

  uint64_t count = 20000;
  uint64_t sources = 1;
  if (spoofed) {
    const bool has_count = params.has("count");
    const bool has_sources = params.has("sources");
    count = params.count("count", count, 1, kMaxCount);
    sources = params.count("sources", count - count / 65, 1, kMaxCount);
    if (has_sources && !has_count) count = std::min(kMaxCount, sources + sources / 64);
    if (sources > count) params.fail("sources=" + std::to_string(sources) + " exceeds count=" + std::to_string(count));
    if (!victim.isV4()) params.fail("spoofed floods are IPv4 only; give an IPv4 dst");
  } else {
    count = params.count("count", count, 1, kMaxCount);
    if (params.has("sources")) params.fail("sources= needs spoofed=true");
    if (params.ok() && attacker.isV4() != victim.isV4()) params.fail("src and dst must be the same address family");
  }
  if (!params.ok()) return common::fail(params.error());

  auto flood = std::unique_ptr<Flood>(new Flood(kind, context, sources));
  flood->spoofed_ = spoofed;
  flood->attacker_ = attacker;
  flood->victim_ = victim;
  flood->count_ = count;
  flood->port_ = port;
  flood->size_min_ = size.first;
  flood->size_max_ = size.second;
  return std::unique_ptr<Incident>(std::move(flood));
}

net::IpAddress Flood::nextSource() noexcept {
  if (!spoofed_) return attacker_;
  // Sources 0..S-1 each send once in order; the X = count - S extra packets re-send source
  // floor(r * S / X) (r = 0..X-1), each after kRepeatLag further new sources, so every source
  // sends at most ceil(count / S) packets and a retransmission arrives a little later.
  const uint64_t extra = count_ - sources_;
  uint64_t j;
  if (repeats_ < extra && repeatTrigger(repeats_) < new_sources_) {
    j = repeats_++ * sources_ / extra;
  } else {
    j = new_sources_++;
  }
  return net::IpAddress::fromV4(static_cast<uint32_t>(spoof_order_.at(j)));
}

uint64_t Flood::repeatTrigger(uint64_t repeat) const noexcept {
  return std::min(sources_ - 1, repeat * sources_ / (count_ - sources_) + kRepeatLag);
}

uint32_t Flood::emit(uint64_t /*ts_ns*/, uint8_t* out, FrameSummary& summary) noexcept {
  const uint64_t p = emitted_++;
  const uint64_t h = hash2(seed_ + 2, p);
  PacketSpec spec;
  spec.src = nextSource();
  spec.dst = victim_;
  spec.from_home = isHomeAddress(spec.src);
  spec.ip_id = static_cast<uint16_t>(h);
  spec.ttl = spoofed_ ? static_cast<uint8_t>(40 + (h >> 16) % 200) : 57;
  spec.fill_offset = static_cast<uint32_t>(h >> 24);
  const uint32_t size = size_min_ + static_cast<uint32_t>((h >> 40) % (size_max_ - size_min_ + 1));
  switch (kind()) {
    case IncidentKind::kSynFlood: {
      static constexpr uint16_t kWindows[4] = {512, 8192, 29200, 65535};
      spec.protocol = kProtoTcp;
      spec.tcp_flags = kSyn;
      spec.src_port = static_cast<uint16_t>(1024 + (h >> 8) % 64512);
      spec.dst_port = port_;
      spec.seq = static_cast<uint32_t>(h >> 32);
      spec.window = kWindows[(h >> 56) % 4];
      break;
    }
    case IncidentKind::kUdpFlood:
      spec.protocol = kProtoUdp;
      spec.src_port = static_cast<uint16_t>(1024 + (h >> 8) % 64512);
      spec.dst_port = port_ != 0 ? port_ : static_cast<uint16_t>(1 + (h >> 28) % 65535);
      spec.payload_len = size;
      break;
    default:
      spec.protocol = victim_.isV4() ? kProtoIcmp : kProtoIcmpv6;
      spec.icmp_type = victim_.isV4() ? 8 : 128;
      spec.src_port = static_cast<uint16_t>(seed_);  // echo identifier
      spec.dst_port = static_cast<uint16_t>(p);      // echo sequence
      spec.payload_len = size;
      break;
  }
  return builder_.build(spec, out, FrameBuilder::kMaxFrame, summary);
}

IncidentTruth Flood::truth() const {
  IncidentTruth t;
  if (!spoofed_) t.attackers = {attacker_.toString()};
  t.victims = {victim_.toString()};
  t.protocol = kind() == IncidentKind::kSynFlood ? "tcp" : kind() == IncidentKind::kUdpFlood ? "udp" : "icmp";
  if (port_ != 0) t.port = port_;
  t.extra["spoofed"] = spoofed_;
  t.extra["distinct_sources"] = sourcesUsed();
  return t;
}

}  // namespace vigil::pcapgen
