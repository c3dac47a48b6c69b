// Tests for the DPDK backend on EAL virtual devices: frames and times from net_pcap, mbufs returned to the pool,
// one queue per file, clock time, option and port errors. Each test uses its own vdev name, so the tests also
// pass when they share one process (EAL starts once; later vdevs are hot-plugged).
#include "capture/dpdk/dpdk_source.h"

#include <gtest/gtest.h>

#include <ctime>

#include "capture/capture_test_support.h"
#include "capture/dpdk/dpdk_eal.h"
#include "capture/dpdk/dpdk_port.h"
#include "capture/buffered_pcap_source.h"
#include "capture/source_factory.h"

namespace vigil::capture {
namespace {

using testing_support::appendRecord;
using testing_support::Bytes;
using testing_support::FrameCopy;
using testing_support::payload;
using testing_support::pcapHeader;
using testing_support::TempDir;
using testing_support::writeFile;

const std::string kEal = "--no-huge -m 256 --no-pci --no-shconf --no-telemetry -l 0";

std::string uri(const std::string& port, const std::string& options, const std::string& vdevs) {
  return port + "?" + options + (options.empty() ? "" : "&") + "eal=" + kEal + " " + vdevs;
}

/// A capture of `count` Ethernet-sized frames with distinct contents and microsecond times.
std::string writeCapture(TempDir& dir, const std::string& name, std::size_t count, uint8_t seed) {
  Bytes file = pcapHeader({});
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t size = 60 + (i * 13) % 1400;
    appendRecord(file, false, uint32_t(1'700'000'000 + i / 1000), uint32_t((i % 1000) * 997), uint32_t(size),
                 uint32_t(size), payload(size, uint8_t(seed + i)));
  }
  writeFile(dir.file(name), file);
  return dir.file(name);
}

/// Reads a replay source until it reports the end of input (idle_exit).
std::vector<FrameCopy> drain(PacketSource& source) {
  std::vector<RawFrame> frames(64);
  std::vector<FrameCopy> out;
  for (;;) {
    const std::size_t n = source.receiveBurst(frames);
    EXPECT_LE(n, DpdkSource::kBurst);
    for (std::size_t i = 0; i < n; ++i)
      out.push_back({frames[i].caplen, frames[i].wirelen, frames[i].ts_ns,
                     Bytes(frames[i].data, frames[i].data + frames[i].caplen)});
    if (n == 0 && source.state() != SourceState::kActive) return out;
  }
}

std::vector<FrameCopy> readFile(const std::string& path) {
  BufferedPcapSource file(path);
  EXPECT_TRUE(file.open().ok());
  return testing_support::readAll(file);
}

TEST(DpdkSourceTest, NetPcapGivesEveryFrameWithTheFilesTimes) {
  TempDir dir;
  const std::string path = writeCapture(dir, "a.pcap", 3000, 1);
  auto sources =
      makeDpdkSources(uri("net_pcap10", "time=device&idle_exit=100", "--vdev=net_pcap10,rx_pcap=" + path), {});
  ASSERT_TRUE(sources.ok()) << sources.error();
  ASSERT_EQ(sources->size(), 1u);
  PacketSource& source = *sources->front();
  ASSERT_TRUE(source.open().ok());
  EXPECT_FALSE(source.live());  // device time: a replay, ticked by packet time
  EXPECT_EQ(source.name(), "dpdk:net_pcap10");
  const std::vector<FrameCopy> got = drain(source);
  EXPECT_EQ(source.state(), SourceState::kExhausted);
  EXPECT_EQ(got, readFile(path));
  EXPECT_EQ(source.stats().received, 3000u);
  EXPECT_EQ(source.stats().dropped_nic, 0u);
}

TEST(DpdkSourceTest, ReleasedMbufsGoBackToASmallPool) {
  // 20 000 frames through a pool of 1 024 mbufs: every burst's mbufs must come back, or the pool runs dry
  // (rx_nombuf) and frames go missing.
  TempDir dir;
  const std::string path = writeCapture(dir, "b.pcap", 20000, 2);
  auto sources = makeDpdkSources(
      uri("net_pcap11", "time=device&idle_exit=100&mbufs=1024&rxd=256", "--vdev=net_pcap11,rx_pcap=" + path), {});
  ASSERT_TRUE(sources.ok()) << sources.error();
  PacketSource& source = *sources->front();
  ASSERT_TRUE(source.open().ok());
  std::vector<RawFrame> frames(32);
  std::size_t total = 0;
  for (;;) {
    const std::size_t n = source.receiveBurst(frames);
    total += n;
    if (n != 0) source.release();  // as the worker does after decoding
    if (n == 0 && source.state() != SourceState::kActive) break;
  }
  EXPECT_EQ(total, 20000u);
  EXPECT_EQ(source.stats().dropped_nic, 0u);
}

TEST(DpdkSourceTest, OneQueuePerFileWhenTheDeviceHasNoRss) {
  TempDir dir;
  const std::string a = writeCapture(dir, "a.pcap", 500, 3);
  const std::string b = writeCapture(dir, "b.pcap", 700, 4);
  auto sources = makeDpdkSources(
      uri("net_pcap12", "queues=2&time=device&idle_exit=100", "--vdev=net_pcap12,rx_pcap=" + a + ",rx_pcap=" + b), {});
  ASSERT_TRUE(sources.ok()) << sources.error();
  ASSERT_EQ(sources->size(), 2u);
  for (auto& s : *sources)
    ASSERT_TRUE(s->open().ok());
  EXPECT_EQ((*sources)[0]->name(), "dpdk:net_pcap12#0");
  EXPECT_EQ((*sources)[1]->name(), "dpdk:net_pcap12#1");
  EXPECT_EQ(drain(*(*sources)[0]), readFile(a));
  EXPECT_EQ(drain(*(*sources)[1]), readFile(b));
}

TEST(DpdkSourceTest, ClockTimeMakesALiveSource) {
  TempDir dir;
  const std::string path = writeCapture(dir, "c.pcap", 100, 5);
  auto sources = makeDpdkSources(uri("net_pcap13", "idle_exit=100", "--vdev=net_pcap13,rx_pcap=" + path), {});
  ASSERT_TRUE(sources.ok()) << sources.error();
  PacketSource& source = *sources->front();
  ASSERT_TRUE(source.open().ok());
  EXPECT_TRUE(source.live());
  timespec before{};
  clock_gettime(CLOCK_REALTIME, &before);
  const std::vector<FrameCopy> got = drain(source);
  timespec after{};
  clock_gettime(CLOCK_REALTIME, &after);
  ASSERT_EQ(got.size(), 100u);
  for (const FrameCopy& f : got) {
    EXPECT_GE(f.ts_ns, uint64_t(before.tv_sec) * 1'000'000'000ull + uint64_t(before.tv_nsec));
    EXPECT_LE(f.ts_ns, uint64_t(after.tv_sec) * 1'000'000'000ull + uint64_t(after.tv_nsec));
  }
}

TEST(DpdkSourceTest, TooManyQueuesAndUnknownPortsAreClearErrors) {
  TempDir dir;
  const std::string path = writeCapture(dir, "d.pcap", 10, 6);
  auto many = makeDpdkSources(uri("net_pcap14", "queues=3", "--vdev=net_pcap14,rx_pcap=" + path), {});
  ASSERT_TRUE(many.ok()) << many.error();
  auto opened = many->front()->open();
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error(), "dpdk:net_pcap14: 3 queues asked, the device (net_pcap) has 1");

  auto missing = makeDpdkSources(uri("net_nosuch9", "", ""), {});
  ASSERT_TRUE(missing.ok());
  opened = missing->front()->open();
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().find("dpdk:net_nosuch9: no such port (ports: "), std::string::npos) << opened.error();
}

TEST(DpdkSourceTest, EalArgumentsComeFromTheConfigurationThenTheUri) {
  auto o = parseDpdkOptions("0?eal=-l+0-2&queues=2", {"--no-huge", "-m", "256"});
  ASSERT_TRUE(o.ok()) << o.error();
  EXPECT_EQ(o->eal, (std::vector<std::string>{"--no-huge", "-m", "256", "-l", "0-2"}));
  EXPECT_EQ(o->queues, 2u);
}

TEST(DpdkSourceTest, OptionErrorsNameKeyAndValue) {
  EXPECT_EQ(parseDpdkOptions("", {}).error(), "dpdk: needs a port id or device name (dpdk:0?queues=4)");
  EXPECT_EQ(parseDpdkOptions("0?queues=0", {}).error(), "dpdk: 'queues' must be a number from 1 to 64 (got '0')");
  EXPECT_EQ(parseDpdkOptions("0?time=nic", {}).error(), "dpdk: 'time' must be clock or device (got 'nic')");
  EXPECT_EQ(parseDpdkOptions("0?burst=64", {}).error(),
            "dpdk: unknown option 'burst' (expected queues, rxd, mbufs, time, idle_exit, eal)");
}

TEST(DpdkSourceTest, TheFactoryKnowsTheScheme) {
  EXPECT_TRUE(hasBackend("dpdk"));
  auto made = makeSource("dpdk:0?queues=2");
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error(), "dpdk:0?queues=2: names 2 sources (one per worker), where one is expected");
}

TEST(DpdkEalTest, BadArgumentsAreOneLineWithEalsReason) {
  if (DpdkEal::running()) GTEST_SKIP() << "EAL already started in this process";
  auto started = DpdkEal::start({"--no-huge", "--in-memory"});
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().find('\n'), std::string::npos);
  EXPECT_NE(started.error().find("--legacy-mem is not compatible with --in-memory"), std::string::npos)
      << started.error();
}

}  // namespace
}  // namespace vigil::capture
