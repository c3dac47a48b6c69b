// Tests for Worker: no heap allocation while running, and tick/packet accounting over a real pcap file.
#include "pipeline/worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "allocation_counter.h"
#include "capture/source_factory.h"
#include "pcap_test_file.h"
#include "pipeline/aggregator.h"

namespace vigil::pipeline {
namespace {

using testing_util::PcapTestFile;

std::unique_ptr<capture::PacketSource> openSource(const std::string& path) {
  auto s = capture::makeSource(path);
  EXPECT_TRUE(s.ok()) << s.error();
  auto source = std::move(s).value();
  EXPECT_TRUE(source->open().ok());
  return source;
}

TEST(WorkerTest, RunsWithoutHeapAllocationAcrossTicksAndEvictions) {
  // 300k packets over 30 ticks from 60k distinct sources: fills and evicts the small tables,
  // expires flows and rotates tick tables many times.
  PcapTestFile file("worker-alloc");
  uint32_t n = 0;
  for (uint32_t sec = 0; sec < 30; ++sec) {
    for (uint32_t i = 0; i < 10'000; ++i, ++n) {
      const uint32_t src = (n * 2654435761u) % 60'000;
      const uint8_t flags = (i % 3 == 0) ? 0x02 : 0x10;
      if (i % 2) {
        file.add(1'000'000 + sec, i * 50, testing_util::tcpFrame(uint8_t(src >> 16), uint8_t(src >> 8), uint8_t(src),
                                                                  uint8_t(i % 50), uint16_t(20 + i % 1000), flags));
      } else {
        file.add(1'000'000 + sec, i * 50, testing_util::udpFrame(uint8_t(src >> 16), uint8_t(src >> 8), uint8_t(src)));
      }
    }
  }
  flow::StateConfig state;
  state.host_capacity = 4096;
  state.flow_capacity = 8192;
  flow::WindowConfig window;
  window.host_capacity = 4096;
  window.window_ticks = 10;
  Worker worker(0, openSource(file.close()), state, WorkerConfig{});
  Aggregator aggregator(window, {&worker});
  std::atomic<bool> stop{false};
  std::atomic<bool> go{false};
  std::thread agg([&] {
    while (!go.load()) std::this_thread::yield();
    aggregator.run();
  });
  g_allocations = 0;
  g_counting = true;
  go = true;
  worker.run(stop);
  agg.join();
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0u);
  EXPECT_EQ(worker.stats().packets, 300'000u);
  EXPECT_EQ(worker.stats().udp + worker.stats().tcp, 300'000u);
  EXPECT_EQ(worker.ticks(), 30u);
  EXPECT_EQ(aggregator.ticksCompleted(), 30u);
  EXPECT_GT(worker.state().hostEvictions(), 0u);
}

}  // namespace
}  // namespace vigil::pipeline
