// Tests for Aggregator: ticks from a worker fed through a FIFO are completed in order, and the aggregator
// sleeps (rather than polls) while the worker has nothing to hand over.
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
  auto made = capture::makeSource(fifo);
  ASSERT_TRUE(made.ok()) << made.error();
  auto source = std::move(made).value();
  ASSERT_TRUE(source->open().ok());
  flow::StateConfig state;
  state.host_capacity = 1024;
  state.flow_capacity = 1024;
  flow::WindowConfig window;
  window.host_capacity = 1024;
  Worker worker(0, std::move(source), state, WorkerConfig{});
  std::vector<uint64_t> ticks;
  Aggregator aggregator(window, {&worker},
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

}  // namespace
}  // namespace vigil::pipeline
