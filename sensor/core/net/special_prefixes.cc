// Special-purpose address ranges: one table, from which the bogon set and the names are derived.
#include "net/special_prefixes.h"

#include <vector>

namespace vigil::net {
namespace {

struct Special {
  const char* cidr;
  const char* name;
  bool bogon;
  bool private_use;
};

// Order matters for specialPurposeName: more specific ranges first.
constexpr Special kSpecial[] = {
    {"0.0.0.0/8", "this-network", true, false},
    {"10.0.0.0/8", "private-use", true, true},
    {"100.64.0.0/10", "shared-address-space", true, true},
    {"127.0.0.0/8", "loopback", true, false},
    {"169.254.0.0/16", "link-local", true, false},
    {"172.16.0.0/12", "private-use", true, true},
    {"192.0.0.0/24", "protocol-assignments", true, false},
    {"192.0.2.0/24", "documentation", true, false},
    {"192.168.0.0/16", "private-use", true, true},
    {"198.18.0.0/15", "benchmarking", true, false},
    {"198.51.100.0/24", "documentation", true, false},
    {"203.0.113.0/24", "documentation", true, false},
    {"224.0.0.0/4", "multicast", true, false},
    {"240.0.0.0/4", "reserved", true, false},
    {"::/128", "unspecified", true, false},
    {"::1/128", "loopback", true, false},
    {"64:ff9b:1::/48", "nat64-local", true, false},
    {"100::/64", "discard-only", true, false},
    {"2001:10::/28", "orchid", true, false},
    {"2001:db8::/32", "documentation", true, false},
    {"3fff::/20", "documentation", true, false},
    {"fc00::/7", "unique-local", true, true},
    {"fe80::/10", "link-local", true, false},
    {"ff00::/8", "multicast", true, false},
    // Outside 2000::/3 nothing is allocated as global unicast: the two halves around it.
    {"::/3", "not-global-unicast", true, false},
    {"4000::/2", "not-global-unicast", true, false},
    {"8000::/1", "not-global-unicast", true, false},
};

PrefixSet buildSet(bool want_private) {
  std::vector<Prefix> prefixes;
  for (const Special& s : kSpecial) {
    if (want_private ? s.private_use : s.bogon) prefixes.push_back(*Prefix::parse(s.cidr));
  }
  return PrefixSet(prefixes);
}

}  // namespace

const PrefixSet& bogonPrefixes() {
  static const PrefixSet set = buildSet(false);
  return set;
}

const PrefixSet& privatePrefixes() {
  static const PrefixSet set = buildSet(true);
  return set;
}

std::string_view specialPurposeName(const IpAddress& ip) {
  for (const Special& s : kSpecial) {
    if (Prefix::parse(s.cidr)->contains(ip)) return s.name;
  }
  return {};
}

}  // namespace vigil::net
