// Tests for Aggregator: ticks from a worker fed through a FIFO are completed in order, the aggregator
// sleeps (rather than polls) while the worker has nothing to hand over, and the worker sleeps while the
// aggregator holds every table.
#include "pipeline/aggregator.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "capture/source_factory.h"
#include "pcap_test_file.h"

namespace vigil::pipeline {
namespace {

void writeAll(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    ASSERT_GT(n, 0) << std::strerror(errno);
    p += n;
    size -= std::size_t(n);
  }
}

void writePacket(int fd, uint32_t sec, uint8_t host) {
  const std::string frame = testing_util::udpFrame(1, 2, host);
  const uint32_t r[4] = {sec, 0, uint32_t(frame.size()), uint32_t(frame.size())};
  writeAll(fd, r, sizeof r);
  writeAll(fd, frame.data(), frame.size());
}

/// The opened source of `path`, or null (and a test failure) if it cannot be opened.
std::unique_ptr<capture::PacketSource> openSource(const std::string& path) {
  auto made = capture::makeSource(path);
  EXPECT_TRUE(made.ok()) << made.error();
  if (!made.ok()) return nullptr;
  auto source = std::move(made).value();
  if (!source->open().ok()) {
    ADD_FAILURE() << "cannot open " << path;
    return nullptr;
  }
  return source;
}

flow::StateConfig smallState() {
  flow::StateConfig state;
  state.host_capacity = 1024;
  state.flow_capacity = 1024;
  return state;
}

flow::WindowConfig smallWindow() {
  flow::WindowConfig window;
  window.host_capacity = 1024;
  return window;
}

TEST(AggregatorTest, SleepsWhileTheWorkerHasNoTickToHandOver) {
  const std::string fifo = (std::filesystem::path(::testing::TempDir()) / "aggregator-idle.fifo").string();
  std::filesystem::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  // Tick 1000's only packet, then 400 ms of silence (the worker blocks reading), then ticks 1001 and 1002.
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    const uint32_t header[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1};
    writeAll(fd, header, sizeof header);
    writePacket(fd, 1000, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    writePacket(fd, 1001, 2);
    writePacket(fd, 1002, 3);
    ::close(fd);
  });
  auto source = openSource(fifo);
  ASSERT_NE(source, nullptr);
  Worker worker(0, std::move(source), smallState(), WorkerConfig{});
  std::vector<uint64_t> ticks;
  Aggregator aggregator(smallWindow(), {&worker},
                        [&](const flow::HostWindow&, uint64_t tick, uint64_t) { ticks.push_back(tick); });
  long wakeups = -1;
  std::thread agg([&] {
    aggregator.run();
    rusage usage{};
    ::getrusage(RUSAGE_THREAD, &usage);
    wakeups = usage.ru_nvcsw;  // times this thread went to sleep and was woken
  });
  std::atomic<bool> stop{false};
  worker.run(stop);
  agg.join();
  writer.join();
  std::filesystem::remove(fifo);
  EXPECT_EQ(ticks, (std::vector<uint64_t>{1000, 1001, 1002}));
  // One sleep per tick waited for; polling (every 100 us) would have woken thousands of times in 400 ms.
  EXPECT_LT(wakeups, 50);
  EXPECT_GE(wakeups, 1);
}

TEST(AggregatorTest, WorkerSleepsWhileTheAggregatorHoldsEveryTable) {
  // Twelve ticks of one packet each, read as fast as the file allows, and an aggregator that takes
  // 25 ms per tick: with two tables the worker waits for it at almost every tick boundary.
  const std::string path = (std::filesystem::path(::testing::TempDir()) / "aggregator-slow.pcap").string();
  {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    const uint32_t header[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1};
    writeAll(fd, header, sizeof header);
    for (uint32_t t = 0; t < 12; ++t)
      writePacket(fd, 1000 + t, uint8_t(1 + t));
    ::close(fd);
  }
  auto source = openSource(path);
  ASSERT_NE(source, nullptr);
  WorkerConfig config;
  config.tick_tables = 2;
  Worker worker(0, std::move(source), smallState(), config);
  constexpr auto kTickTime = std::chrono::milliseconds(25);
  uint64_t ticks = 0;
  Aggregator aggregator(smallWindow(), {&worker}, [&](const flow::HostWindow&, uint64_t, uint64_t) {
    std::this_thread::sleep_for(kTickTime);
    ++ticks;
  });
  std::thread agg([&] { aggregator.run(); });
  const auto cpuSeconds = [] {
    rusage usage{};
    ::getrusage(RUSAGE_THREAD, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  };
  const double cpu_before = cpuSeconds();
  const auto started = std::chrono::steady_clock::now();
  std::atomic<bool> stop{false};
  worker.run(stop);
  const double worker_wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double worker_cpu = cpuSeconds() - cpu_before;
  agg.join();
  std::filesystem::remove(path);
  EXPECT_EQ(ticks, 12u);
  // The worker spent most of its run waiting (about ten ticks of 25 ms) and, asleep, used almost no CPU
  // for it; waiting by yielding in a loop takes CPU for the whole wait.
  EXPECT_GT(worker_wall, 0.15);
  EXPECT_LT(worker_cpu, 0.05) << "worker wall " << worker_wall << " s";
}

}  // namespace
}  // namespace vigil::pipeline
