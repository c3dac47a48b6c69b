// PrefixTable benchmark: build time, memory and lookup cost over a synthetic full routing table (v4 and v6).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "net/pfx2as_file.h"
#include "net/prefix_table.h"

namespace vigil::net {
namespace {

using Entries = std::vector<std::pair<Prefix, uint32_t>>;

constexpr std::size_t kV4Prefixes = 950'000;
constexpr std::size_t kV6Prefixes = 200'000;
constexpr std::size_t kAddresses = std::size_t(1) << 20;  // per family; 16 MB each, far beyond the caches

/// Draws an index from per-mille weights.
template <std::size_t N>
unsigned draw(std::mt19937_64& rng, const std::pair<unsigned, unsigned> (&weights)[N]) {
  unsigned r = unsigned(rng() % 1000);
  for (const auto& [value, weight] : weights) {
    if (r < weight) return value;
    r -= weight;
  }
  return weights[N - 1].first;
}

Prefix makePrefix(const IpAddress& address, unsigned length) {
  return *Prefix::parse(address.toString() + "/" + std::to_string(length));
}

/// 950k IPv4 prefixes in 1.0.0.0-223.255.255.255 with the length mix of a 2024 DFZ table (60 % /24,
/// then /22, /23, /21, /20 ...), a third of them more specifics of an earlier shorter prefix.
void addV4(std::mt19937_64& rng, Entries& out) {
  static constexpr std::pair<unsigned, unsigned> kLengths[] = {
      {8, 1},   {9, 1},   {10, 2},  {11, 3},  {12, 5},  {13, 6},   {14, 8},  {15, 10}, {16, 15},
      {17, 10}, {18, 15}, {19, 30}, {20, 45}, {21, 50}, {22, 110}, {23, 90}, {24, 599}};
  std::unordered_set<uint64_t> seen;
  std::vector<std::pair<uint32_t, unsigned>> parents;  // prefixes up to /22 that more specifics can nest in
  while (seen.size() < kV4Prefixes) {
    const unsigned length = draw(rng, kLengths);
    const uint32_t random = uint32_t(rng());
    uint32_t address = (1 + random % 223) << 24 | (random & 0xffffff);
    if (!parents.empty() && rng() % 3 == 0) {
      const auto [parent, parent_length] = parents[rng() % parents.size()];
      if (parent_length < length) address = parent | (address & (~uint32_t(0) >> parent_length));
    }
    address &= ~uint32_t(0) << (32 - length);
    if (!seen.insert(uint64_t(address) << 8 | length).second) continue;
    if (length <= 22) parents.emplace_back(address, length);
    out.emplace_back(makePrefix(IpAddress::fromV4(address), length), uint32_t(out.size()));
  }
}

/// 200k IPv6 prefixes /32-/48 (45 % /48, 15 % /32, then /44, /40, /47 ...) in the RIR blocks routed
/// today (2001::/16, 2400::/12, 2600::/12, 2800::/12, 2a00::/12, 2c00::/12), half of them nested.
void addV6(std::mt19937_64& rng, Entries& out) {
  static constexpr std::pair<unsigned, unsigned> kLengths[] = {
      {32, 150}, {33, 10}, {34, 10}, {35, 10}, {36, 40}, {37, 5},  {38, 10}, {39, 10}, {40, 70},
      {41, 10},  {42, 15}, {43, 10}, {44, 80}, {45, 15}, {46, 40}, {47, 65}, {48, 450}};
  static constexpr std::pair<unsigned, unsigned> kBlocks[] = {{0x2001, 150}, {0x2400, 200}, {0x2600, 250},
                                                              {0x2800, 80},  {0x2a00, 300}, {0x2c00, 20}};
  std::unordered_set<uint64_t> seen;
  std::vector<std::pair<uint64_t, unsigned>> parents;  // top 64 bits and length of prefixes up to /40
  while (seen.size() < kV6Prefixes) {
    const unsigned length = draw(rng, kLengths);
    const uint64_t block = draw(rng, kBlocks);
    // 2001::/16 holds /32s side by side; the others are /12s.
    uint64_t hi = block == 0x2001 ? block << 48 | (rng() & 0xffffffffffffULL) : block << 48 | (rng() >> 12);
    if (!parents.empty() && rng() % 2 == 0) {
      const auto [parent, parent_length] = parents[rng() % parents.size()];
      if (parent_length < length) hi = parent | (hi & (~uint64_t(0) >> parent_length));
    }
    hi &= ~uint64_t(0) << (64 - length);
    if (!seen.insert(hi | length).second) continue;
    if (length <= 40) parents.emplace_back(hi, length);
    uint8_t bytes[16] = {};
    for (int i = 0; i < 8; ++i)
      bytes[i] = uint8_t(hi >> (56 - 8 * i));
    out.emplace_back(makePrefix(IpAddress::fromV6Bytes(bytes), length), uint32_t(out.size()));
  }
}

/// Half inside a random prefix of the family, half anywhere (IPv4: the whole space; IPv6: 2000::/3).
std::vector<IpAddress> addresses(std::mt19937_64& rng, const Entries& table, bool v4) {
  std::vector<const Prefix*> family;
  for (const auto& [prefix, value] : table) {
    if (prefix.isV4() == v4) family.push_back(&prefix);
  }
  std::vector<IpAddress> out;
  out.reserve(kAddresses);
  while (out.size() < kAddresses) {
    const bool inside = rng() % 2 == 0;
    uint8_t bytes[16];
    for (int i = 0; i < 16; i += 8) {
      const uint64_t r = rng();
      for (int j = 0; j < 8; ++j)
        bytes[i + j] = uint8_t(r >> (8 * j));
    }
    if (v4) {
      uint32_t a = uint32_t(bytes[0]) << 24 | uint32_t(bytes[1]) << 16 | uint32_t(bytes[2]) << 8 | bytes[3];
      if (inside) {
        const Prefix& p = *family[rng() % family.size()];
        a = p.address().v4() | (a & (~uint32_t(0) >> p.length()));
      }
      out.push_back(IpAddress::fromV4(a));
      continue;
    }
    if (inside) {
      const Prefix& p = *family[rng() % family.size()];
      for (unsigned i = 0; i < 16; ++i) {
        const unsigned keep = p.length() > 8 * i ? std::min(8u, p.length() - 8 * i) : 0;
        const uint8_t mask = keep == 0 ? 0 : uint8_t(0xff << (8 - keep));
        bytes[i] = uint8_t((p.address().bytes()[i] & mask) | (bytes[i] & ~mask));
      }
    } else {
      bytes[0] = uint8_t(0x20 | (bytes[0] & 0x1f));
    }
    out.push_back(IpAddress::fromV6Bytes(bytes));
  }
  return out;
}

struct Fixture {
  Entries entries;
  PrefixTable table;
  std::vector<IpAddress> v4;
  std::vector<IpAddress> v6;
  double build_seconds = 0;
};

Fixture makeFixture() {
  Fixture f;
  std::mt19937_64 rng(42);
  f.entries.reserve(kV4Prefixes + kV6Prefixes);
  addV4(rng, f.entries);
  addV6(rng, f.entries);
  const auto start = std::chrono::steady_clock::now();
  f.table = PrefixTable(f.entries);
  f.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  f.v4 = addresses(rng, f.entries, true);
  f.v6 = addresses(rng, f.entries, false);
  return f;
}

/// Built on first use, shared by every benchmark.
const Fixture& fixture() {
  static const Fixture f = makeFixture();
  return f;
}

void tableCounters(benchmark::State& state, const PrefixTable& t) {
  state.counters["prefixes"] = double(t.size());
  state.counters["intervals"] = double(t.intervals());
  state.counters["memory_MB"] = double(t.memoryBytes()) / 1e6;
  state.counters["bytes_per_prefix"] = double(t.memoryBytes()) / double(t.size());
}

void BM_Build(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    PrefixTable t(f.entries);
    benchmark::DoNotOptimize(t);
  }
  tableCounters(state, f.table);
  state.counters["first_build_s"] = f.build_seconds;
}
BENCHMARK(BM_Build)->Unit(benchmark::kMillisecond)->Iterations(3);

/// Independent lookups: what a batch of events costs per address (the CPU overlaps the cache misses).
void lookupThroughput(benchmark::State& state, const std::vector<IpAddress>& addresses) {
  const PrefixTable& t = fixture().table;
  std::size_t i = 0;
  std::size_t hits = 0;
  for (auto _ : state) {
    const std::optional<PrefixTable::Match> m = t.lookup(addresses[i++ & (kAddresses - 1)]);
    hits += m.has_value();
    benchmark::DoNotOptimize(m);
  }
  state.counters["hit_rate"] = double(hits) / double(state.iterations());
  state.SetItemsProcessed(int64_t(state.iterations()));
}
/// Each address depends on the previous answer: the latency of one lookup, nothing overlapped.
void lookupLatency(benchmark::State& state, const std::vector<IpAddress>& addresses) {
  const PrefixTable& t = fixture().table;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::optional<PrefixTable::Match> m = t.lookup(addresses[i & (kAddresses - 1)]);
    i += 1 + (m ? m->value & 1 : 0);
  }
  benchmark::DoNotOptimize(i);
  state.SetItemsProcessed(int64_t(state.iterations()));
}
void BM_LookupV4(benchmark::State& state) {
  lookupThroughput(state, fixture().v4);
}
void BM_LookupV6(benchmark::State& state) {
  lookupThroughput(state, fixture().v6);
}
void BM_LookupLatencyV4(benchmark::State& state) {
  lookupLatency(state, fixture().v4);
}
void BM_LookupLatencyV6(benchmark::State& state) {
  lookupLatency(state, fixture().v6);
}
BENCHMARK(BM_LookupV4);
BENCHMARK(BM_LookupV6);
BENCHMARK(BM_LookupLatencyV4);
BENCHMARK(BM_LookupLatencyV6);

void BM_LookupAllV4(benchmark::State& state) {
  const Fixture& f = fixture();
  std::vector<PrefixTable::Match> out;
  std::size_t i = 0;
  std::size_t found = 0;
  for (auto _ : state) {
    f.table.lookupAll(f.v4[i++ & (kAddresses - 1)], out);
    found += out.size();
  }
  state.counters["prefixes_per_lookup"] = double(found) / double(state.iterations());
}
BENCHMARK(BM_LookupAllV4);

/// Parsing the same table written as CAIDA pfx2as text (what the collector loads at start and reload).
void BM_ParsePfx2As(benchmark::State& state) {
  const Fixture& f = fixture();
  std::string text;
  for (const auto& [prefix, value] : f.entries) {
    text +=
        prefix.address().toString() + "\t" + std::to_string(prefix.length()) + "\t" + std::to_string(value + 1) + "\n";
  }
  for (auto _ : state) {
    auto parsed = parsePfx2As(text, "bench.pfx2as");
    if (!parsed) state.SkipWithError(parsed.error().c_str());
    benchmark::DoNotOptimize(parsed);
  }
  state.counters["lines"] = double(f.entries.size());
}
BENCHMARK(BM_ParsePfx2As)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace vigil::net

BENCHMARK_MAIN();
