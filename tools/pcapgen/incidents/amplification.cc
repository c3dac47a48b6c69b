// Amplification: reflector selection, answer sizes and fragmenting of reflected answers.
#include "pcapgen/incidents/amplification.h"

#include <algorithm>

#include "pcapgen/traffic/permutation.h"
#include "pcapgen/traffic/rng.h"

namespace vigil::pcapgen {
namespace {

struct ServiceDefaults {
  ReflectionService service;
  uint32_t size_min;
  uint32_t size_max;
};

ServiceDefaults defaultsFor(IncidentKind kind) {
  switch (kind) {
    case IncidentKind::kAmplificationNtp: return {ReflectionService::kNtp, 440, 2200};
    case IncidentKind::kAmplificationSsdp: return {ReflectionService::kSsdp, 300, 1800};
    case IncidentKind::kAmplificationMemcached: return {ReflectionService::kMemcached, 1400, 12000};
    case IncidentKind::kAmplificationCldap: return {ReflectionService::kCldap, 1500, 3200};
    case IncidentKind::kAmplificationSnmp: return {ReflectionService::kSnmp, 1200, 2900};
    case IncidentKind::kAmplificationChargen: return {ReflectionService::kChargen, 700, 2000};
    default: return {ReflectionService::kDns, 2400, 4000};
  }
}

constexpr uint32_t kMaxAnswer = FrameBuilder::kMaxPayload - 8;

}  // namespace

bool isNonPublicV4(uint32_t a) noexcept {
  const uint32_t first = a >> 24;
  if (first == 0 || first == 10 || first == 127 || first >= 224) return true;
  if ((a & 0xffc00000u) == 0x64400000u) return true;  // 100.64.0.0/10
  if ((a & 0xffff0000u) == 0xa9fe0000u) return true;  // 169.254.0.0/16
  if ((a & 0xfff00000u) == 0xac100000u) return true;  // 172.16.0.0/12
  if ((a & 0xffffff00u) == 0xc0000000u) return true;  // 192.0.0.0/24
  if ((a & 0xffffff00u) == 0xc0000200u) return true;  // 192.0.2.0/24
  if ((a & 0xffff0000u) == 0xc0a80000u) return true;  // 192.168.0.0/16
  if ((a & 0xfffe0000u) == 0xc6120000u) return true;  // 198.18.0.0/15
  if ((a & 0xffffff00u) == 0xc6336400u) return true;  // 198.51.100.0/24
  if ((a & 0xffffff00u) == 0xcb007100u) return true;  // 203.0.113.0/24
  return false;
}

Amplification::Amplification(IncidentKind kind, const IncidentContext& context)
    : Incident(kind), builder_(context.builder), seed_(deriveSeed(context.seed, 1000 + context.index)) {}

common::Result<std::unique_ptr<Incident>> Amplification::create(IncidentParams& params,
                                                                const IncidentContext& context) {
  const ServiceDefaults d = defaultsFor(params.kind());
  const net::IpAddress victim = params.address("dst", defaultHomeVictim(context.index));
  const uint16_t port = params.port("port", 0);
  const uint64_t reflectors = params.count("reflectors", 50, 1, 10000000);
  const auto size = params.range("size", {d.size_min, d.size_max}, 1, kMaxAnswer);
  const uint64_t count = params.count("count", 2000, 1, 1000000000);
  if (params.ok() && !victim.isV4()) params.fail("amplification victims are IPv4 (fragments are IPv4 here)");
  if (params.ok() && context.builder.fixedFrame() != 0) {
    params.fail("reflected answers are large and fragmented; not possible with --frame-size");
  }
  if (!params.ok()) return common::fail(params.error());

  auto amp = std::unique_ptr<Amplification>(new Amplification(params.kind(), context));
  amp->service_ = d.service;
  amp->victim_ = victim;
  amp->victim_port_ = port;
  amp->count_ = count;
  amp->size_min_ = size.first;
  amp->size_max_ = size.second;
  amp->header_.resize(kMaxAnswer);
  // Distinct public addresses: walk a permutation of the IPv4 space, skipping non-public ones.
  const Permutation order(Permutation::kMaxSize, amp->seed_ + 1);
  amp->reflectors_.reserve(reflectors);
  for (uint64_t i = 0; amp->reflectors_.size() < reflectors; ++i) {
    const auto a = static_cast<uint32_t>(order.at(i));
    if (!isNonPublicV4(a)) amp->reflectors_.push_back(a);
  }
  for (uint64_t i = 0; i < count; ++i) {
    const uint32_t ip_payload = 8 + amp->answerSize(i);
    const uint32_t fragments = (ip_payload + 1479) / 1480;
    amp->expected_ += fragments;
    amp->fragmented_answers_ += fragments > 1;
  }
  return std::unique_ptr<Incident>(std::move(amp));
}

uint32_t Amplification::answerSize(uint64_t answer) const noexcept {
  return size_min_ + static_cast<uint32_t>(hash2(seed_ + 2, answer) % (size_max_ - size_min_ + 1));
}

void Amplification::prepareAnswer() noexcept {
  const uint64_t i = next_answer_++;
  const uint64_t h = hash2(seed_ + 3, i);
  const uint32_t reflector = reflectors_[h % reflectors_.size()];
  const uint32_t size = answerSize(i);
  PacketSpec spec;
  spec.src = net::IpAddress::fromV4(reflector);
  spec.dst = victim_;
  spec.from_home = false;
  spec.protocol = kProtoUdp;
  spec.src_port = reflectionPort(service_);
  spec.dst_port = victim_port_ != 0 ? victim_port_ : static_cast<uint16_t>(1024 + (h >> 16) % 64512);
  spec.ip_id = static_cast<uint16_t>(h >> 32);
  const uint64_t r = mix64(reflector);  // a reflector keeps its TTL: same OS, same path
  spec.ttl = static_cast<uint8_t>((r % 3 == 0 ? 255 : r % 3 == 1 ? 128 : 64) - 5 - (r >> 8) % 20);
  spec.payload_len = size;
  spec.payload = header_.data();
  spec.payload_prefix_len = static_cast<uint16_t>(
      writeReflectionAnswer(service_, header_.data(), header_.size(), size, h));
  spec.fill_offset = static_cast<uint32_t>(h >> 40);
  datagram_.prepare(builder_, spec);
  fragment_ = 0;
}

uint32_t Amplification::emit(uint64_t /*ts_ns*/, uint8_t* out, FrameSummary& summary) noexcept {
  if (fragment_ == datagram_.fragmentCount()) prepareAnswer();
  return datagram_.emit(fragment_++, out, summary);
}

IncidentTruth Amplification::truth() const {
  IncidentTruth t;
  t.victims = {victim_.toString()};
  t.reflectors.reserve(reflectors_.size());
  for (uint32_t r : reflectors_) t.reflectors.push_back(net::IpAddress::fromV4(r).toString());
  t.protocol = "udp";
  t.port = reflectionPort(service_);
  t.extra["answers"] = count_;
  t.extra["fragmented_answers"] = fragmented_answers_;
  t.extra["answer_bytes"] = {size_min_, size_max_};
  if (victim_port_ != 0) t.extra["victim_port"] = victim_port_;
  return t;
}

}  // namespace vigil::pcapgen
