// DecodeStatus: the outcome of decoding one frame; every non-ok value is a named anomaly counter.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace vigil::decode {

/// kOk: an IP packet was decoded. kNonIp: a well-formed frame that carries no IP (ARP, LLDP, ...);
/// counted, not an error. Every other value is a decode error, counted by its name.
/// kTruncatedX: the bytes available for layer X (captured, and inside the enclosing IP datagram's
/// length) do not hold its header. kBadX: a length or version field that cannot be right.
/// Keep kCount last: counter arrays are indexed by the enum value.
enum class DecodeStatus : uint8_t {
  kOk = 0,
  kNonIp,
  kUnsupportedLinkType,  // the Decoder was built for a LinkType value it does not know
  // L2
  kTruncatedEthernet,
  kTruncatedVlan,
  kTooManyVlanTags,
  kTruncatedMpls,
  kTooManyMplsLabels,
  kTruncatedPppoe,
  kTruncatedSll,
  kTruncatedSll2,
  kTruncatedNull,
  kUnknownNullFamily,
  kTruncatedRawIp,  // raw-IP frame with no byte to read the version from
  // IPv4
  kTruncatedIpv4,
  kBadIpVersion,
  kBadIpv4HeaderLength,
  kBadIpv4TotalLength,
  // IPv6
  kTruncatedIpv6,
  kTruncatedIpv6Extension,
  kBadIpv6PayloadLength,
  kTooManyIpv6Extensions,
  // transport
  kTruncatedTcp,
  kBadTcpDataOffset,
  kTruncatedUdp,
  kBadUdpLength,
  kTruncatedSctp,
  kTruncatedIcmp,
  kTruncatedIcmpv6,
  // tunnels
  kTruncatedGre,
  kUnsupportedGre,
  kTruncatedErspan,
  kTunnelTooDeep,
  kCount
};

inline constexpr std::size_t kDecodeStatusCount = static_cast<std::size_t>(DecodeStatus::kCount);

/// snake_case name for counters, metrics labels and the --stats JSON ("truncated_ipv4").
std::string_view decodeStatusName(DecodeStatus status) noexcept;

/// Per-reason counters owned by one worker.
using DecodeCounters = std::array<uint64_t, kDecodeStatusCount>;

}  // namespace vigil::decode
