// Raw IP link types (LINKTYPE_RAW 101 and its DLT aliases): the IP version nibble picks the decoder.
#pragma once

#include "decode/layer_decoders.h"

namespace vigil::decode::detail {

inline DecodeStatus decodeRawIp(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept {
  if (p >= end) return kTruncatedRawIp;
  switch (p[0] >> 4) {
    case 4:
      return decodeIpv4(p, end, out, depth);
    case 6:
      return decodeIpv6(p, end, out, depth);
    default:
      return kBadIpVersion;
  }
}

}  // namespace vigil::decode::detail
