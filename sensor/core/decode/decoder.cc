// Decoder::decodeLayers: the link-type switch in front of the inline per-layer decoders (one translation unit).
#include "decode/decoder.h"

#include "decode/ethernet.h"
#include "decode/ipv4.h"
#include "decode/ipv6.h"
#include "decode/linux_sll.h"
#include "decode/loopback.h"
#include "decode/mpls.h"
#include "decode/pppoe.h"
#include "decode/raw_ip.h"
#include "decode/transport.h"
#include "decode/tunnel.h"

namespace vigil::decode {

DecodeStatus Decoder::decodeLayers(const uint8_t* data, uint32_t caplen, uint32_t wirelen, uint64_t ts_ns,
                                   PacketView& out) const noexcept {
  out = PacketView{};
  out.ts_ns = ts_ns;
  out.wire_len = wirelen;
  const uint8_t* end = data + caplen;
  switch (link_) {
    case LinkType::kEthernet:
      return detail::decodeEthernet(data, end, out, 0);
    case LinkType::kRaw:
      return detail::decodeRawIp(data, end, out, 0);
    case LinkType::kIpv4:
      return detail::decodeIpv4(data, end, out, 0);
    case LinkType::kIpv6:
      return detail::decodeIpv6(data, end, out, 0);
    case LinkType::kLinuxSll:
      return detail::decodeLinuxSll(data, end, out, 0);
    case LinkType::kLinuxSll2:
      return detail::decodeLinuxSll2(data, end, out, 0);
    case LinkType::kNull:
    case LinkType::kLoop:
      return detail::decodeLoopback(data, end, out, 0);
  }
  return DecodeStatus::kUnsupportedLinkType;  // a LinkType cast from an unchecked number
}

}  // namespace vigil::decode
