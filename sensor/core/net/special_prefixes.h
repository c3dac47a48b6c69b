// Special-purpose address ranges (RFC 6890 and the IANA registries): what can never be a genuine Internet source.
#pragma once

#include <string_view>

#include "net/ip_address.h"
#include "net/prefix_set.h"

namespace vigil::net {

/// Addresses that must not appear as a packet's source on the public Internet (BCP 38 / RFC 6890):
/// IPv4 0.0.0.0/8 ("this network", RFC 791), 10/8, 172.16/12, 192.168/16 (private, RFC 1918),
/// 100.64/10 (shared CGN space, RFC 6598), 127/8 (loopback), 169.254/16 (link local, RFC 3927),
/// 192.0.0.0/24 (IETF protocol assignments), 192.0.2/24, 198.51.100/24, 203.0.113/24 (documentation,
/// RFC 5737), 198.18/15 (benchmarking, RFC 2544), 224/4 (multicast never sends), 240/4 (reserved,
/// RFC 1112) with 255.255.255.255; IPv6 ::/128 and ::1/128, 64:ff9b:1::/48 (local NAT64, RFC 8215),
/// 100::/64 (discard, RFC 6666), 2001:db8::/32 (documentation, RFC 3849), 2001:10::/28 (ORCHID),
/// 3fff::/20 (documentation, RFC 9637), fc00::/7 (unique local, RFC 4193), fe80::/10 (link local), ff00::/8 (multicast), and everything
/// outside 2000::/3 (not allocated as global unicast). The IPv4-mapped range is IPv4 here (see Prefix).
const PrefixSet& bogonPrefixes();
/// Private-use space: RFC 1918, 100.64/10 and fc00::/7.
const PrefixSet& privatePrefixes();
/// The registry name of the special range holding `ip` ("private-use", "loopback", "documentation",
/// "link-local", "multicast", "reserved", "this-network", "shared-address-space", "benchmarking",
/// "protocol-assignments", "unique-local", "discard-only", "nat64-local", "orchid", "unspecified",
/// "not-global-unicast"), or "" when it is an ordinary address.
std::string_view specialPurposeName(const IpAddress& ip);

}  // namespace vigil::net
