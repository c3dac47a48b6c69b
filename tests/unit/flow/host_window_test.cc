// Tests for HostWindow: sums over the window, slot expiry, worker merges, distinct sets, eviction.
#include "flow/host_window.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <span>
#include <vector>

#include "flow/flow_hash.h"
#include "flow_test_packets.h"

namespace vigil::flow {
namespace {

using namespace test_packets;  // NOLINT: packet builders

StateConfig tickConfig() {
  StateConfig c;
  c.host_capacity = 4096;
  c.flow_capacity = 1024;
  return c;
}

WindowConfig windowConfig(uint32_t hosts = 1024, uint32_t ticks = 60) {
  WindowConfig w;
  w.host_capacity = hosts;
  w.window_ticks = ticks;
  return w;
}

uint64_t peer(uint64_t i) {
  return hashAddress(net::IpAddress::fromV4(0xc0000000u + uint32_t(i)));
}

// Adds `packets` outgoing packets of 100 bytes and the given peers to `host` in `table`.
void send(HostTable& table, const net::IpAddress& host, uint64_t tick, uint64_t packets,
          std::span<const uint64_t> peers) {
  HostCounters* h = table.touch(host, tick * kSecond + 1);
  h->out.packets += packets;
  h->out.bytes += packets * 100;
  h->conn_out.attempts += 1;
  for (const uint64_t p : peers)
    h->peers_out.add(peer(p), table.sketches());
}
void send(HostTable& table, const net::IpAddress& host, uint64_t tick, uint64_t packets,
          std::initializer_list<uint64_t> peers = {}) {
  send(table, host, tick, packets, std::span<const uint64_t>(peers.begin(), peers.size()));
}

class HostWindowTest : public ::testing::Test {
 protected:
  HostWindowTest() : table_(tickConfig()), other_(tickConfig()), window_(windowConfig()) {}

  /// One tick as the aggregator runs it: merge the table, clear it, advance.
  void tick(uint64_t t) {
    window_.merge(table_, t);
    table_.clear();
    window_.advance(t);
  }

  HostTable table_;
  HostTable other_;
  HostWindow window_;
  HostWindow::Totals totals_;
  const net::IpAddress a_ = ip("192.0.2.1");
  const net::IpAddress b_ = ip("192.0.2.2");
};

TEST_F(HostWindowTest, SumsOverTheWindowAndTheLastTick) {
  for (uint64_t t = 100; t < 120; ++t) {
    send(table_, a_, t, 10);
    tick(t);
  }
  ASSERT_TRUE(window_.lookup(a_, totals_));
  EXPECT_EQ(totals_.window.out.packets, 200u);
  EXPECT_EQ(totals_.window.out.bytes, 20000u);
  EXPECT_EQ(totals_.window.conn_out.attempts, 20u);
  EXPECT_EQ(totals_.ticks_seen, 20u);
  EXPECT_EQ(totals_.span_ticks, 20u);  // the window has only existed for 20 ticks
  EXPECT_EQ(totals_.first_seen_ns, 100 * kSecond + 1);
  EXPECT_EQ(totals_.last_seen_ns, 119 * kSecond + 1);
  EXPECT_EQ(window_.size(), 1u);
  EXPECT_FALSE(window_.lookup(b_, totals_));
}

TEST_F(HostWindowTest, ContributionsFallOutAfterWindowTicks) {
  send(table_, a_, 100, 5);  // first tick of slot 10
  send(table_, b_, 100, 1);
  tick(100);
  send(table_, b_, 109, 7);  // last tick of slot 10
  tick(109);
  for (uint64_t t = 110; t < 160; ++t)
    tick(t);
  ASSERT_TRUE(window_.lookup(a_, totals_));  // 59 ticks later: still inside
  EXPECT_EQ(totals_.window.out.packets, 5u);
  EXPECT_EQ(totals_.span_ticks, 60u);
  ASSERT_TRUE(window_.lookup(b_, totals_));
  EXPECT_EQ(totals_.window.out.packets, 8u);
  EXPECT_EQ(totals_.ticks_seen, 2u);
  tick(160);  // slot 10 leaves: everything from ticks 100..109 is gone at once (granularity 10)
  EXPECT_FALSE(window_.lookup(a_, totals_));
  EXPECT_FALSE(window_.lookup(b_, totals_));
  EXPECT_EQ(window_.spanTicks(), 51u);  // slots 11..16 cover ticks 110..160
  int live = 0;
  window_.forEach([&](const net::IpAddress&, const HostWindow::Totals&) { ++live; });
  EXPECT_EQ(live, 0);
  // The sweep reclaims expired entries within one window of advances.
  for (uint64_t t = 161; t < 230; ++t)
    tick(t);
  EXPECT_EQ(window_.size(), 0u);
}

TEST_F(HostWindowTest, OlderSlotsLeaveWhileNewerStay) {
  send(table_, a_, 100, 1);
  tick(100);
  send(table_, a_, 125, 2);
  tick(125);
  send(table_, a_, 150, 4);
  tick(150);
  for (uint64_t t = 151; t <= 165; ++t)
    tick(t);
  ASSERT_TRUE(window_.lookup(a_, totals_));
  EXPECT_EQ(totals_.window.out.packets, 6u);  // tick 100 (slot 10) left at tick 160
  EXPECT_EQ(totals_.ticks_seen, 2u);
  EXPECT_EQ(totals_.first_seen_ns, 100 * kSecond + 1);  // first seen since it entered the window
  for (uint64_t t = 166; t <= 180; ++t)
    tick(t);
  ASSERT_TRUE(window_.lookup(a_, totals_));
  EXPECT_EQ(totals_.window.out.packets, 4u);
}

TEST_F(HostWindowTest, TwoWorkersTablesForOneTickAddUp) {
  send(table_, a_, 100, 3, {1, 2});
  send(other_, a_, 100, 4, {2, 3});
  send(other_, b_, 100, 1, {1});
  window_.merge(table_, 100);
  window_.merge(other_, 100);
  table_.clear();
  other_.clear();
  window_.advance(100);
  ASSERT_TRUE(window_.lookup(a_, totals_));
  EXPECT_EQ(totals_.window.out.packets, 7u);
  EXPECT_EQ(totals_.window.conn_out.attempts, 2u);
  EXPECT_EQ(totals_.ticks_seen, 1u);  // one tick, even though two tables carried it
  EXPECT_EQ(totals_.window.peers_out.estimate(), 3u);
  ASSERT_TRUE(window_.lookup(b_, totals_));
  EXPECT_EQ(totals_.window.out.packets, 1u);
  EXPECT_EQ(window_.size(), 2u);
}

TEST_F(HostWindowTest, SparseDistinctSetsAreExactPerTickAndWindow) {
  send(table_, a_, 100, 1, {1, 2, 3, 4, 5});
  tick(100);
  send(table_, a_, 115, 1, {5, 6, 7, 8});
  tick(115);
  ASSERT_TRUE(window_.lookup(a_, totals_));
  EXPECT_EQ(totals_.window.peers_out.estimate(), 8u);
  EXPECT_FALSE(totals_.window.peers_out.isDense());
  for (uint64_t t = 116; t <= 160; ++t)
    tick(t);
  ASSERT_TRUE(window_.lookup(a_, totals_));
  EXPECT_EQ(totals_.window.peers_out.estimate(), 4u);  // peers 1-4 were only seen in slot 10
}

TEST_F(HostWindowTest, ShorterViewsSumOnlyTheNewestSlots) {
  // Window 60 ticks = 6 slots of 10; a view of 1 slot covers ticks 150..155 only.
  for (uint64_t t = 100; t <= 155; ++t) {
    send(table_, a_, t, t < 150 ? 1 : 10);
    tick(t);
  }
  const uint32_t views[] = {0, 1};
  uint64_t packets[2] = {0, 0};
  uint32_t spans[2] = {0, 0};
  uint32_t bounds[2] = {0, 0};
  window_.forEachView(views, 2, [&](const net::IpAddress& ip, const HostWindow::Totals& t, std::size_t k) {
    ASSERT_EQ(ip, a_);
    packets[k] = t.window.out.packets;
    spans[k] = t.span_ticks;
    bounds[k] = t.packets_bound;
  });
  EXPECT_EQ(packets[0], 50u * 1 + 6u * 10);
  EXPECT_EQ(spans[0], 56u);
  EXPECT_EQ(packets[1], 6u * 10);
  EXPECT_EQ(spans[1], 6u);
  // The span of a view is the same for every host, known before any is visited.
  EXPECT_EQ(window_.spanTicks(0), 56u);
  EXPECT_EQ(window_.spanTicks(1), 6u);
  EXPECT_EQ(window_.spanTicks(6), 56u);  // a view as long as the window is the window
  // Both views bound their sums by everything the host sent since it entered the window.
  EXPECT_EQ(bounds[0], 110u);
  EXPECT_EQ(bounds[1], 110u);

  // Once the oldest slot (ticks 100..109, 10 packets) has left the window, the sums drop but the bound
  // does not: it counts since the entry was made.
  for (uint64_t t = 156; t <= 160; ++t) {
    send(table_, a_, t, 1);
    tick(t);
  }
  window_.forEachView(views, 2, [&](const net::IpAddress&, const HostWindow::Totals& t, std::size_t k) {
    packets[k] = t.window.out.packets;
    bounds[k] = t.packets_bound;
  });
  EXPECT_EQ(packets[0], 40u + 6u * 10 + 5u);
  EXPECT_EQ(bounds[0], 115u);
  EXPECT_EQ(window_.spanTicks(0), 51u);  // slots 11..16 cover ticks 110..160
  EXPECT_EQ(window_.spanTicks(1), 1u);   // slot 16 holds tick 160 only
}

TEST_F(HostWindowTest, ViewsComputeDistinctSetsOnDemandAndSkipQuietHosts) {
  for (uint64_t t = 100; t < 160; ++t) {
    HostCounters* h = table_.touch(a_, t * kSecond);
    h->out.packets += 20;
    for (uint64_t i = 0; i < 20; ++i)
      h->peers_out.add(peer((t - 100) * 20 + i), table_.sketches());
    send(table_, b_, t, 1);  // a quiet host: 60 packets in all
    tick(t);
  }
  ASSERT_TRUE(window_.lookup(a_, totals_));
  const uint64_t eager = totals_.window.peers_out.estimate();
  const uint32_t views[] = {0, 1};
  std::vector<std::pair<net::IpAddress, uint64_t>> seen;
  const auto busy = [](const net::IpAddress&, uint32_t packets, std::size_t) { return packets >= 100; };
  window_.forEachView(views, 2, HostWindow::Visit::kAll, busy,
                      [&](const net::IpAddress& ip, const HostWindow::Totals& t, std::size_t k) {
                        EXPECT_EQ(t.window.peers_out.estimate(), 0u);  // left empty in views
                        seen.emplace_back(ip, k == 0 ? t.distinctEstimate(HostWindow::kPeersOut) : 0);
                        if (k == 1) {  // the newest slot only
                          EXPECT_NEAR(double(t.distinctEstimate(HostWindow::kPeersOut)), 200.0, 10.0);
                        }
                        return false;
                      });
  ASSERT_EQ(seen.size(), 2u);  // host b (60 packets) was skipped in both views
  EXPECT_EQ(seen[0].first, a_);
  EXPECT_EQ(seen[0].second, eager);
}

TEST_F(HostWindowTest, AChangedWalkVisitsHostsMergedSinceTheLastWalkAndThoseItWasAskedToWatch) {
  // 300 hosts spread over many words of the record of changes; every third is merged again later.
  const auto host = [](uint32_t i) { return net::IpAddress::fromV4(0x0a000000u + i * 7919u); };
  constexpr uint32_t kHosts = 300;
  const uint32_t views[] = {0};
  const auto all = [](const net::IpAddress&, uint32_t, std::size_t) { return true; };
  std::vector<net::IpAddress> seen;
  // Walks and records whom it visits; asks to watch the hosts `watch` names.
  const auto walk = [&](HostWindow::Visit which, const auto& watch) {
    seen.clear();
    window_.forEachView(views, 1, which, all, [&](const net::IpAddress& ip, const HostWindow::Totals&, std::size_t) {
      seen.push_back(ip);
      return watch(ip);
    });
    std::sort(seen.begin(), seen.end());
  };
  const auto none = [](const net::IpAddress&) { return false; };
  const auto expect = [&](std::vector<net::IpAddress> want) {
    std::sort(want.begin(), want.end());
    EXPECT_EQ(seen, want);
  };
  for (uint32_t i = 0; i < kHosts; ++i)
    send(table_, host(i), 100, 1);
  tick(100);
  walk(HostWindow::Visit::kChanged, [&](const net::IpAddress& ip) { return ip == host(5); });
  EXPECT_EQ(seen.size(), kHosts);  // all of them were merged

  std::vector<net::IpAddress> merged;
  for (uint32_t i = 0; i < kHosts; i += 3) {
    send(table_, host(i), 101, 1);
    merged.push_back(host(i));
  }
  tick(101);
  walk(HostWindow::Visit::kChanged, none);
  merged.push_back(host(5));  // watched: visited although nothing was merged into it
  expect(merged);

  tick(102);  // nothing merged, nothing watched
  walk(HostWindow::Visit::kChanged, none);
  expect({});

  send(table_, host(1), 103, 1);
  tick(103);
  walk(HostWindow::Visit::kAll, none);
  EXPECT_EQ(seen.size(), kHosts);  // an every-host walk ...
  walk(HostWindow::Visit::kChanged, none);
  expect({});  // ... starts the record of changes afresh
}

// merge() and forEachView() look ahead over hosts to prefetch their entries: every host of tables of any
// size, below and above the look-ahead distances, must still get exactly its own numbers.
TEST_F(HostWindowTest, EveryHostOfTablesOfAnySizeGetsItsOwnNumbers) {
  const auto host = [](uint32_t i) { return net::IpAddress::fromV4(0x0a000000u + i * 7919u); };
  uint64_t t = 100;
  for (const uint32_t hosts : {1u, 3u, 4u, 5u, 8u, 9u, 13u, 700u}) {
    SCOPED_TRACE(hosts);
    HostWindow window(windowConfig(2048));
    for (int round = 0; round < 2; ++round, ++t) {
      for (uint32_t i = 0; i < hosts; ++i)
        send(table_, host(i), t, i + 1, {uint64_t(i)});
      window.merge(table_, t);
      table_.clear();
      window.advance(t);
    }
    for (uint32_t i = 0; i < hosts; ++i) {
      ASSERT_TRUE(window.lookup(host(i), totals_)) << i;
      EXPECT_EQ(totals_.window.out.packets, 2u * (i + 1)) << i;
      EXPECT_EQ(totals_.window.peers_out.estimate(), 1u) << i;
    }
    const uint32_t views[] = {0, 1};
    std::vector<uint64_t> packets(hosts * 2, 0);
    window.forEachView(views, 2, [&](const net::IpAddress& ip, const HostWindow::Totals& v, std::size_t k) {
      for (uint32_t i = 0; i < hosts; ++i) {
        if (host(i) == ip) packets[i * 2 + k] += v.window.out.packets;
      }
    });
    for (uint32_t i = 0; i < hosts; ++i) {
      EXPECT_EQ(packets[i * 2], 2u * (i + 1)) << i;
      EXPECT_EQ(packets[i * 2 + 1], 2u * (i + 1)) << i;  // both ticks are in the newest slot
    }
  }
}

TEST_F(HostWindowTest, TopPeersFollowTheHeaviestPeerAndDecay) {
  for (uint64_t t = 100; t < 110; ++t) {
    HostCounters* h = table_.touch(a_, t * kSecond);
    h->out.packets += 5;
    for (int i = 0; i < 5; ++i)
      h->top_out.add(b_);
    h->top_out.add(ip("203.0.113.9"));
    tick(t);
  }
  ASSERT_TRUE(window_.lookup(a_, totals_));
  const int top = totals_.window.top_out.top();
  ASSERT_GE(top, 0);
  EXPECT_EQ(totals_.window.top_out.ip[top], b_);
  EXPECT_GE(totals_.window.top_out.count[top], 40u);
  const uint32_t before = totals_.window.top_out.count[top];
  send(table_, a_, 110, 1);  // a new slot: older counts halve
  tick(110);
  ASSERT_TRUE(window_.lookup(a_, totals_));
  EXPECT_EQ(totals_.window.top_out.count[totals_.window.top_out.top()], before / 2);
}

TEST_F(HostWindowTest, DenseDistinctSetsSlideAndReturnTheirBlocks) {
  // 1200 peers, 20 new ones per tick over ticks 100..159.
  for (uint64_t t = 100; t < 160; ++t) {
    HostCounters* h = table_.touch(a_, t * kSecond);
    for (uint64_t i = 0; i < 20; ++i)
      h->peers_out.add(peer((t - 100) * 20 + i), table_.sketches());
    tick(t);
  }
  ASSERT_TRUE(window_.lookup(a_, totals_));
  ASSERT_TRUE(totals_.window.peers_out.isDense());
  EXPECT_NEAR(double(totals_.window.peers_out.estimate()), 1200.0, 60.0);
  EXPECT_EQ(window_.sketches().dense.inUse(), 1u);
  EXPECT_EQ(window_.sketches().listsInUse(), 0u);  // given back when the set went dense
  for (uint64_t t = 160; t < 180; ++t)
    tick(t);  // slots 10 and 11 (ticks 100..119) leave
  ASSERT_TRUE(window_.lookup(a_, totals_));
  EXPECT_NEAR(double(totals_.window.peers_out.estimate()), 800.0, 40.0);
  for (uint64_t t = 180; t < 221; ++t)
    tick(t);
  EXPECT_FALSE(window_.lookup(a_, totals_));
  // The incremental sweep reclaims expired entries (and their blocks) within one more window.
  for (uint64_t t = 221; t < 281; ++t)
    tick(t);
  EXPECT_EQ(window_.sketches().dense.inUse(), 0u);
}

TEST_F(HostWindowTest, ExhaustedWindowPoolSaturatesAndCounts) {
  WindowConfig w = windowConfig();
  w.dense_sketches = 1;
  w.list_sketches = 1;  // one list block and none of the larger classes: past 64 items a set needs registers
  HostWindow window(w);
  std::vector<uint64_t> many;
  for (uint64_t i = 1; i <= 100; ++i)
    many.push_back(i);
  send(table_, a_, 100, 1, std::span<const uint64_t>(many));  // big enough to keep its block
  std::vector<uint64_t> first(many.begin(), many.begin() + 60);
  send(table_, b_, 100, 1, std::span<const uint64_t>(first));  // a list of 60
  window.merge(table_, 100);
  window.advance(100);
  table_.clear();
  send(table_, b_, 101, 1, {201, 202, 203, 204, 205, 206, 207, 208, 209, 210});  // past the list's 64
  window.merge(table_, 101);
  window.advance(101);
  HostWindow::Totals ta;
  HostWindow::Totals tb;
  ASSERT_TRUE(window.lookup(a_, ta));
  EXPECT_NEAR(double(ta.window.peers_out.estimate()), 100.0, 5.0);
  ASSERT_TRUE(window.lookup(b_, tb));
  EXPECT_TRUE(tb.window.peers_out.isSaturated());
  EXPECT_EQ(tb.window.peers_out.estimate(), WindowDistinct::listCapacity(0));
  EXPECT_GE(window.sketchPoolExhausted(), 1u);
  EXPECT_EQ(window.sketches().dense.reclaimed(), 0u);
}

TEST_F(HostWindowTest, ASmallDenseSetGivesItsBlockToANewOne) {
  // A scan that starts after the pool filled up must still be counted: the smallest sampled dense set
  // (below WindowDistinct::kReclaimBelow) hands its block over. Host a went dense with 70 peers in
  // slot 10, then that slot left its ring: 6 peers are left in its registers.
  WindowConfig w = windowConfig();
  w.dense_sketches = 1;
  w.list_sketches = 1;  // no larger list classes: past 64 items a set needs registers
  HostWindow window(w);
  const auto tickOf = [&](const net::IpAddress& host, uint64_t t, uint64_t from, uint64_t to) {
    std::vector<uint64_t> peers;
    for (uint64_t i = from; i < to; ++i)
      peers.push_back(i);
    table_.clear();
    send(table_, host, t, 1, std::span<const uint64_t>(peers));
    window.merge(table_, t);
    window.advance(t);
  };
  tickOf(a_, 100, 1, 61);
  tickOf(a_, 101, 61, 71);
  tickOf(a_, 150, 100, 105);
  tickOf(a_, 160, 200, 201);  // slot 16 reuses slot 10's position
  tickOf(b_, 161, 1000, 1300);
  HostWindow::Totals ta;
  HostWindow::Totals tb;
  ASSERT_TRUE(window.lookup(b_, tb));
  EXPECT_NEAR(double(tb.window.peers_out.estimate()), 300.0, 15.0);
  ASSERT_TRUE(window.lookup(a_, ta));
  EXPECT_TRUE(ta.window.peers_out.isSaturated());  // a lower bound now
  EXPECT_EQ(window.sketches().dense.reclaimed(), 1u);
  EXPECT_EQ(window.sketchPoolExhausted(), 0u);
}

TEST_F(HostWindowTest, FullWindowEvictsChurnButKeepsTheHotHost) {
  HostWindow window(windowConfig(16));
  const net::IpAddress victim = ip("203.0.113.9");
  uint32_t next = 0;
  for (uint64_t t = 100; t < 130; ++t) {
    for (int i = 0; i < 100; ++i)
      send(table_, net::IpAddress::fromV4(0x0a000000u + next++), t, 1);
    HostCounters* v = table_.touch(victim, t * kSecond + 2);  // the newest entry of every tick
    v->in.packets += 1000;
    window.merge(table_, t);
    table_.clear();
    window.advance(t);
  }
  HostWindow::Totals v;
  ASSERT_TRUE(window.lookup(victim, v));
  EXPECT_EQ(v.window.in.packets, 30000u);
  EXPECT_EQ(v.ticks_seen, 30u);
  EXPECT_LE(window.size(), window.capacity());
  EXPECT_EQ(window.evictions(), uint64_t(next) + 1 - window.size());
}

std::size_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * std::size_t(sysconf(_SC_PAGESIZE));
}

TEST_F(HostWindowTest, MemoryTouchedFollowsTheHostsNotTheCapacity) {
  // 2^18 entries (about 900 MB mapped): twelve populations of 2000 hosts pass through a 6-tick window,
  // one after the other. Entries placed by hash would touch pages all over the array (24 000 hosts,
  // well over 100 MB even with 4 KiB pages); dense entries reused as hosts expire touch what about two
  // populations need.
  HostWindow window(windowConfig(1u << 18, 6));
  const std::size_t before = residentBytes();
  uint32_t next = 0;
  uint64_t t = 100;
  for (int round = 0; round < 12; ++round) {
    const uint32_t first = next;
    next += 2000;
    for (int i = 0; i < 6; ++i, ++t) {
      for (uint32_t h = first; h < next; ++h)
        send(table_, net::IpAddress::fromV4(0x0a000000u + h), t, 1);
      window.merge(table_, t);
      table_.clear();
      window.advance(t);
    }
  }
  EXPECT_LT(residentBytes() - before, std::size_t(48) << 20);
  EXPECT_LE(window.size(), 4000u);
  EXPECT_EQ(window.evictions(), 0u);
  HostWindow::Totals v;
  ASSERT_TRUE(window.lookup(net::IpAddress::fromV4(0x0a000000u + next - 1), v));  // the newest population
  EXPECT_EQ(v.window.out.packets, 6u);
  EXPECT_FALSE(window.lookup(net::IpAddress::fromV4(0x0a000000u), v));  // the first one left long ago
}

TEST_F(HostWindowTest, TopByPacketsOrdersHosts) {
  send(table_, a_, 100, 5);
  send(table_, b_, 100, 50);
  HostCounters* c = table_.touch(ip("2001:db8::1"), 100 * kSecond);
  c->in.packets = 20;
  c->out.packets = 10;
  tick(100);
  const auto top = window_.topByPackets(2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].first, b_);
  EXPECT_EQ(top[0].second, 50u);
  EXPECT_EQ(top[1].first, ip("2001:db8::1"));
  EXPECT_EQ(top[1].second, 30u);
  EXPECT_EQ(window_.topByPackets(10).size(), 3u);
}

TEST_F(HostWindowTest, TicksOlderThanTheWindowAreDropped) {
  send(table_, a_, 200, 1);
  tick(200);
  send(table_, b_, 100, 1);
  window_.merge(table_, 100);
  EXPECT_EQ(window_.lateDrops(), 1u);
  EXPECT_FALSE(window_.lookup(b_, totals_));
  EXPECT_EQ(window_.newestTick(), 200u);
}

TEST_F(HostWindowTest, WindowKeepsNoReferenceToTheTickTable) {
  send(table_, a_, 100, 1, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});               // a list in the tick table
  tick(100);                                                               // clears table_
  send(table_, b_, 101, 1, {20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30});  // reuses its blocks
  tick(101);
  ASSERT_TRUE(window_.lookup(a_, totals_));
  EXPECT_EQ(totals_.window.peers_out.estimate(), 10u);
}

}  // namespace
}  // namespace vigil::flow
