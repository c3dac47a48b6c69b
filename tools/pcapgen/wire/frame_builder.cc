// FrameBuilder: header layout and checksum computation for every frame the generator writes.
#include "pcapgen/wire/frame_builder.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "pcapgen/wire/checksum.h"

namespace vigil::pcapgen {
namespace {

constexpr uint32_t kPatternWindow = 32768;
constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr uint16_t kEtherArp = 0x0806;
constexpr uint16_t kEtherVlan = 0x8100;

// Pseudo-random bytes look like encrypted payload (TLS, QUIC, SSH) to anything that inspects them.
const std::array<uint8_t, kPatternWindow + FrameBuilder::kMaxPayload>& patternTable() {
  static const auto table = [] {
    std::array<uint8_t, kPatternWindow + FrameBuilder::kMaxPayload> t{};
    uint64_t state = 0x5eed5eed5eed5eedULL;
    for (auto& b : t) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      b = static_cast<uint8_t>(state >> 56);
    }
    return t;
  }();
  return table;
}

uint32_t writeEthernet(uint8_t* out, const uint8_t* dst, const uint8_t* src, uint16_t vlan, uint16_t ether_type) {
  std::memcpy(out, dst, 6);
  std::memcpy(out + 6, src, 6);
  if (vlan != 0) {
    putBe16(out + 12, kEtherVlan);
    putBe16(out + 14, vlan & 0x0fff);
    putBe16(out + 16, ether_type);
    return 18;
  }
  putBe16(out + 12, ether_type);
  return 14;
}

uint32_t transportHeaderLen(uint8_t protocol, uint32_t options) {
  switch (protocol) {
    case kProtoTcp:
      return 20 + options;
    case kProtoUdp:
    case kProtoIcmp:
    case kProtoIcmpv6:
      return 8;
    default:
      return 0;
  }
}

}  // namespace

const uint8_t* FrameBuilder::fillPattern(uint32_t offset) noexcept {
  return patternTable().data() + (offset % kPatternWindow);
}

uint32_t FrameBuilder::payloadRoom(bool ipv6, bool vlan, uint8_t protocol) const noexcept {
  const uint32_t l3 = ipv6 ? 40 : 20;
  const uint32_t l4 = transportHeaderLen(protocol, 0);
  if (fixed_ == 0) return kMtu - l3 - l4;
  const uint32_t headers = (vlan ? 18 : 14) + l3 + l4;
  return fixed_ > headers ? fixed_ - headers : 0;
}

uint32_t FrameBuilder::finishFrame(uint8_t* out, uint32_t len) const noexcept {
  const uint32_t frame = fixed_ != 0 ? fixed_ : std::max(len, kMinFrame);
  if (frame > len) std::memset(out + len, 0, frame - len);
  return frame;
}

uint32_t FrameBuilder::build(const PacketSpec& s, uint8_t* out, uint32_t capacity,
                             FrameSummary& summary) const noexcept {
  const bool v6 = !s.src.isV4();
  const bool tcp = s.protocol == kProtoTcp;
  const uint32_t options = (tcp && fixed_ == 0) ? s.tcp_options_len : 0;
  const uint32_t l2 = s.vlan != 0 ? 18 : 14;
  const uint32_t l3 = v6 ? 40 : 20;
  const uint32_t l4 = transportHeaderLen(s.protocol, options);
  uint32_t payload = std::min(s.payload_len, kMaxPayload);
  if (fixed_ != 0) {
    if (l2 + l3 + l4 > fixed_) return 0;
    payload = std::min(payload, fixed_ - l2 - l3 - l4);
  }
  const uint32_t ip_len = l3 + l4 + payload;
  const uint32_t len = l2 + ip_len;
  if (std::max({len, fixed_, kMinFrame}) > capacity || ip_len > 0xffff) return 0;

  const uint8_t* src_mac = s.from_home ? kHomeRouterMac : kUpstreamMac;
  const uint8_t* dst_mac = s.from_home ? kUpstreamMac : kHomeRouterMac;
  writeEthernet(out, dst_mac, src_mac, s.vlan, v6 ? kEtherIpv6 : kEtherIpv4);

  uint8_t* ip = out + l2;
  if (v6) {
    putBe32(ip, 0x60000000u);
    putBe16(ip + 4, static_cast<uint16_t>(l4 + payload));
    ip[6] = s.protocol;
    ip[7] = s.ttl;
    std::memcpy(ip + 8, s.src.bytes().data(), 16);
    std::memcpy(ip + 24, s.dst.bytes().data(), 16);
  } else {
    ip[0] = 0x45;
    ip[1] = 0;
    putBe16(ip + 2, static_cast<uint16_t>(ip_len));
    putBe16(ip + 4, s.ip_id);
    putBe16(ip + 6, tcp ? 0x4000 : 0);  // DF on TCP, as Linux sends it
    ip[8] = s.ttl;
    ip[9] = s.protocol;
    ip[10] = ip[11] = 0;
    std::memcpy(ip + 12, s.src.bytes().data() + 12, 4);
    std::memcpy(ip + 16, s.dst.bytes().data() + 12, 4);
    checksumStore(ip + 10, checksumFinish(checksumAdd(0, ip, 20)));
  }

  uint8_t* l4p = ip + l3;
  uint32_t checksum_at = 0;  // offset of the checksum field within the transport header
  switch (s.protocol) {
    case kProtoTcp:
      putBe16(l4p, s.src_port);
      putBe16(l4p + 2, s.dst_port);
      putBe32(l4p + 4, s.seq);
      putBe32(l4p + 8, s.ack);
      l4p[12] = static_cast<uint8_t>((l4 / 4) << 4);
      l4p[13] = s.tcp_flags;
      putBe16(l4p + 14, s.window);
      putBe32(l4p + 16, 0);  // checksum and urgent pointer
      if (options != 0) std::memcpy(l4p + 20, s.tcp_options, options);
      checksum_at = 16;
      break;
    case kProtoUdp:
      putBe16(l4p, s.src_port);
      putBe16(l4p + 2, s.dst_port);
      putBe16(l4p + 4, static_cast<uint16_t>(8 + payload));
      putBe16(l4p + 6, 0);
      checksum_at = 6;
      break;
    case kProtoIcmp:
    case kProtoIcmpv6:
      l4p[0] = s.icmp_type;
      l4p[1] = s.icmp_code;
      putBe16(l4p + 2, 0);
      putBe16(l4p + 4, s.src_port);
      putBe16(l4p + 6, s.dst_port);
      checksum_at = 2;
      break;
    default:
      break;
  }

  uint8_t* data = l4p + l4;
  const uint32_t prefix = std::min<uint32_t>(s.payload_prefix_len, payload);
  if (prefix != 0) std::memcpy(data, s.payload, prefix);
  if (payload > prefix) std::memcpy(data + prefix, fillPattern(s.fill_offset), payload - prefix);

  if (l4 != 0) {
    uint64_t sum = 0;
    const uint32_t l4_len = l4 + payload;
    if (s.protocol != kProtoIcmp) {  // everything but ICMPv4 covers a pseudo header
      uint8_t tail[8] = {};
      if (v6) {
        sum = checksumAdd(sum, ip + 8, 32);
        putBe32(tail, l4_len);
        tail[7] = s.protocol;
        sum = checksumAdd(sum, tail, 8);
      } else {
        sum = checksumAdd(sum, ip + 12, 8);
        tail[1] = s.protocol;
        putBe16(tail + 2, static_cast<uint16_t>(l4_len));
        sum = checksumAdd(sum, tail, 4);
      }
    }
    uint16_t c = checksumFinish(checksumAdd(sum, l4p, l4_len));
    if (c == 0 && s.protocol == kProtoUdp) c = 0xffff;  // 0 means "no checksum" in UDP
    checksumStore(l4p + checksum_at, c);
  }

  summary = FrameSummary{};
  summary.length = finishFrame(out, len);
  summary.l3_offset = static_cast<uint16_t>(l2);
  summary.ip_version = v6 ? 6 : 4;
  summary.protocol = s.protocol;
  summary.tcp_flags = tcp ? s.tcp_flags : 0;
  summary.vlan = s.vlan != 0;
  return summary.length;
}

uint32_t FrameBuilder::buildArp(const ArpSpec& s, uint8_t* out, uint32_t capacity,
                                FrameSummary& summary) const noexcept {
  static constexpr uint8_t kBroadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  const uint32_t l2 = s.vlan != 0 ? 18 : 14;
  const uint32_t len = l2 + 28;
  if (std::max({len, fixed_, kMinFrame}) > capacity) return 0;
  const bool request = s.operation == 1;
  writeEthernet(out, request ? kBroadcast : s.target_mac, s.sender_mac, s.vlan, kEtherArp);
  uint8_t* a = out + l2;
  putBe16(a, 1);        // hardware: Ethernet
  putBe16(a + 2, kEtherIpv4);
  a[4] = 6;
  a[5] = 4;
  putBe16(a + 6, s.operation);
  std::memcpy(a + 8, s.sender_mac, 6);
  putBe32(a + 14, s.sender_ip);
  std::memcpy(a + 18, s.target_mac, 6);
  putBe32(a + 24, s.target_ip);
  summary = FrameSummary{};
  summary.length = finishFrame(out, len);
  summary.l3_offset = static_cast<uint16_t>(l2);
  summary.vlan = s.vlan != 0;
  return summary.length;
}

}  // namespace vigil::pcapgen
