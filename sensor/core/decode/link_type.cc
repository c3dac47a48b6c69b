// linkTypeFromNumber / linkTypeName: mapping pcap link-type numbers to the LinkTypes the decoder handles.
#include "decode/link_type.h"

namespace vigil::decode {

std::optional<LinkType> linkTypeFromNumber(uint32_t number) noexcept {
  switch (number) {
    case 0:
      return LinkType::kNull;
    case 1:
      return LinkType::kEthernet;
    // DLT_RAW is 12 on most platforms and 14 on OpenBSD; libpcap's pcap_datalink() reports it
    // for LINKTYPE_RAW files, and some writers store it in the file as is.
    case 12:
    case 14:
    case 101:
      return LinkType::kRaw;
    case 108:
      return LinkType::kLoop;
    case 113:
      return LinkType::kLinuxSll;
    case 228:
      return LinkType::kIpv4;
    case 229:
      return LinkType::kIpv6;
    case 276:
      return LinkType::kLinuxSll2;
    default:
      return std::nullopt;
  }
}

std::string_view linkTypeName(LinkType type) noexcept {
  switch (type) {
    case LinkType::kNull:
      return "null";
    case LinkType::kEthernet:
      return "ethernet";
    case LinkType::kRaw:
      return "raw";
    case LinkType::kLoop:
      return "loop";
    case LinkType::kLinuxSll:
      return "linux-sll";
    case LinkType::kIpv4:
      return "ipv4";
    case LinkType::kIpv6:
      return "ipv6";
    case LinkType::kLinuxSll2:
      return "linux-sll2";
  }
  return "unknown";
}

}  // namespace vigil::decode
