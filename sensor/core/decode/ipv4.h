// IPv4 header: options, total-length bounds, fragments; hands the datagram's payload to transport.
#pragma once

#include <algorithm>

#include "decode/byte_order.h"
#include "decode/layer_decoders.h"

namespace vigil::decode::detail {

inline constexpr uint16_t kIpv4MoreFragments = 0x2000;
inline constexpr uint16_t kIpv4OffsetMask = 0x1fff;

/// The datagram ends at min(total length, captured bytes): the total length cuts Ethernet padding
/// and trailers, the capture cuts snaplen-truncated packets (whose headers may still be complete).
/// A non-first fragment has no transport header: it is reported with its protocol and no ports
/// (kFragment | kLaterFragment); a first fragment (offset 0, MF) is decoded as usual plus kFragment.
inline DecodeStatus decodeIpv4(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept {
  const std::ptrdiff_t captured = end - p;
  if (captured < kIpv4MinHeaderLen) return kTruncatedIpv4;
  if ((p[0] >> 4) != 4) return kBadIpVersion;
  const std::ptrdiff_t header_len = (p[0] & 0x0f) * 4;
  if (header_len < kIpv4MinHeaderLen) return kBadIpv4HeaderLength;
  if (captured < header_len) return kTruncatedIpv4;
  const uint16_t total_len = loadBe16(p + 2);
  if (total_len < header_len) return kBadIpv4TotalLength;

  out.ip_version = 4;
  out.ip_len = total_len;
  out.ttl = p[8];
  out.protocol = p[9];
  out.src = net::IpAddress::fromV4Bytes(p + 12);
  out.dst = net::IpAddress::fromV4Bytes(p + 16);

  const uint16_t fragment = loadBe16(p + 6);
  if (fragment & kIpv4OffsetMask) {
    out.flags |= kFragment | kLaterFragment;
    return kOk;
  }
  if (fragment & kIpv4MoreFragments) out.flags |= kFragment;
  const uint8_t* datagram_end = p + std::min<std::ptrdiff_t>(total_len, captured);
  return decodeTransport(out.protocol, p + header_len, datagram_end, out, depth);
}

}  // namespace vigil::decode::detail
