// Hand-made PacketViews for the flow module's tests.
#pragma once

#include <cstdint>

#include "decode/packet_view.h"
#include "net/ip_address.h"

namespace vigil::flow::test_packets {

inline net::IpAddress ip(const char* text) {
  return *net::IpAddress::parse(text);
}

inline constexpr uint64_t kSecond = 1'000'000'000;
inline constexpr uint8_t kSyn = decode::kTcpSyn;
inline constexpr uint8_t kAck = decode::kTcpAck;
inline constexpr uint8_t kSynAck = decode::kTcpSyn | decode::kTcpAck;
inline constexpr uint8_t kRst = decode::kTcpRst;
inline constexpr uint8_t kRstAck = decode::kTcpRst | decode::kTcpAck;
inline constexpr uint8_t kFinAck = decode::kTcpFin | decode::kTcpAck;
inline constexpr uint8_t kPshAck = decode::kTcpPsh | decode::kTcpAck;

inline decode::PacketView tcp(const net::IpAddress& src, uint16_t sport, const net::IpAddress& dst, uint16_t dport,
                              uint8_t flags, uint64_t ts_ns, uint32_t wire_len = 60) {
  decode::PacketView pv;
  pv.ts_ns = ts_ns;
  pv.wire_len = wire_len;
  pv.ip_len = wire_len - 14;
  pv.src = src;
  pv.dst = dst;
  pv.src_port = sport;
  pv.dst_port = dport;
  pv.flags = decode::kHasPorts;
  pv.ip_version = src.isV4() ? 4 : 6;
  pv.protocol = 6;
  pv.tcp_flags = flags;
  pv.ttl = 64;
  return pv;
}

inline decode::PacketView udp(const net::IpAddress& src, uint16_t sport, const net::IpAddress& dst, uint16_t dport,
                              uint64_t ts_ns, uint32_t wire_len = 100) {
  decode::PacketView pv = tcp(src, sport, dst, dport, 0, ts_ns, wire_len);
  pv.protocol = 17;
  return pv;
}

inline decode::PacketView icmp(const net::IpAddress& src, const net::IpAddress& dst, uint8_t type, uint64_t ts_ns,
                               uint32_t wire_len = 98) {
  decode::PacketView pv = tcp(src, 0, dst, 0, 0, ts_ns, wire_len);
  pv.flags = 0;
  pv.src_port = 0;
  pv.dst_port = 0;
  pv.protocol = pv.ip_version == 4 ? 1 : 58;
  pv.icmp_type = type;
  return pv;
}

/// A non-first fragment of a UDP datagram: no ports, no transport header.
inline decode::PacketView laterFragment(const net::IpAddress& src, const net::IpAddress& dst, uint64_t ts_ns,
                                        uint32_t wire_len = 1514) {
  decode::PacketView pv = udp(src, 0, dst, 0, ts_ns, wire_len);
  pv.flags = decode::kFragment | decode::kLaterFragment;
  pv.src_port = 0;
  pv.dst_port = 0;
  return pv;
}

}  // namespace vigil::flow::test_packets
