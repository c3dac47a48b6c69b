// decodeStatusName: the snake_case counter name of each DecodeStatus.
#include "decode/decode_status.h"

namespace vigil::decode {

std::string_view decodeStatusName(DecodeStatus status) noexcept {
  // A switch without default: -Wswitch (in -Wall) flags a status added without a name.
  switch (status) {
    case DecodeStatus::kOk:
      return "ok";
    case DecodeStatus::kNonIp:
      return "non_ip";
    case DecodeStatus::kUnsupportedLinkType:
      return "unsupported_link_type";
    case DecodeStatus::kTruncatedEthernet:
      return "truncated_ethernet";
    case DecodeStatus::kTruncatedVlan:
      return "truncated_vlan";
    case DecodeStatus::kTooManyVlanTags:
      return "too_many_vlan_tags";
    case DecodeStatus::kTruncatedMpls:
      return "truncated_mpls";
    case DecodeStatus::kTooManyMplsLabels:
      return "too_many_mpls_labels";
    case DecodeStatus::kTruncatedPppoe:
      return "truncated_pppoe";
    case DecodeStatus::kTruncatedSll:
      return "truncated_sll";
    case DecodeStatus::kTruncatedSll2:
      return "truncated_sll2";
    case DecodeStatus::kTruncatedNull:
      return "truncated_null";
    case DecodeStatus::kUnknownNullFamily:
      return "unknown_null_family";
    case DecodeStatus::kTruncatedRawIp:
      return "truncated_raw_ip";
    case DecodeStatus::kTruncatedIpv4:
      return "truncated_ipv4";
    case DecodeStatus::kBadIpVersion:
      return "bad_ip_version";
    case DecodeStatus::kBadIpv4HeaderLength:
      return "bad_ipv4_header_length";
    case DecodeStatus::kBadIpv4TotalLength:
      return "bad_ipv4_total_length";
    case DecodeStatus::kTruncatedIpv6:
      return "truncated_ipv6";
    case DecodeStatus::kTruncatedIpv6Extension:
      return "truncated_ipv6_extension";
    case DecodeStatus::kBadIpv6PayloadLength:
      return "bad_ipv6_payload_length";
    case DecodeStatus::kTooManyIpv6Extensions:
      return "too_many_ipv6_extensions";
    case DecodeStatus::kTruncatedTcp:
      return "truncated_tcp";
    case DecodeStatus::kBadTcpDataOffset:
      return "bad_tcp_data_offset";
    case DecodeStatus::kTruncatedUdp:
      return "truncated_udp";
    case DecodeStatus::kBadUdpLength:
      return "bad_udp_length";
    case DecodeStatus::kTruncatedSctp:
      return "truncated_sctp";
    case DecodeStatus::kTruncatedIcmp:
      return "truncated_icmp";
    case DecodeStatus::kTruncatedIcmpv6:
      return "truncated_icmpv6";
    case DecodeStatus::kTruncatedGre:
      return "truncated_gre";
    case DecodeStatus::kUnsupportedGre:
      return "unsupported_gre";
    case DecodeStatus::kTruncatedErspan:
      return "truncated_erspan";
    case DecodeStatus::kTunnelTooDeep:
      return "tunnel_too_deep";
    case DecodeStatus::kCount:
      break;
  }
  return "unknown";
}

}  // namespace vigil::decode
