// Test-only frame builder: composes frames inside-out from hand-chosen header fields, lengths filled in.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "decode/decoder.h"
#include "net/ip_address.h"

namespace vigil::decode {

/// gtest prints statuses by name ("truncated_tcp") instead of as a raw byte.
inline void PrintTo(DecodeStatus status, std::ostream* os) {
  *os << decodeStatusName(status);
}

}  // namespace vigil::decode

namespace vigil::decode::frames {

using Bytes = std::vector<uint8_t>;

inline void putBe16(Bytes& b, std::size_t at, uint16_t v) {
  b.at(at) = uint8_t(v >> 8);
  b.at(at + 1) = uint8_t(v);
}
inline void putBe32(Bytes& b, std::size_t at, uint32_t v) {
  putBe16(b, at, uint16_t(v >> 16));
  putBe16(b, at + 2, uint16_t(v));
}
inline Bytes cat(Bytes head, const Bytes& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}
inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}
inline Bytes text(std::string_view s) {
  return Bytes(s.begin(), s.end());
}
inline Bytes zeros(std::size_t n) {
  return Bytes(n, 0);
}

inline net::IpAddress ip(std::string_view s) {
  auto a = net::IpAddress::parse(s);
  EXPECT_TRUE(a.has_value()) << s;
  return a.value_or(net::IpAddress{});
}

// ---- transport -------------------------------------------------------------------------------
struct TcpSpec {
  uint16_t sport = 40000;
  uint16_t dport = 80;
  uint32_t seq = 0x01020304;
  uint32_t ack = 0x0a0b0c0d;
  uint8_t flags = kTcpSyn;
  std::size_t option_bytes = 0;  // multiple of 4
};
inline Bytes tcp(const TcpSpec& s, const Bytes& payload = {}) {
  Bytes h(20 + s.option_bytes, 0);
  putBe16(h, 0, s.sport);
  putBe16(h, 2, s.dport);
  putBe32(h, 4, s.seq);
  putBe32(h, 8, s.ack);
  h[12] = uint8_t(((20 + s.option_bytes) / 4) << 4);
  h[13] = s.flags;
  putBe16(h, 14, 65535);
  for (std::size_t i = 20; i < h.size(); ++i)
    h[i] = 1;  // NOP options
  return cat(h, payload);
}
inline Bytes udp(uint16_t sport, uint16_t dport, const Bytes& payload = {}) {
  Bytes h(8, 0);
  putBe16(h, 0, sport);
  putBe16(h, 2, dport);
  putBe16(h, 4, uint16_t(8 + payload.size()));
  return cat(h, payload);
}
inline Bytes sctp(uint16_t sport, uint16_t dport, const Bytes& payload = {}) {
  Bytes h(12, 0);
  putBe16(h, 0, sport);
  putBe16(h, 2, dport);
  putBe32(h, 4, 0xdeadbeef);
  return cat(h, payload);
}
inline Bytes icmp(uint8_t type, uint8_t code, const Bytes& payload = {}) {
  Bytes h(8, 0);
  h[0] = type;
  h[1] = code;
  return cat(h, payload);
}

// ---- IP --------------------------------------------------------------------------------------
struct Ipv4Spec {
  std::string src = "192.0.2.1";
  std::string dst = "198.51.100.2";
  uint8_t protocol = 6;
  uint8_t ttl = 64;
  uint16_t fragment = 0;         // flags + offset field as on the wire (0x2000 = MF, low 13 bits offset/8)
  std::size_t option_bytes = 0;  // multiple of 4, at most 40
};
inline Bytes ipv4(const Ipv4Spec& s, const Bytes& payload) {
  const std::size_t hl = 20 + s.option_bytes;
  Bytes h(hl, 0);
  h[0] = uint8_t(0x40 | (hl / 4));
  putBe16(h, 2, uint16_t(hl + payload.size()));
  putBe16(h, 4, 0x1234);
  putBe16(h, 6, s.fragment);
  h[8] = s.ttl;
  h[9] = s.protocol;
  const auto src = ip(s.src);
  const auto dst = ip(s.dst);
  std::memcpy(h.data() + 12, src.bytes().data() + 12, 4);
  std::memcpy(h.data() + 16, dst.bytes().data() + 12, 4);
  for (std::size_t i = 20; i < hl; ++i)
    h[i] = 1;  // NOP options
  return cat(h, payload);
}

struct Ipv6Spec {
  std::string src = "2001:db8::1";
  std::string dst = "2001:db8:ffff::2";
  uint8_t next = 6;
  uint8_t hop_limit = 61;
};
/// `payload` includes any extension headers.
inline Bytes ipv6(const Ipv6Spec& s, const Bytes& payload) {
  Bytes h(40, 0);
  h[0] = 0x60;
  putBe16(h, 4, uint16_t(payload.size()));
  h[6] = s.next;
  h[7] = s.hop_limit;
  const auto src = ip(s.src);
  const auto dst = ip(s.dst);
  std::memcpy(h.data() + 8, src.bytes().data(), 16);
  std::memcpy(h.data() + 24, dst.bytes().data(), 16);
  return cat(h, payload);
}
/// Hop-by-hop, routing, destination options, mobility: `len` bytes (multiple of 8), 8-byte units.
inline Bytes ipv6Extension(uint8_t next, std::size_t len = 8) {
  Bytes h(len, 0);
  h[0] = next;
  h[1] = uint8_t(len / 8 - 1);
  return h;
}
/// `offset` in 8-byte units.
inline Bytes ipv6Fragment(uint8_t next, uint16_t offset, bool more) {
  Bytes h(8, 0);
  h[0] = next;
  putBe16(h, 2, uint16_t(offset << 3 | (more ? 1 : 0)));
  putBe32(h, 4, 0xcafe);
  return h;
}
/// Authentication header: `len` bytes (multiple of 4, >= 12), length field in 4-byte units minus 2.
inline Bytes ipv6Ah(uint8_t next, std::size_t len = 24) {
  Bytes h(len, 0);
  h[0] = next;
  h[1] = uint8_t(len / 4 - 2);
  return h;
}

// ---- link layers -----------------------------------------------------------------------------
inline Bytes ethernet(uint16_t type, const Bytes& payload) {
  Bytes h = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0, 0};
  putBe16(h, 12, type);
  return cat(h, payload);
}
/// One 802.1Q/802.1ad tag body (TCI, then the next ethertype); the tag's own TPID is the
/// previous ethertype.
inline Bytes vlanTag(uint16_t vlan_id, uint16_t next_type, uint8_t pcp = 0) {
  Bytes h(4, 0);
  putBe16(h, 0, uint16_t(pcp << 13 | vlan_id));
  putBe16(h, 2, next_type);
  return h;
}
inline Bytes mplsLabel(uint32_t label, bool bottom, uint8_t ttl = 64) {
  Bytes h(4, 0);
  putBe32(h, 0, label << 12 | (bottom ? 0x100u : 0u) | ttl);
  return h;
}
inline Bytes pppoeSession(uint16_t ppp_protocol, const Bytes& payload) {
  Bytes h = {0x11, 0x00, 0x12, 0x34, 0, 0, 0, 0};
  putBe16(h, 4, uint16_t(payload.size() + 2));
  putBe16(h, 6, ppp_protocol);
  return cat(h, payload);
}
inline Bytes sll(uint16_t protocol, const Bytes& payload) {
  Bytes h(16, 0);
  putBe16(h, 0, 0);  // packet type: to us
  putBe16(h, 2, 1);  // ARPHRD_ETHER
  putBe16(h, 4, 6);  // address length
  h[6] = 0x02;
  putBe16(h, 14, protocol);
  return cat(h, payload);
}
inline Bytes sll2(uint16_t protocol, const Bytes& payload) {
  Bytes h(20, 0);
  putBe16(h, 0, protocol);
  putBe32(h, 4, 1);    // interface index
  putBe16(h, 8, 772);  // ARPHRD_LOOPBACK
  h[10] = 0;           // packet type
  h[11] = 6;           // address length
  return cat(h, payload);
}
inline Bytes loopback(uint32_t family, bool big_endian, const Bytes& payload) {
  Bytes h(4, 0);
  if (big_endian) {
    putBe32(h, 0, family);
  } else {
    h = {uint8_t(family), uint8_t(family >> 8), uint8_t(family >> 16), uint8_t(family >> 24)};
  }
  return cat(h, payload);
}

// ---- tunnels ---------------------------------------------------------------------------------
inline constexpr uint16_t kGreC = 0x8000;
inline constexpr uint16_t kGreK = 0x2000;
inline constexpr uint16_t kGreS = 0x1000;
/// `bits` = flags and version word; one zero-filled 4-byte field is added per C, K, S bit.
inline Bytes gre(uint16_t bits, uint16_t protocol, const Bytes& payload) {
  std::size_t len = 4 + ((bits & kGreC) ? 4 : 0) + ((bits & kGreK) ? 4 : 0) + ((bits & kGreS) ? 4 : 0);
  Bytes h(len, 0);
  putBe16(h, 0, bits);
  putBe16(h, 2, protocol);
  return cat(h, payload);
}
inline Bytes erspan2(const Bytes& inner_ethernet) {
  Bytes h = {0x10, 0x64, 0x00, 0x07, 0x00, 0x00, 0x00, 0x01};  // version 1, VLAN 100, session 7
  return cat(h, inner_ethernet);
}
inline Bytes erspan3(bool platform_subheader, uint8_t frame_type, const Bytes& inner) {
  Bytes h(platform_subheader ? 20 : 12, 0);
  h[0] = 0x20;  // version 2 (= type III)
  h[10] = uint8_t(frame_type << 2);
  h[11] = platform_subheader ? 0x01 : 0x00;
  return cat(h, inner);
}

// ---- decoding --------------------------------------------------------------------------------
/// Owns an exact-size copy of the decoded prefix, so ASan flags any read past caplen and
/// view.payload stays valid.
struct Decoded {
  Bytes frame;
  DecodeStatus status = DecodeStatus::kCount;
  PacketView view;
  std::ptrdiff_t payloadOffset() const { return view.payload ? view.payload - frame.data() : -1; }
};
inline Decoded decodeFrame(LinkType link, const Bytes& frame, std::size_t caplen, uint64_t ts_ns = 1) {
  Decoded d;
  d.frame.assign(frame.begin(), frame.begin() + std::ptrdiff_t(caplen));
  d.frame.shrink_to_fit();
  d.status = Decoder(link).decode(d.frame.data(), uint32_t(caplen), uint32_t(frame.size()), ts_ns, d.view);
  return d;
}
inline Decoded decodeFrame(LinkType link, const Bytes& frame) {
  return decodeFrame(link, frame, frame.size());
}

}  // namespace vigil::decode::frames
