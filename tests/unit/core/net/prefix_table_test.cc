// Tests for PrefixTable: most specific match, edges of both spaces, duplicates, lookupAll, and two references.
#include "net/prefix_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vigil::net {
namespace {

using Entries = std::vector<std::pair<Prefix, uint32_t>>;

IpAddress ip(const char* s) {
  return *IpAddress::parse(s);
}
Entries entries(std::initializer_list<std::pair<const char*, uint32_t>> list) {
  Entries out;
  for (const auto& [text, value] : list)
    out.emplace_back(*Prefix::parse(text), value);
  return out;
}
std::string describe(const std::optional<PrefixTable::Match>& m) {
  return m ? m->prefix.toString() + "=" + std::to_string(m->value) : "none";
}
std::string describe(const PrefixTable& table, const char* address) {
  return describe(table.lookup(ip(address)));
}
std::vector<std::string> describeAll(const PrefixTable& table, const char* address) {
  std::vector<PrefixTable::Match> all(3);  // lookupAll replaces what is there
  table.lookupAll(ip(address), all);
  std::vector<std::string> out;
  for (const PrefixTable::Match& m : all)
    out.push_back(describe(m));
  return out;
}

TEST(PrefixTableTest, EmptyTableFindsNothing) {
  const PrefixTable none;
  const PrefixTable built{Entries{}};
  for (const PrefixTable* t : {&none, &built}) {
    EXPECT_EQ(t->size(), 0u);
    EXPECT_TRUE(t->empty());
    EXPECT_EQ(t->duplicates(), 0u);
    EXPECT_EQ(t->intervals(), 0u);
    EXPECT_EQ(t->memoryBytes(), sizeof(PrefixTable));
    EXPECT_EQ(describe(*t, "10.0.0.1"), "none");
    EXPECT_EQ(describe(*t, "::"), "none");
    EXPECT_EQ(describeAll(*t, "10.0.0.1"), std::vector<std::string>{});
  }
}

TEST(PrefixTableTest, MostSpecificOfNestedPrefixesWins) {
  const Entries list = entries({{"10.1.2.0/24", 3}, {"10.0.0.0/8", 1}, {"10.1.0.0/16", 2}});
  const PrefixTable t(list);
  EXPECT_EQ(t.size(), 3u);
  // none | /8 | /16 | /24 | /16 | /8 | none
  EXPECT_EQ(t.intervals(), 7u);
  EXPECT_EQ(describe(t, "10.1.2.0"), "10.1.2.0/24=3");
  EXPECT_EQ(describe(t, "10.1.2.255"), "10.1.2.0/24=3");
  EXPECT_EQ(describe(t, "10.1.1.255"), "10.1.0.0/16=2");
  EXPECT_EQ(describe(t, "10.1.3.0"), "10.1.0.0/16=2");
  EXPECT_EQ(describe(t, "10.1.0.0"), "10.1.0.0/16=2");
  EXPECT_EQ(describe(t, "10.1.255.255"), "10.1.0.0/16=2");
  EXPECT_EQ(describe(t, "10.0.255.255"), "10.0.0.0/8=1");
  EXPECT_EQ(describe(t, "10.0.0.0"), "10.0.0.0/8=1");
  EXPECT_EQ(describe(t, "10.2.0.0"), "10.0.0.0/8=1");
  EXPECT_EQ(describe(t, "10.255.255.255"), "10.0.0.0/8=1");
  EXPECT_EQ(describe(t, "9.255.255.255"), "none");
  EXPECT_EQ(describe(t, "11.0.0.0"), "none");
  EXPECT_EQ(describe(t, "0.0.0.0"), "none");
  EXPECT_EQ(describe(t, "::a01:203"), "none");  // ::10.1.2.3 is IPv6
}

TEST(PrefixTableTest, AdjacentPrefixesKeepTheirOwnValues) {
  const Entries list =
      entries({{"10.0.0.0/25", 1}, {"10.0.0.128/25", 2}, {"10.0.1.0/24", 3}, {"10.0.0.0/23", 4}, {"10.0.2.0/24", 3}});
  const PrefixTable t(list);
  // none | /25 | /25 | 10.0.1/24 | 10.0.2/24 | none: the /23 is never the most specific.
  EXPECT_EQ(t.intervals(), 6u);
  EXPECT_EQ(describe(t, "9.255.255.255"), "none");
  EXPECT_EQ(describe(t, "10.0.0.0"), "10.0.0.0/25=1");
  EXPECT_EQ(describe(t, "10.0.0.127"), "10.0.0.0/25=1");
  EXPECT_EQ(describe(t, "10.0.0.128"), "10.0.0.128/25=2");
  EXPECT_EQ(describe(t, "10.0.0.255"), "10.0.0.128/25=2");
  EXPECT_EQ(describe(t, "10.0.1.0"), "10.0.1.0/24=3");
  EXPECT_EQ(describe(t, "10.0.1.255"), "10.0.1.0/24=3");
  EXPECT_EQ(describe(t, "10.0.2.0"), "10.0.2.0/24=3");
  EXPECT_EQ(describe(t, "10.0.2.255"), "10.0.2.0/24=3");
  EXPECT_EQ(describe(t, "10.0.3.0"), "none");
  EXPECT_EQ(describeAll(t, "10.0.1.7"), (std::vector<std::string>{"10.0.1.0/24=3", "10.0.0.0/23=4"}));
  EXPECT_EQ(describeAll(t, "10.0.2.7"), (std::vector<std::string>{"10.0.2.0/24=3"}));
}

TEST(PrefixTableTest, Ipv4AndIpv6AreSeparateSpaces) {
  const Entries v6_default = entries({{"::/0", 1}});
  const PrefixTable only_v6(v6_default);
  EXPECT_EQ(describe(only_v6, "10.0.0.1"), "none");
  EXPECT_EQ(describe(only_v6, "::ffff:10.0.0.1"), "none");  // the IPv4 address 10.0.0.1
  EXPECT_EQ(describe(only_v6, "::"), "::/0=1");
  EXPECT_EQ(describe(only_v6, "2001:db8::1"), "::/0=1");

  const Entries v4_default = entries({{"0.0.0.0/0", 2}});
  const PrefixTable only_v4(v4_default);
  EXPECT_EQ(describe(only_v4, "::1"), "none");
  EXPECT_EQ(describe(only_v4, "2001:db8::1"), "none");
  EXPECT_EQ(describe(only_v4, "10.0.0.1"), "0.0.0.0/0=2");
  EXPECT_EQ(describe(only_v4, "::ffff:10.0.0.1"), "0.0.0.0/0=2");

  // Same low-order bits in both spaces: ::a00:0/104 is ::10.0.0.0/104, an IPv6 block (IPv4-compatible form). ::/1 spans
  // the IPv4-mapped range numerically but holds no IPv4 address.
  const Entries both = entries({{"10.0.0.0/8", 3}, {"::a00:0/104", 4}, {"::/1", 5}});
  const PrefixTable t(both);
  EXPECT_EQ(describe(t, "10.0.0.1"), "10.0.0.0/8=3");
  EXPECT_EQ(describe(t, "::a00:1"), "::10.0.0.0/104=4");
  EXPECT_EQ(describe(t, "::b00:1"), "::/1=5");
  EXPECT_EQ(describe(t, "11.0.0.1"), "none");
  EXPECT_EQ(describe(t, "::1:0:0:0"), "::/1=5");
  EXPECT_EQ(describe(t, "8000::"), "none");
  EXPECT_EQ(describeAll(t, "10.0.0.1"), (std::vector<std::string>{"10.0.0.0/8=3"}));
  EXPECT_EQ(describeAll(t, "::a00:1"), (std::vector<std::string>{"::10.0.0.0/104=4", "::/1=5"}));
}

TEST(PrefixTableTest, DefaultRoutesAndHostRoutesAtTheEdgesOfTheSpace) {
  const Entries list = entries({{"0.0.0.0/0", 1},
                                {"0.0.0.0/32", 2},
                                {"255.255.255.255/32", 3},
                                {"255.255.255.254/31", 8},
                                {"::/0", 4},
                                {"::/128", 5},
                                {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", 6},
                                {"2001:db8::1/128", 7},
                                {"2001:db8::/64", 9}});
  const PrefixTable t(list);
  EXPECT_EQ(describe(t, "0.0.0.0"), "0.0.0.0/32=2");
  EXPECT_EQ(describe(t, "0.0.0.1"), "0.0.0.0/0=1");
  EXPECT_EQ(describe(t, "255.255.255.253"), "0.0.0.0/0=1");
  EXPECT_EQ(describe(t, "255.255.255.254"), "255.255.255.254/31=8");
  EXPECT_EQ(describe(t, "255.255.255.255"), "255.255.255.255/32=3");
  EXPECT_EQ(describe(t, "::"), "::/128=5");
  EXPECT_EQ(describe(t, "::1"), "::/0=4");
  EXPECT_EQ(describe(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"), "::/0=4");
  EXPECT_EQ(describe(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128=6");
  EXPECT_EQ(describe(t, "2001:db8::"), "2001:db8::/64=9");
  EXPECT_EQ(describe(t, "2001:db8::1"), "2001:db8::1/128=7");
  EXPECT_EQ(describe(t, "2001:db8::2"), "2001:db8::/64=9");
  EXPECT_EQ(describe(t, "2001:db8:0:0:ffff:ffff:ffff:ffff"), "2001:db8::/64=9");
  EXPECT_EQ(describe(t, "2001:db8:0:1::"), "::/0=4");
  EXPECT_EQ(describeAll(t, "255.255.255.255"),
            (std::vector<std::string>{"255.255.255.255/32=3", "255.255.255.254/31=8", "0.0.0.0/0=1"}));
  EXPECT_EQ(describeAll(t, "2001:db8::1"),
            (std::vector<std::string>{"2001:db8::1/128=7", "2001:db8::/64=9", "::/0=4"}));

  // Host routes alone at the very top: nothing after them to hand back to.
  const Entries tops = entries({{"255.255.255.255/32", 1}, {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", 2}});
  const PrefixTable top(tops);
  EXPECT_EQ(top.intervals(), 4u);
  EXPECT_EQ(describe(top, "255.255.255.254"), "none");
  EXPECT_EQ(describe(top, "255.255.255.255"), "255.255.255.255/32=1");
  EXPECT_EQ(describe(top, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"), "none");
  EXPECT_EQ(describe(top, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128=2");
}

TEST(PrefixTableTest, DuplicatePrefixesLastOneWins) {
  const Entries list = entries({{"10.0.0.0/8", 1},
                                {"10.0.0.0/8", 2},
                                {"2001:db8::/32", 3},
                                {"10.0.0.0/16", 6},
                                {"10.0.0.0/8", 4},
                                {"2001:db8::/32", 5}});
  const PrefixTable t(list);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.duplicates(), 3u);
  EXPECT_EQ(describe(t, "10.1.0.0"), "10.0.0.0/8=4");
  EXPECT_EQ(describe(t, "10.0.0.1"), "10.0.0.0/16=6");
  EXPECT_EQ(describe(t, "2001:db8::1"), "2001:db8::/32=5");
  EXPECT_EQ(describeAll(t, "10.0.0.1"), (std::vector<std::string>{"10.0.0.0/16=6", "10.0.0.0/8=4"}));
}

TEST(PrefixTableTest, LookupAllListsEveryCoveringPrefixMostSpecificFirst) {
  const Entries list = entries({{"10.1.2.128/25", 4},
                                {"0.0.0.0/0", 0},
                                {"10.0.0.0/8", 1},
                                {"10.1.0.0/16", 2},
                                {"10.1.2.0/24", 3},
                                {"10.1.3.0/24", 5},
                                {"2001:db8:1::/48", 8},
                                {"::/0", 6},
                                {"2001:db8::/32", 7}});
  const PrefixTable t(list);
  EXPECT_EQ(describeAll(t, "10.1.2.200"), (std::vector<std::string>{"10.1.2.128/25=4", "10.1.2.0/24=3", "10.1.0.0/16=2",
                                                                    "10.0.0.0/8=1", "0.0.0.0/0=0"}));
  EXPECT_EQ(describeAll(t, "10.1.2.1"),
            (std::vector<std::string>{"10.1.2.0/24=3", "10.1.0.0/16=2", "10.0.0.0/8=1", "0.0.0.0/0=0"}));
  // The parent of 10.1.3.0/24 is the /16, not its sibling 10.1.2.0/24.
  EXPECT_EQ(describeAll(t, "10.1.3.1"),
            (std::vector<std::string>{"10.1.3.0/24=5", "10.1.0.0/16=2", "10.0.0.0/8=1", "0.0.0.0/0=0"}));
  EXPECT_EQ(describeAll(t, "11.0.0.1"), (std::vector<std::string>{"0.0.0.0/0=0"}));
  EXPECT_EQ(describeAll(t, "2001:db8:1::5"),
            (std::vector<std::string>{"2001:db8:1::/48=8", "2001:db8::/32=7", "::/0=6"}));
  EXPECT_EQ(describeAll(t, "2001:db9::"), (std::vector<std::string>{"::/0=6"}));
  const Entries v4_only = entries({{"10.0.0.0/8", 1}});
  EXPECT_EQ(describeAll(PrefixTable(v4_only), "11.0.0.1"), std::vector<std::string>{});
}

std::string hex(uint32_t v) {
  char buf[8];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v, 16).ptr);
}

TEST(PrefixTableTest, CrowdedBlocksAreSearchedThroughTheirSubIndex) {
  // 120 /16s on every other /16 of 10.0.0.0/8 under the /8 itself: about 240 intervals in one
  // top-level block (a table this size indexes by /8), far over the sub-index threshold, which then
  // splits the block by the next bits; the same in 2a00::/8 with /16s.
  constexpr uint32_t kBlocks = 120;
  Entries list = entries({{"10.0.0.0/8", 1000}, {"2a00::/8", 2000}});
  for (uint32_t i = 0; i < kBlocks; ++i) {
    list.emplace_back(*Prefix::parse("10." + std::to_string(2 * i) + ".0.0/16"), i);
    list.emplace_back(*Prefix::parse(hex(0x2a00 + 2 * i + 1) + "::/16"), 500 + i);
  }
  const PrefixTable t(list);
  // IPv4: none, 120 x (/16, /8), none (10.0.0.0/16 starts with the /8); IPv6: none, /8, 120 x (/16, /8), none.
  EXPECT_EQ(t.intervals(), (1 + 2 * kBlocks + 1) + (1 + 1 + 2 * kBlocks + 1));
  for (uint32_t i = 0; i < kBlocks; ++i) {
    const std::string in = "10." + std::to_string(2 * i) + ".";
    const std::string gap = "10." + std::to_string(2 * i + 1) + ".";
    ASSERT_EQ(describe(t, (in + "0.0").c_str()), in + "0.0/16=" + std::to_string(i));
    ASSERT_EQ(describe(t, (in + "255.255").c_str()), in + "0.0/16=" + std::to_string(i));
    ASSERT_EQ(describe(t, (gap + "0.0").c_str()), "10.0.0.0/8=1000");
    ASSERT_EQ(describe(t, (gap + "255.255").c_str()), "10.0.0.0/8=1000");
    const std::string in6 = hex(0x2a00 + 2 * i + 1);
    const std::string gap6 = hex(0x2a00 + 2 * i + 2);
    ASSERT_EQ(describe(t, (in6 + "::").c_str()), in6 + "::/16=" + std::to_string(500 + i));
    ASSERT_EQ(describe(t, (in6 + ":ffff:ffff:ffff:ffff:ffff:ffff:ffff").c_str()),
              in6 + "::/16=" + std::to_string(500 + i));
    ASSERT_EQ(describe(t, (gap6 + "::").c_str()), "2a00::/8=2000");
  }
  EXPECT_EQ(describe(t, "10.255.255.255"), "10.0.0.0/8=1000");
  EXPECT_EQ(describe(t, "11.0.0.0"), "none");
  EXPECT_EQ(describe(t, "2aff:ffff::"), "2a00::/8=2000");
  EXPECT_EQ(describe(t, "2b00::"), "none");
}

// --- Randomized agreement with two references -------------------------------------------------------

/// A 128-bit address (IPv4 in its mapped form) as big-endian halves.
using Key = std::pair<uint64_t, uint64_t>;
Key keyOf(const IpAddress& a) {
  Key k{0, 0};
  for (int i = 0; i < 8; ++i) {
    k.first = k.first << 8 | a.bytes()[i];
    k.second = k.second << 8 | a.bytes()[8 + i];
  }
  return k;
}
IpAddress addressOf(Key k) {
  uint8_t b[16];
  for (int i = 0; i < 8; ++i) {
    b[i] = uint8_t(k.first >> (56 - 8 * i));
    b[8 + i] = uint8_t(k.second >> (56 - 8 * i));
  }
  return IpAddress::fromV6Bytes(b);
}
/// Keeps the first `bits` of 128 (or sets the rest, for the last address).
Key maskKey(Key k, unsigned bits, bool set_rest = false) {
  const uint64_t hi_mask = bits >= 64 ? ~uint64_t(0) : bits == 0 ? 0 : ~uint64_t(0) << (64 - bits);
  const uint64_t lo_mask = bits <= 64 ? 0 : bits == 128 ? ~uint64_t(0) : ~uint64_t(0) << (128 - bits);
  if (set_rest) return {k.first | ~hi_mask, k.second | ~lo_mask};
  return {k.first & hi_mask, k.second & lo_mask};
}

/// a <= b, computed without branches so that the linear scan below runs at memory speed.
bool notAfter(const Key& a, const Key& b) {
  return (a.first < b.first) | ((a.first == b.first) & (a.second <= b.second));
}

/// Reference 1's key: family, first address, length.
struct ExactKey {
  bool v4;
  Key first;
  unsigned length;
  friend bool operator==(const ExactKey& a, const ExactKey& b) = default;
};
struct ExactKeyHash {
  std::size_t operator()(const ExactKey& k) const noexcept {
    return std::hash<uint64_t>()((k.first.first * 0x9e3779b97f4a7c15ULL) ^ k.first.second ^
                                 (uint64_t(k.length) << 1 | k.v4));
  }
};

struct Given {
  bool v4;
  Prefix prefix;
  Key first;
  Key last;
  uint32_t value;
};

/// 20k prefixes crowded into a few blocks of each family (so they nest deeply), with repeats.
std::vector<Given> randomPrefixes(std::mt19937_64& rng) {
  // No lengths below 7 (default routes are tested above), so that draws outside the blocks miss.
  static constexpr unsigned kV4Lengths[] = {7, 8, 9, 12, 15, 16, 17, 20, 22, 23, 24, 24, 24, 25, 28, 30, 31, 32};
  static constexpr unsigned kV6Lengths[] = {8,  12, 16, 19, 20, 21, 24, 29, 32, 32, 33,  36, 40,
                                            44, 47, 48, 48, 56, 63, 64, 65, 80, 96, 127, 128};
  static constexpr uint64_t kV4Blocks[] = {10, 11, 192, 255};
  static constexpr uint64_t kV6Blocks[] = {0x2001, 0x2a00, 0x0000, 0xffff};
  std::vector<Given> out;
  while (out.size() < 20000) {
    if (!out.empty() && rng() % 20 == 0) {  // the same prefix again, with a new value
      Given again = out[rng() % out.size()];
      again.value = uint32_t(out.size());
      out.push_back(again);
      continue;
    }
    const bool v4 = rng() % 5 < 3;
    unsigned length;
    Key k{rng(), rng()};
    if (v4) {
      length = kV4Lengths[rng() % std::size(kV4Lengths)];
      const uint64_t block = rng() % 10 == 0 ? rng() % 256 : kV4Blocks[rng() % 4];
      k = {0, 0x0000ffff00000000ULL | block << 24 | (k.second & 0xffffff)};
    } else {
      length = kV6Lengths[rng() % std::size(kV6Lengths)];
      const uint64_t block = rng() % 10 == 0 ? rng() % 65536 : kV6Blocks[rng() % 4];
      k.first = block << 48 | (k.first & 0xffffffffffffULL);
    }
    const unsigned bits = v4 ? 96 + length : length;
    const Key first = maskKey(k, v4 ? 96 + length : length);
    const IpAddress address = addressOf(first);
    if (address.isV4() != v4) continue;  // an IPv6 draw inside the IPv4-mapped range
    const Prefix p = *Prefix::parse(address.toString() + "/" + std::to_string(length));
    out.push_back({v4, p, first, maskKey(first, bits, true), uint32_t(out.size())});
  }
  return out;
}

/// Addresses inside, at the edges of, just outside of and far from the prefixes.
std::vector<IpAddress> randomAddresses(std::mt19937_64& rng, const std::vector<Given>& prefixes) {
  std::vector<IpAddress> out;
  while (out.size() < 100000) {
    const Given& g = prefixes[rng() % prefixes.size()];
    const Key random{rng(), rng()};
    Key k;
    switch (rng() % 8) {
      case 0:
        k = g.first;
        break;
      case 1:
        k = g.last;
        break;
      case 2:
        k = {g.last.first + (g.last.second == ~uint64_t(0)), g.last.second + 1};
        break;
      case 3:
        k = {g.first.first - (g.first.second == 0), g.first.second - 1};
        break;
      case 4:
        k = random;
        break;
      case 5:
        k = {0, 0x0000ffff00000000ULL | (random.second & 0xffffffff)};
        break;
      default:
        k = {g.first.first | (random.first & (g.last.first ^ g.first.first)),
             g.first.second | (random.second & (g.last.second ^ g.first.second))};
    }
    out.push_back(addressOf(k));
  }
  return out;
}

TEST(PrefixTableTest, AgreesWithReferencesOnRandomPrefixesAndAddresses) {
  std::mt19937_64 rng(20240611);
  const std::vector<Given> given = randomPrefixes(rng);
  const std::vector<IpAddress> addresses = randomAddresses(rng, given);
  Entries list;
  for (const Given& g : given)
    list.emplace_back(g.prefix, g.value);
  const PrefixTable table(list);

  // Reference 1: probe every length present, longest first, in a map of exact prefixes (last given wins).
  std::unordered_map<ExactKey, uint32_t, ExactKeyHash> exact;
  std::set<unsigned, std::greater<>> lengths[2];
  for (const Given& g : given) {
    exact[{g.prefix.isV4(), g.first, g.prefix.length()}] = g.value;
    lengths[g.prefix.isV4()].insert(g.prefix.length());
  }
  EXPECT_EQ(table.size(), exact.size());
  EXPECT_EQ(table.duplicates(), given.size() - exact.size());
  std::size_t hits = 0;
  for (const IpAddress& a : addresses) {
    const bool v4 = a.isV4();
    const Key k = keyOf(a);
    std::optional<std::pair<unsigned, uint32_t>> expected;
    for (const unsigned length : lengths[v4]) {
      const Key m = maskKey(k, v4 ? 96 + length : length);
      const auto it = exact.find({v4, m, length});
      if (it != exact.end()) {
        expected = std::pair{length, it->second};
        break;
      }
    }
    const std::optional<PrefixTable::Match> got = table.lookup(a);
    ASSERT_EQ(got.has_value(), expected.has_value()) << a.toString();
    if (!got) continue;
    ++hits;
    ASSERT_EQ(got->prefix.length(), expected->first) << a.toString();
    ASSERT_EQ(got->value, expected->second) << a.toString();
    ASSERT_TRUE(got->prefix.contains(a)) << a.toString() << " " << got->prefix.toString();
  }
  // The draw must exercise both outcomes heavily.
  EXPECT_GT(hits, addresses.size() / 2);
  EXPECT_LT(hits, addresses.size() * 19 / 20);

  // Reference 2: a linear scan over every prefix given, for every 50th address, against lookupAll.
  // The prefixes are copied per family into compact ranges so that the scan stays in cache.
  struct Range {
    Key first;
    Key last;
    unsigned length;
    uint32_t value;
  };
  std::vector<Range> ranges[2];
  for (const Given& g : given)
    ranges[g.v4].push_back({g.first, g.last, g.prefix.length(), g.value});
  std::vector<PrefixTable::Match> all;
  for (std::size_t i = 0; i < addresses.size(); i += 50) {
    const IpAddress& a = addresses[i];
    const Key k = keyOf(a);
    std::map<unsigned, uint32_t, std::greater<>> covering;  // length -> value of the last one given
    for (const Range& r : ranges[a.isV4()]) {
      if (notAfter(r.first, k) & notAfter(k, r.last)) covering[r.length] = r.value;  // & : no branch per half
    }
    table.lookupAll(a, all);
    ASSERT_EQ(all.size(), covering.size()) << a.toString();
    std::size_t j = 0;
    for (const auto& [length, value] : covering) {
      ASSERT_EQ(all[j].prefix.length(), length) << a.toString();
      ASSERT_EQ(all[j].value, value) << a.toString();
      ++j;
    }
  }
}

}  // namespace
}  // namespace vigil::net
