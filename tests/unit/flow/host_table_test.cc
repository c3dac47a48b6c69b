// Tests for HostTable: lookups, bounded capacity under a spoofed flood, victim protection, O(size) clear.
#include "flow/host_table.h"

#include <gtest/gtest.h>

#include "flow/flow_hash.h"
#include "flow/worker_state.h"
#include "flow_test_packets.h"

namespace vigil::flow {
namespace {

using namespace test_packets;  // NOLINT: packet builders

StateConfig withHosts(uint32_t hosts) {
  StateConfig c;
  c.host_capacity = hosts;
  c.flow_capacity = 1024;
  c.dense_sketches = 64;
  return c;
}

net::IpAddress source(uint32_t i) {
  return net::IpAddress::fromV4(0x0a000000u + i);
}

TEST(HostTableTest, TouchInsertsOnceAndFindSeesIt) {
  HostTable t(withHosts(1024));
  EXPECT_EQ(t.capacity(), 1024u);
  EXPECT_EQ(t.find(ip("10.0.0.1")), nullptr);
  HostCounters* h = t.touch(ip("10.0.0.1"), 5);
  h->out.packets = 7;
  EXPECT_EQ(t.touch(ip("10.0.0.1"), 6), h);
  EXPECT_EQ(t.touch(ip("2001:db8::1"), 6)->out.packets, 0u);
  EXPECT_EQ(t.size(), 2u);
  ASSERT_NE(t.find(ip("10.0.0.1")), nullptr);
  EXPECT_EQ(t.find(ip("10.0.0.1"))->out.packets, 7u);
  EXPECT_EQ(t.find(ip("::ffff:10.0.0.1")), h);  // the same address written as IPv4-mapped IPv6
  EXPECT_EQ(t.find(ip("10.0.0.2")), nullptr);
  EXPECT_EQ(t.evictions(), 0u);
}

TEST(HostTableTest, EntriesInInsertionOrderGiveTimes) {
  HostTable t(withHosts(64));
  t.touch(ip("10.0.0.1"), 100);
  t.touch(ip("10.0.0.2"), 150);
  t.touch(ip("10.0.0.1"), 200);
  ASSERT_EQ(t.size(), 2u);
  const HostTable::EntryView a = t.entryAt(0);
  EXPECT_EQ(a.ip, ip("10.0.0.1"));
  EXPECT_EQ(a.first_ns, 100u);
  EXPECT_EQ(a.last_ns, 200u);
  const HostTable::EntryView b = t.entryAt(1);
  EXPECT_EQ(b.ip, ip("10.0.0.2"));
  EXPECT_EQ(b.first_ns, 150u);
  EXPECT_EQ(b.last_ns, 150u);
}

// The flood of the brief: 1M one-packet spoofed sources, one victim receiving every packet.
void flood(HostTable& t, bool same_timestamp) {
  const net::IpAddress victim = ip("203.0.113.9");
  constexpr uint32_t kSources = 1'000'000;
  for (uint32_t i = 0; i < kSources; ++i) {
    const uint64_t ts = same_timestamp ? 42 : i;
    ++t.touch(source(i), ts)->out.packets;
    ++t.touch(victim, ts)->in.packets;
  }
  const HostCounters* v = t.find(victim);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->in.packets, uint64_t(kSources));
  EXPECT_EQ(v->out.packets, 0u);
  EXPECT_LE(t.size(), t.capacity());
  // Every source or the victim was inserted exactly once; all that are not there were evicted.
  EXPECT_EQ(t.evictions(), uint64_t(kSources) + 1 - t.size());
  EXPECT_GT(t.size(), t.capacity() / 2);
  // Recent sources survive, old ones were evicted: the table holds the newest churn.
  EXPECT_EQ(t.find(source(0)), nullptr);
  std::size_t recent = 0;
  for (uint32_t i = kSources - 100; i < kSources; ++i)
    recent += t.find(source(i)) != nullptr;
  if (!same_timestamp) {
    EXPECT_EQ(recent, 100u);
  }
}

TEST(HostTableTest, FloodOfOnePacketSourcesNeverEvictsTheVictim) {
  HostTable t(withHosts(1024));
  flood(t, false);
}

TEST(HostTableTest, VictimSurvivesEvenWhenAllTimestampsAreEqual) {
  HostTable t(withHosts(1024));
  flood(t, true);  // ties are broken by packet count
}

TEST(HostTableTest, WorkerStateFloodKeepsVictimExact) {
  const StateConfig c = withHosts(1024);
  HostTable t(c);
  WorkerState ws(c);
  ws.setTickTable(&t);
  const net::IpAddress victim = ip("203.0.113.9");
  constexpr uint32_t kSources = 1'000'000;
  for (uint32_t i = 0; i < kSources; ++i) {
    ws.onPacket(tcp(source(i), uint16_t(i), victim, 80, kSyn, i, 60));
  }
  const HostCounters* v = t.find(victim);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->in.packets, uint64_t(kSources));
  EXPECT_EQ(v->in.bytes, uint64_t(kSources) * 60);
  EXPECT_EQ(v->in.syn, uint64_t(kSources));
  EXPECT_EQ(v->conn_in.attempts, kSources);
  EXPECT_EQ(v->conn_in.flows, kSources);
  EXPECT_TRUE(v->peers_in.isDense());
  EXPECT_NEAR(double(v->peers_in.estimate()), 1e6, 5e4);
  EXPECT_EQ(v->ports_in.estimate(), 1u);
  EXPECT_LE(t.size(), t.capacity());
  ws.expire(kSources);
  EXPECT_EQ(ws.hostEvictions(), uint64_t(kSources) + 1 - t.size());
  EXPECT_EQ(ws.flowEvictions(), uint64_t(kSources) - ws.flows().size());
  EXPECT_LE(ws.flows().size(), ws.flows().capacity());
}

TEST(HostTableTest, EvictionReturnsSketchBlocksToThePools) {
  HostTable t(withHosts(16));
  DistinctPools& pools = t.sketches();
  // 1000 hosts through 16 slots; every host gets a dense peers_out and a list ports_out.
  for (uint32_t i = 0; i < 1000; ++i) {
    for (uint64_t p = 0; p < 100; ++p) {  // one item per set and touch, as WorkerState adds them
      HostCounters* h = t.touch(source(i), i);
      h->peers_out.add(mix64(p + 1000 * i), pools);
      if (p < 20) h->ports_out.add(hashPort(uint16_t(p)), pools);
    }
  }
  EXPECT_EQ(t.evictions(), 1000u - t.size());
  EXPECT_EQ(pools.dense.inUse(), t.size());
  EXPECT_EQ(pools.lists.inUse(), t.size());
  EXPECT_EQ(t.sketchPoolExhausted(), 0u);
}

TEST(HostTableTest, ClearEmptiesAndResetsCounters) {
  HostTable t(withHosts(16));
  for (uint32_t i = 0; i < 100; ++i) {
    HostCounters* h = t.touch(source(i), i);
    for (uint64_t p = 0; p < 20; ++p)
      h->ports_out.add(mix64(p), t.sketches());
  }
  EXPECT_GT(t.evictions(), 0u);
  t.clear();
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.evictions(), 0u);
  EXPECT_EQ(t.sketches().lists.inUse() + t.sketches().dense.inUse(), 0u);
  EXPECT_EQ(t.find(source(99)), nullptr);
  int n = 0;
  t.forEach([&](const net::IpAddress&, const HostCounters&) { ++n; });
  EXPECT_EQ(n, 0);
  // Reinserted hosts start from zero.
  EXPECT_EQ(t.touch(source(99), 1000)->out.packets, 0u);
  EXPECT_TRUE(t.find(source(99))->ports_out.empty());
}

TEST(HostTableTest, SketchPoolExhaustionIsCounted) {
  StateConfig c = withHosts(64);
  c.dense_sketches = 2;
  HostTable t(c);
  for (uint32_t i = 0; i < 3; ++i) {
    HostCounters* h = t.touch(source(i), i);
    for (uint64_t p = 0; p < 100; ++p)
      h->peers_in.add(mix64(p), t.sketches());
  }
  EXPECT_EQ(t.sketchPoolExhausted(), 1u);
  EXPECT_TRUE(t.find(source(2))->peers_in.isSaturated());
  EXPECT_EQ(t.find(source(2))->peers_in.estimate(), DistinctCounter::kListCapacity);
  EXPECT_TRUE(t.find(source(1))->peers_in.isDense());
  EXPECT_NEAR(double(t.find(source(1))->peers_in.estimate()), 100.0, 3.0);
}

}  // namespace
}  // namespace vigil::flow
