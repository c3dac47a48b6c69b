// IPv6 header and extension-header chain (hop-by-hop, routing, fragment, dest options, AH, mobility...).
#pragma once

#include "decode/byte_order.h"
#include "decode/layer_decoders.h"

namespace vigil::decode::detail {

inline constexpr std::ptrdiff_t kIpv6HeaderLen = 40;
inline constexpr std::ptrdiff_t kIpv6ExtensionMinLen = 8;
inline constexpr uint16_t kIpv6OffsetMask = 0xfff8;
inline constexpr uint16_t kIpv6MoreFragments = 0x0001;

/// Extension headers that are skipped to reach the upper layer. ESP (50) is not one: what follows
/// it is encrypted, so it ends the chain as the packet's protocol.
inline bool isIpv6Extension(uint8_t next) noexcept {
  switch (next) {
    case kProtoHopByHop:
    case kProtoIpv6Routing:
    case kProtoIpv6Fragment:
    case kProtoIpv6DestOptions:
    case kProtoAh:
    case kProtoMobility:
    case kProtoHip:
    case kProtoShim6:
      return true;
    default:
      return false;
  }
}

/// The datagram ends at min(40 + payload length, captured bytes). A payload length of 0 with a
/// hop-by-hop header is a jumbogram (RFC 2675, also what Linux BIG TCP shows to taps): it is
/// bounded by the capture and ip_len is the captured length. An extension header that crosses the
/// payload length but not the capture is kBadIpv6PayloadLength; one that crosses the capture is
/// kTruncatedIpv6Extension. The chain walk stops after kMaxIpv6Extensions headers.
inline DecodeStatus decodeIpv6(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept {
  const std::ptrdiff_t captured = end - p;
  if (captured < kIpv6HeaderLen) return kTruncatedIpv6;
  if ((p[0] >> 4) != 6) return kBadIpVersion;
  const uint16_t payload_len = loadBe16(p + 4);
  uint8_t next = p[6];

  out.ip_version = 6;
  out.ttl = p[7];
  out.src = net::IpAddress::fromV6Bytes(p + 8);
  out.dst = net::IpAddress::fromV6Bytes(p + 24);

  const uint8_t* datagram_end = end;
  if (payload_len == 0 && next == kProtoHopByHop) {
    out.ip_len = static_cast<uint32_t>(captured);
  } else {
    out.ip_len = kIpv6HeaderLen + payload_len;
    if (captured - kIpv6HeaderLen > payload_len) datagram_end = p + kIpv6HeaderLen + payload_len;
  }

  const uint8_t* q = p + kIpv6HeaderLen;
  for (unsigned count = 0; isIpv6Extension(next); ++count) {
    if (count == kMaxIpv6Extensions) return kTooManyIpv6Extensions;
    std::ptrdiff_t len = kIpv6ExtensionMinLen;
    if (datagram_end - q >= kIpv6ExtensionMinLen) {
      if (next == kProtoAh) {
        len = (q[1] + 2) * 4;  // AH counts 4-byte units, minus 2
      } else if (next != kProtoIpv6Fragment) {
        len = (q[1] + 1) * 8;  // every other extension counts 8-byte units, minus 1
      }
    }
    if (datagram_end - q < len) return end - q >= len ? kBadIpv6PayloadLength : kTruncatedIpv6Extension;
    if (next == kProtoIpv6Fragment) {
      const uint16_t fragment = loadBe16(q + 2);
      // Offset 0 without M is an atomic fragment (RFC 6946): a whole datagram, not a fragment.
      if (fragment & kIpv6OffsetMask) {
        out.flags |= kFragment | kLaterFragment;
        out.protocol = q[0];
        return kOk;
      }
      if (fragment & kIpv6MoreFragments) out.flags |= kFragment;
    }
    next = q[0];
    q += len;
  }

  out.protocol = next;
  if (next == kProtoNoNextHeader) return kOk;
  return decodeTransport(next, q, datagram_end, out, depth);
}

}  // namespace vigil::decode::detail
