// Throughput of WorkerState::onPacket on a realistic traffic mix; prints packets per second, asserts no timing.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <vector>

#include "flow/worker_state.h"
#include "flow_test_packets.h"

namespace vigil::flow {
namespace {

using namespace test_packets;  // NOLINT: packet builders

// Under ASan/UBSan (the dev preset) a replay runs some twenty times slower and its rate means nothing,
// so the sanitizer run replays less: the same invariants, checked on fewer packets.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kScale = 8;
#else
constexpr std::size_t kScale = 1;
#endif

// One second of traffic: TCP connections (handshake, min_data..max_data data packets both ways, FIN),
// DNS lookups, pings and a SYN scan, between inside and outside hosts, interleaved by time.
std::vector<decode::PacketView> makeMix(std::size_t target_packets, uint64_t seed, uint32_t inside_hosts,
                                        uint32_t outside_hosts, int min_data, int max_data) {
  std::mt19937_64 rng(seed);
  struct Timed {
    uint64_t ts;
    decode::PacketView pv;
  };
  std::vector<Timed> out;
  out.reserve(target_packets + 64);
  const auto inside = [&] { return net::IpAddress::fromV4(0x0a000000u + uint32_t(rng() % inside_hosts)); };
  const auto outside = [&] { return net::IpAddress::fromV4(0xc6000000u + uint32_t(rng() % outside_hosts)); };
  const uint16_t web[] = {443, 443, 443, 80, 22, 25};
  while (out.size() < target_packets) {
    const uint64_t start = rng() % kSecond;
    const uint32_t kind = uint32_t(rng() % 100);
    const net::IpAddress c = inside();
    const net::IpAddress s = outside();
    const uint16_t cport = uint16_t(1024 + rng() % 60000);
    uint64_t t = start;
    const auto step = [&] { return t += 1000 + rng() % 200000; };
    if (kind < 55) {  // TCP connection: 3-way handshake, a few data packets, teardown
      const uint16_t sport = web[rng() % 6];
      out.push_back({t, tcp(c, cport, s, sport, kSyn, 0, 74)});
      out.push_back({step(), tcp(s, sport, c, cport, kSynAck, 0, 74)});
      out.push_back({step(), tcp(c, cport, s, sport, kAck, 0, 66)});
      const int data = min_data + int(rng() % uint64_t(max_data - min_data + 1));
      for (int i = 0; i < data; ++i) {
        const bool down = rng() % 3 != 0;
        out.push_back(
            {step(), down ? tcp(s, sport, c, cport, kPshAck, 0, 1514) : tcp(c, cport, s, sport, kAck, 0, 66)});
      }
      out.push_back({step(), tcp(c, cport, s, sport, kFinAck, 0, 66)});
      out.push_back({step(), tcp(s, sport, c, cport, kFinAck, 0, 66)});
    } else if (kind < 85) {  // DNS
      out.push_back({t, udp(c, cport, s, 53, 0, 80)});
      out.push_back({step(), udp(s, 53, c, cport, 0, 200)});
    } else if (kind < 92) {  // ping
      out.push_back({t, icmp(c, s, 8, 0)});
      out.push_back({step(), icmp(s, c, 0, 0)});
    } else {  // scanner probing random hosts
      const net::IpAddress scanner = net::IpAddress::fromV4(0xcb007100u + uint32_t(rng() % 4));
      for (int i = 0; i < 8; ++i)
        out.push_back({step(), tcp(scanner, 40000, inside(), uint16_t(rng()), kSyn, 0, 60)});
    }
  }
  std::sort(out.begin(), out.end(), [](const Timed& a, const Timed& b) { return a.ts < b.ts; });
  std::vector<decode::PacketView> packets;
  packets.reserve(out.size());
  for (Timed& x : out) {
    x.pv.ts_ns = x.ts;
    packets.push_back(x.pv);
  }
  return packets;
}

double threadSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

// Replays `second` (one second of packet time) `seconds` times through a WorkerState with the pipeline's
// tick handling, `burst` packets per call (1 = onPacket), and prints the rate in thread CPU time (the
// machine is shared, so wall time would measure the neighbours too).
void replay(const char* name, const std::vector<decode::PacketView>& second, int seconds, std::size_t burst) {
  StateConfig config;  // production defaults: 256k hosts per tick table, 1M flows
  HostTable tables[2] = {HostTable(config), HostTable(config)};
  WorkerState state(config);
  state.setTickTable(&tables[0]);
  std::vector<decode::PacketView> batch(second.size());
  std::size_t current = 0;
  double cpu = 0;
  for (int s = 0; s < seconds; ++s) {
    const uint64_t base = uint64_t(s) * kSecond;
    for (std::size_t i = 0; i < second.size(); ++i) {
      batch[i] = second[i];
      batch[i].ts_ns += base;
    }
    const double start = threadSeconds();  // the copy above is not part of the measurement
    if (burst == 1) {
      for (const decode::PacketView& pv : batch)
        state.onPacket(pv);
    } else {
      for (std::size_t i = 0; i < batch.size(); i += burst) {
        state.onPackets(batch.data() + i, std::min(burst, batch.size() - i));
      }
    }
    // Tick boundary as the pipeline does it: expire, hand off, continue on the other (cleared) table.
    state.expire(base + kSecond);
    current ^= 1;
    tables[current].clear();
    state.setTickTable(&tables[current]);
    cpu += threadSeconds() - start;
  }
  const double packets = double(second.size()) * seconds;
  std::printf(
      "%-34s burst %2zu: %5.1f Mpps (%5.1f ns/packet CPU), flows %zu, host evictions %llu, "
      "sketch pool exhausted %llu\n",
      name, burst, packets / cpu / 1e6, cpu / packets * 1e9, state.flows().size(),
      (unsigned long long)state.hostEvictions(), (unsigned long long)state.sketchPoolExhausted());
  EXPECT_EQ(state.hostEvictions(), 0u);
  EXPECT_GT(state.flows().size(), 0u);
}

TEST(WorkerStateThroughputTest, RealisticMixPrintsRate) {
  // Typical: flows of tens of packets (about 40k new flows/s), 8k hosts.
  const std::vector<decode::PacketView> typical = makeMix(1'000'000 / kScale, 1, 2000, 6000, 20, 60);
  // Churny: short flows (about 170k new flows/s), 80k hosts: tables far beyond the CPU caches.
  const std::vector<decode::PacketView> churny = makeMix(1'000'000 / kScale, 1, 20000, 60000, 2, 9);
  const int seconds = kScale == 1 ? 6 : 2;
  for (const std::size_t burst : {std::size_t(1), std::size_t(32)}) {
    replay("typical: 8k hosts, ~40k flows/s", typical, seconds, burst);
    replay("churny: 80k hosts, ~170k flows/s", churny, seconds, burst);
  }
}

TEST(WorkerStateThroughputTest, SpoofedFloodPrintsRate) {
  // Worst case for the tables: every packet a new source, every insert evicting.
  StateConfig config;
  HostTable table(config);
  WorkerState state(config);
  state.setTickTable(&table);
  const net::IpAddress victim = ip("203.0.113.1");
  std::vector<decode::PacketView> packets;
  std::mt19937 rng(3);
  for (int i = 0; i < 1 << 20; ++i) {
    packets.push_back(tcp(net::IpAddress::fromV4(uint32_t(rng())), uint16_t(rng()), victim, 80, kSyn, 0, 60));
  }
  constexpr int kRounds = 4;
  const auto start = std::chrono::steady_clock::now();
  uint64_t ts = 0;
  for (int r = 0; r < kRounds; ++r) {
    for (decode::PacketView pv : packets) {
      pv.ts_ns = ++ts;
      state.onPacket(pv);
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double n = double(packets.size()) * kRounds;
  state.expire(ts);
  std::printf("spoofed SYN flood: %.1f Mpps, host evictions %llu, flow evictions %llu\n", n / seconds / 1e6,
              (unsigned long long)state.hostEvictions(), (unsigned long long)state.flowEvictions());
  const HostCounters* v = table.find(victim);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->in.packets, uint64_t(n));
}

}  // namespace
}  // namespace vigil::flow
