// LinkType: the capture link-layer types the decoder understands, with their DLT/LINKTYPE numbers.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil::decode {

/// Values are the tcpdump.org LINKTYPE_* numbers, so a pcap header's network field maps directly.
enum class LinkType : uint16_t {
  kNull = 0,        // BSD loopback: 4-byte address family in host byte order of the capturing machine
  kEthernet = 1,    // Ethernet II / 802.3, with 802.1Q, 802.1ad/QinQ and MPLS
  kRaw = 101,       // raw IPv4 or IPv6, version from the first nibble (DLT_RAW on most platforms)
  kLoop = 108,      // OpenBSD loopback: 4-byte address family in network byte order
  kLinuxSll = 113,  // Linux cooked capture v1
  kIpv4 = 228,      // raw IPv4
  kIpv6 = 229,      // raw IPv6
  kLinuxSll2 = 276, // Linux cooked capture v2
};

/// Maps a pcap/pcapng link-type number to a supported LinkType; nullopt when unsupported.
/// Also accepts the platform DLT aliases (12 and 14 for raw IP) that some writers use.
std::optional<LinkType> linkTypeFromNumber(uint32_t number) noexcept;

/// Short lower-case name ("ethernet", "linux-sll2", ...) for messages and metrics labels.
std::string_view linkTypeName(LinkType type) noexcept;

}  // namespace vigil::decode
