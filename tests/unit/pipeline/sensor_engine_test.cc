// Tests for SensorEngine with real pcap files: tick order, per-tick merge across workers, totals.
#include "pipeline/sensor_engine.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "capture/source_factory.h"
#include "common/cpu_plan.h"
#include "pcap_test_file.h"
#include "thread_names.h"

namespace vigil::pipeline {
namespace {

using testing_util::PcapTestFile;

std::string udpFrame(uint8_t hi, uint8_t lo) {
  return testing_util::udpFrame(0, hi, lo);
}

std::unique_ptr<capture::PacketSource> openSource(const std::string& path) {
  auto s = capture::makeSource(path);
  EXPECT_TRUE(s.ok()) << s.error();
  auto source = std::move(s).value();
  common::Result<void> opened = source->open();
  EXPECT_TRUE(opened.ok()) << opened.error();
  return source;
}

EngineConfig smallConfig() {
  EngineConfig c;
  c.state.host_capacity = 4096;
  c.state.flow_capacity = 4096;
  c.window.host_capacity = 4096;
  c.window.window_ticks = 60;
  return c;
}

struct TickLog {
  std::vector<uint64_t> ticks;
  std::vector<uint64_t> victim_packets;  // window in.packets of 192.0.2.1 after each tick
};

Aggregator::TickCallback recorder(TickLog& log) {
  return [&log](const flow::HostWindow& w, uint64_t tick, uint64_t) {
    log.ticks.push_back(tick);
    flow::HostWindow::Totals t;
    log.victim_packets.push_back(w.lookup(*net::IpAddress::parse("192.0.2.1"), t) ? t.window.in.packets : 0);
  };
}

TEST(SensorEngineTest, OneWorkerCompletesTicksInPacketTimeOrder) {
  PcapTestFile file("engine-one");
  for (uint32_t sec = 1000; sec < 1003; ++sec) {
    for (uint8_t i = 0; i < 10; ++i)
      file.add(sec, i * 1000, udpFrame(0, i));
  }
  std::vector<std::unique_ptr<capture::PacketSource>> sources;
  sources.push_back(openSource(file.close()));
  TickLog log;
  SensorEngine engine(smallConfig(), std::move(sources), recorder(log));
  engine.start();
  ASSERT_TRUE(engine.wait());
  EXPECT_EQ(log.ticks, (std::vector<uint64_t>{1000, 1001, 1002}));
  EXPECT_EQ(log.victim_packets, (std::vector<uint64_t>{10, 20, 30}));
  const EngineTotals t = engine.totals();
  EXPECT_EQ(t.traffic.packets, 30u);
  EXPECT_EQ(t.traffic.udp, 30u);
  EXPECT_EQ(t.ticks, 3u);
  EXPECT_TRUE(t.errors.empty());
}

TEST(SensorEngineTest, TwoWorkersMergeEachTickOnceAndDeterministically) {
  for (int run = 0; run < 5; ++run) {
    PcapTestFile a("engine-a");
    PcapTestFile b("engine-b");
    for (uint32_t sec = 10; sec < 15; ++sec) {
      for (uint8_t i = 0; i < 7; ++i)
        a.add(sec, i, udpFrame(1, i));
      for (uint8_t i = 0; i < 3; ++i)
        b.add(sec, i, udpFrame(2, i));
    }
    b.add(17, 0, udpFrame(2, 99));  // worker b runs two ticks longer, with a gap
    std::vector<std::unique_ptr<capture::PacketSource>> sources;
    sources.push_back(openSource(a.close()));
    sources.push_back(openSource(b.close()));
    TickLog log;
    SensorEngine engine(smallConfig(), std::move(sources), recorder(log));
    // Called once, by whichever of the three threads returns last, when all of them have.
    std::atomic<int> finished_calls{0};
    engine.start([&] {
      EXPECT_TRUE(engine.finished());
      ++finished_calls;
    });
    ASSERT_TRUE(engine.wait());
    EXPECT_EQ(finished_calls.load(), 1);
    EXPECT_EQ(log.ticks, (std::vector<uint64_t>{10, 11, 12, 13, 14, 17}));
    EXPECT_EQ(log.victim_packets, (std::vector<uint64_t>{10, 20, 30, 40, 50, 51}));
    flow::HostWindow::Totals t;
    ASSERT_TRUE(engine.window().lookup(*net::IpAddress::parse("192.0.2.1"), t));
    EXPECT_EQ(t.window.in.udp, 51u);
    EXPECT_EQ(t.window.peers_in.estimate(), 11u);
    EXPECT_EQ(engine.totals().traffic.packets, 51u);
  }
}

TEST(SensorEngineTest, StopRequestStillDeliversTheFinalTick) {
  PcapTestFile file("engine-stop");
  for (uint32_t sec = 1; sec < 200; ++sec)
    file.add(sec, 0, udpFrame(0, 1));
  std::vector<std::unique_ptr<capture::PacketSource>> sources;
  sources.push_back(openSource(file.close()));
  TickLog log;
  SensorEngine engine(smallConfig(), std::move(sources), recorder(log));
  engine.requestStop();
  engine.start();
  EXPECT_TRUE(engine.wait());
  EXPECT_TRUE(engine.finished());
  ASSERT_EQ(log.ticks.size(), 1u);  // stopped before reading: only the (empty) final tick
  EXPECT_EQ(engine.totals().traffic.packets, 0u);
}

TEST(SensorEngineTest, ThreadsAreNamedAndTheAggregatorRunsBelowTheWorkersPriority) {
  PcapTestFile file("engine-threads");
  // More ticks than tick tables: the worker is still there, waiting for a table, during the first callback.
  for (uint32_t sec = 1; sec <= 20; ++sec)
    file.add(sec, 0, udpFrame(0, 1));
  std::vector<std::unique_ptr<capture::PacketSource>> sources;
  sources.push_back(openSource(file.close()));
  const int main_nice = ::getpriority(PRIO_PROCESS, id_t(::gettid()));
  std::vector<std::string> names;
  std::string aggregator_name;
  int aggregator_nice = 0;
  // The tick callback runs on the aggregator's thread.
  Aggregator::TickCallback on_tick = [&](const flow::HostWindow&, uint64_t, uint64_t) {
    if (!names.empty()) return;
    names = vigil::testing_util::threadNames();
    aggregator_name = vigil::testing_util::threadName("/proc/thread-self");
    aggregator_nice = ::getpriority(PRIO_PROCESS, id_t(::gettid()));
  };
  SensorEngine engine(smallConfig(), std::move(sources), on_tick);
  engine.start();
  ASSERT_TRUE(engine.wait());
  EXPECT_EQ(aggregator_name, "vigil-aggr");
  EXPECT_EQ(aggregator_nice, std::min(main_nice + SensorEngine::kAggregatorNiceSteps, 19));
  EXPECT_EQ(::getpriority(PRIO_PROCESS, id_t(::gettid())), main_nice);
  EXPECT_NE(std::find(names.begin(), names.end(), "vigil-worker0"), names.end());
}

/// The Cpus_allowed_list line of this process's thread named `name` ("0-1"), or empty.
std::string allowedCpusOf(const std::string& name) {
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    if (vigil::testing_util::threadName(task.path()) != name) continue;
    std::ifstream in(task.path() / "status");
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("Cpus_allowed_list:", 0) == 0) return line.substr(line.find_first_not_of(" \t", 18));
    }
  }
  return "";
}

TEST(SensorEngineTest, EachWorkerPinsItselfToItsCpuAndTheOtherThreadsKeepTheirs) {
  const std::vector<int> allowed = common::allowedCpus();
  ASSERT_FALSE(allowed.empty());
  PcapTestFile file("engine-cpus");
  for (uint32_t sec = 1; sec <= 20; ++sec)
    file.add(sec, 0, udpFrame(0, 1));
  std::vector<std::unique_ptr<capture::PacketSource>> sources;
  sources.push_back(openSource(file.close()));
  EngineConfig config = smallConfig();
  config.worker_cpus = {allowed.back()};
  std::string worker_cpus;
  std::string aggregator_cpus;
  Aggregator::TickCallback on_tick = [&](const flow::HostWindow&, uint64_t, uint64_t) {
    if (!worker_cpus.empty()) return;
    worker_cpus = allowedCpusOf("vigil-worker0");
    aggregator_cpus = allowedCpusOf("vigil-aggr");
  };
  SensorEngine engine(config, std::move(sources), on_tick);
  engine.start();
  ASSERT_TRUE(engine.wait());
  EXPECT_EQ(worker_cpus, std::to_string(allowed.back()));
  EXPECT_EQ(aggregator_cpus, common::formatCpus(allowed));
}

}  // namespace
}  // namespace vigil::pipeline
