// Fast path of the decoder: untagged Ethernet, IPv4 without options or fragmentation, TCP or UDP, in one step.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "decode/byte_order.h"
#include "decode/layer_decoders.h"
#include "decode/packet_view.h"

namespace vigil::decode::detail {

/// Most frames on an Internet link are Ethernet II with an IPv4 header of 20 bytes, unfragmented, and
/// TCP or UDP. For those, this fills `out` exactly as the layer decoders would (decodeEthernet ->
/// decodeIpv4 -> decodeTcp / decodeUdp), with the checks of that chain but without its calls and
/// switches, and returns true; it is inlined into the worker's loop, where the chain cost about a
/// fifth of the per-packet work. Anything else (VLAN tags, IPv6, IP options, fragments, other
/// protocols, and every malformed or truncated header, whose status the layer decoders name) returns
/// false with `out` partly written, and the caller decodes the frame layer by layer from the start.
/// Tests check that both give the same view for every frame of the shared captures and for every
/// truncation and mutation of hand-built ones.
inline bool decodeEthernetIpv4Fast(const uint8_t* data, uint32_t caplen, uint32_t wirelen, uint64_t ts_ns,
                                   PacketView& out) noexcept {
  // Ethernet and IPv4 headers and the shorter transport header captured: every read below the
  // transport checks is in bounds.
  if (caplen < uint32_t(kEthernetHeaderLen + kIpv4MinHeaderLen + kUdpHeaderLen)) return false;
  const uint8_t* ip = data + kEthernetHeaderLen;
  // Version 4 and a 20-byte header in one byte; neither "more fragments" nor an offset.
  if (loadBe16(data + 12) != kEtherIpv4 || ip[0] != 0x45 || (loadBe16(ip + 6) & 0x3fff) != 0) return false;
  const uint16_t total_len = loadBe16(ip + 2);
  if (total_len < kIpv4MinHeaderLen) return false;
  const uint8_t protocol = ip[9];
  const uint8_t* transport = ip + kIpv4MinHeaderLen;
  // The datagram ends at the IP total length or the end of the capture, whichever comes first.
  const uint8_t* end = ip + std::min<std::ptrdiff_t>(total_len, std::ptrdiff_t(caplen) - kEthernetHeaderLen);
  const std::ptrdiff_t available = end - transport;
  const uint8_t* payload;
  const uint8_t* payload_end = end;
  if (protocol == kProtoTcp) {
    if (available < kTcpMinHeaderLen) return false;
    const std::ptrdiff_t header_len = (transport[12] >> 4) * 4;
    if (header_len < kTcpMinHeaderLen || available < header_len) return false;
    payload = transport + header_len;
    out.tcp_seq = loadBe32(transport + 4);
    out.tcp_ack = loadBe32(transport + 8);
    out.tcp_flags = transport[13];
  } else if (protocol == kProtoUdp) {
    if (available < kUdpHeaderLen) return false;
    const uint16_t udp_len = loadBe16(transport + 4);
    if (udp_len < kUdpHeaderLen) return false;
    payload = transport + kUdpHeaderLen;
    payload_end = transport + std::min<std::ptrdiff_t>(udp_len, available);
    out.tcp_seq = 0;
    out.tcp_ack = 0;
    out.tcp_flags = 0;
  } else {
    return false;
  }
  out.ts_ns = ts_ns;
  out.wire_len = wirelen;
  out.ip_len = total_len;
  out.src = net::IpAddress::fromV4Bytes(ip + 12);
  out.dst = net::IpAddress::fromV4Bytes(ip + 16);
  out.src_port = loadBe16(transport);
  out.dst_port = loadBe16(transport + 2);
  out.flags = kHasPorts;
  out.vlan_id = 0;
  setPayload(payload, payload_end, out);
  out.ip_version = 4;
  out.protocol = protocol;
  out.icmp_type = 0;
  out.icmp_code = 0;
  out.ttl = ip[8];
  return true;
}

}  // namespace vigil::decode::detail
