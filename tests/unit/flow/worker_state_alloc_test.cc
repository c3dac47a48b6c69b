// Proves WorkerState's per-packet and per-tick paths (and the window's merge) never allocate.
#include <gtest/gtest.h>


#include "flow/host_window.h"
#include "flow/worker_state.h"
#include "allocation_counter.h"
#include "flow_test_packets.h"

namespace vigil::flow {
namespace {

using namespace test_packets;  // NOLINT: packet builders

class CountAllocations {
 public:
  CountAllocations() {
    g_allocations.store(0);
    g_counting.store(true);
  }
  ~CountAllocations() { g_counting.store(false); }
  uint64_t count() const { return g_allocations.load(); }
};

TEST(NoAllocationTest, CounterSeesAllocations) {
  CountAllocations counting;
  void* p = ::operator new(16);  // an explicit call: the compiler may not elide it
  ::operator delete(p);
  EXPECT_EQ(counting.count(), 1u);
}

TEST(NoAllocationTest, MillionPacketsTicksAndWindowAllocateNothing) {
  // Small tables so that every path runs: evictions, list and register growth, pool exhaustion,
  // flow expiry, table rotation and the window's merge/advance/lookup.
  StateConfig config;
  config.host_capacity = 2048;
  config.flow_capacity = 4096;
  config.list_sketches = 64;
  config.dense_sketches = 64;
  WindowConfig wconfig;
  wconfig.host_capacity = 1024;
  wconfig.dense_sketches = 16;
  HostTable tables[2] = {HostTable(config), HostTable(config)};
  WorkerState state(config);
  HostWindow window(wconfig);
  HostWindow::Totals totals;
  state.setTickTable(&tables[0]);
  const net::IpAddress victim = ip("203.0.113.9");

  CountAllocations counting;
  std::size_t current = 0;
  uint64_t tick = 1000;
  decode::PacketView burst[16];
  for (uint32_t i = 0; i < 1'000'000; ++i) {
    const uint64_t ts = tick * kSecond + i % 100000;
    const net::IpAddress src = net::IpAddress::fromV4(0x0a000000u + (i * 2654435761u) % 50000);
    decode::PacketView pv;
    switch (i % 4) {
      case 0:
        pv = tcp(src, uint16_t(i), victim, 80, kSyn, ts);
        break;
      case 1:
        pv = tcp(victim, 80, src, uint16_t(i - 1), kSynAck, ts);
        break;
      case 2:
        pv = udp(src, 53, net::IpAddress::fromV4(0xc0000000u + i % 300), uint16_t(i), ts);
        break;
      default:
        pv = i % 8 == 3 ? icmp(src, victim, 8, ts) : laterFragment(src, victim, ts);
        break;
    }
    if (i % 2 == 0) {
      state.onPacket(pv);
    } else {
      burst[(i / 2) % 16] = pv;
      if ((i / 2) % 16 == 15) state.onPackets(burst, 16);
    }
    if (i % 100000 == 99999) {  // a tick boundary, as the pipeline runs it
      state.expire((tick + 1) * kSecond);
      HostTable& full = tables[current];
      current ^= 1;
      state.setTickTable(&tables[current]);
      window.merge(full, tick);
      full.clear();
      window.advance(tick);
      (void)window.lookup(victim, totals);
      window.forEach([](const net::IpAddress&, const HostWindow::Totals&) {});
      ++tick;
    }
  }
  state.flush(tick * kSecond);
  EXPECT_EQ(counting.count(), 0u);
  g_counting.store(false);

  // The run really went through the interesting paths.
  EXPECT_GT(state.hostEvictions(), 0u);
  EXPECT_GT(state.flowEvictions(), 0u);
  EXPECT_GT(state.sketchPoolExhausted(), 0u);
  EXPECT_GT(window.evictions(), 0u);
  ASSERT_TRUE(window.lookup(victim, totals));
  EXPECT_TRUE(totals.window.peers_in.isDense());
}

}  // namespace
}  // namespace vigil::flow
