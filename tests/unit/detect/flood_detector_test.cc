// Tests for FloodDetector: victim-side rate thresholds, dominant and heavy sources, and the must-not-fire guards.
#include "detect/flood_detector.h"

#include <gtest/gtest.h>

#include "detect_test_support.h"

namespace vigil::detect {
namespace {

using namespace test;  // NOLINT: test helpers

constexpr const char* kSyn = "{protocol: tcp, tcp_flags: {set: [syn], unset: [ack]}}";

/// `syns` 60-byte SYNs received in a 10 s window from spoofed sources (no peer stands out).
void synVictim(FakeHost& h, uint32_t syns) {
  flow::HostCounters& w = h.window();
  w.in.packets = w.in.tcp = w.in.syn = syns;
  w.in.bytes = uint64_t(syns) * 60;
  w.conn_in.attempts = syns;
  w.top_in.add(ip("203.0.113.1"), 3);
  w.top_in.add(ip("203.0.113.2"), 2);
}

class SynFloodTest : public ::testing::Test {
 protected:
  std::unique_ptr<DetectorSet> set_ = buildSet(oneRule("syn-flood", kSyn, "destination", "packets_per_second", "100"));
  const Detector& detector() const { return *set_->detectors.at(0); }
};

TEST_F(SynFloodTest, SpoofedFloodNamesTheVictimOnly) {
  FakeHost at("192.0.2.80", 10);
  synVictim(at, 1000);  // exactly 100/s
  EXPECT_TRUE(evaluate(detector(), at).empty());

  FakeHost victim("192.0.2.80", 10);
  synVictim(victim, 1001);
  const std::vector<Finding> f = evaluate(detector(), victim);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, std::nullopt);  // the sources are spoofed: none is named
  EXPECT_EQ(f[0].destination, ip("192.0.2.80"));
  EXPECT_EQ(f[0].value, 100.1);
  EXPECT_EQ(f[0].transport, "tcp");
  EXPECT_EQ(f[0].role, 0);
  EXPECT_EQ(detector().identifier(f[0]), "syn-flood");
  EXPECT_EQ(detector().classification(f[0]).type, "ddos");
}

TEST_F(SynFloodTest, ADominantSourceIsNamedWithTheVictim) {
  FakeHost victim("192.0.2.80", 10);
  synVictim(victim, 2000);
  victim.window().top_in = {};
  victim.window().top_in.add(ip("198.51.100.9"), 1500);
  victim.window().top_in.add(ip("203.0.113.1"), 10);
  victim.addPortsIn(1);
  const std::vector<Finding> f = evaluate(detector(), victim);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, ip("198.51.100.9"));
  EXPECT_EQ(f[0].destination, ip("192.0.2.80"));
  EXPECT_EQ(f[0].role, 0);
  EXPECT_EQ(f[0].value, 200.0);
}

TEST_F(SynFloodTest, TwoHeavySourcesGiveTheVictimAndEachSource) {
  FakeHost victim("192.0.2.80", 10);
  synVictim(victim, 2000);
  victim.window().top_in = {};
  victim.window().top_in.add(ip("198.51.100.9"), 800);   // 40 %: heavy, not dominant
  victim.window().top_in.add(ip("198.51.100.10"), 500);  // 25 %: just heavy enough
  const std::vector<Finding> f = evaluate(detector(), victim);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].source, std::nullopt);
  EXPECT_EQ(f[0].destination, ip("192.0.2.80"));
  EXPECT_EQ(f[0].role, 0);
  EXPECT_EQ(f[1].source, ip("198.51.100.9"));
  EXPECT_EQ(f[1].destination, ip("192.0.2.80"));
  EXPECT_EQ(f[1].role, 1);
  EXPECT_EQ(f[2].source, ip("198.51.100.10"));
  EXPECT_EQ(f[2].role, 1);

  victim.window().top_in.count[1] = 499;  // under 25 %: only the victim and the heavier source
  EXPECT_EQ(evaluate(detector(), victim).size(), 2u);
}

TEST_F(SynFloodTest, SynAckBackscatterIsNotASynFlood) {
  // The hosts a SYN flood victim answers (spoofed addresses, or a reflection victim) receive SYN-ACKs.
  FakeHost backscatter("198.51.100.77", 10);
  flow::HostCounters& w = backscatter.window();
  w.in.packets = w.in.tcp = w.in.syn_ack = 5000;
  w.in.bytes = 5000 * 60;
  w.top_in.add(ip("192.0.2.80"), 5000);
  EXPECT_TRUE(evaluate(detector(), backscatter).empty());
}

TEST_F(SynFloodTest, ABusyServerCompletesItsHandshakes) {
  FakeHost server("192.0.2.80", 10);
  synVictim(server, 2000);
  server.window().conn_in.completed = 1001;  // more than half
  EXPECT_TRUE(evaluate(detector(), server).empty());
  server.window().conn_in.completed = 999;
  EXPECT_EQ(evaluate(detector(), server).size(), 1u);
}

TEST_F(SynFloodTest, SynsMustBeMostOfWhatTheVictimReceives) {
  FakeHost h("192.0.2.80", 10);
  synVictim(h, 2000);
  h.window().in.packets = 4001;
  EXPECT_TRUE(evaluate(detector(), h).empty());
}

TEST_F(SynFloodTest, OneSourceOnManyPortsIsAPortScan) {
  FakeHost h("192.0.2.80", 10);
  synVictim(h, 2000);
  h.window().top_in = {};
  h.window().top_in.add(ip("198.51.100.9"), 2000);
  h.addPortsIn(21);  // > max_ports 20: scan-vertical reports it
  EXPECT_TRUE(evaluate(detector(), h).empty());

  FakeHost twenty("192.0.2.80", 10);
  synVictim(twenty, 2000);
  twenty.window().top_in = {};
  twenty.window().top_in.add(ip("198.51.100.9"), 2000);
  twenty.addPortsIn(20);
  EXPECT_EQ(evaluate(detector(), twenty).size(), 1u);
}

/// `packets` UDP datagrams of 1000 bytes received in 10 s, `from_dns` of them with source port 53.
void udpVictim(FakeHost& h, uint32_t packets, uint32_t from_dns) {
  flow::HostCounters& w = h.window();
  w.in.packets = w.in.udp = packets;
  w.in.bytes = uint64_t(packets) * 1000;
  w.in.service[flow::servicePortIndex(53)] = from_dns;
}

TEST(UdpFloodTest, ReflectedUdpIsLeftToTheAmplificationRules) {
  auto set = buildSet(oneRule("udp-flood", "{protocol: udp}", "destination", "bits_per_second", "1M"));
  FakeHost direct("192.0.2.81", 10);
  udpVictim(direct, 2000, 0);  // 1.6 Mbit/s
  const std::vector<Finding> f = evaluate(*set->detectors.at(0), direct);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].destination, ip("192.0.2.81"));
  EXPECT_EQ(f[0].value, 1.6e6);
  EXPECT_EQ(f[0].transport, "udp");

  FakeHost reflected("192.0.2.81", 10);
  udpVictim(reflected, 2000, 1001);
  EXPECT_TRUE(evaluate(*set->detectors.at(0), reflected).empty());
  EXPECT_TRUE(mostlyAmplification(reflected.window().in));

  auto keep = buildSet(oneRule("udp-flood", "{protocol: udp}", "destination", "bits_per_second", "1M",
                               "    conditions: {skip_amplification: 0}\n"));
  EXPECT_EQ(evaluate(*keep->detectors.at(0), reflected).size(), 1u);
}

TEST(UdpFloodTest, MostlyAmplificationCountsServicePortsAndFragments) {
  flow::DirectionCounters in;
  EXPECT_FALSE(mostlyAmplification(in));  // no UDP at all
  in.udp = 100;
  in.service[flow::servicePortIndex(123)] = 30;
  in.fragments = 20;
  EXPECT_FALSE(mostlyAmplification(in));  // 50 of 100 is not most
  in.fragments = 21;
  EXPECT_TRUE(mostlyAmplification(in));
  in.fragments = 0;
  in.service[flow::servicePortIndex(22)] = 80;  // SSH is no amplification vector
  EXPECT_FALSE(mostlyAmplification(in));
}

TEST(IcmpFloodTest, IcmpVolumeTowardsOneHost) {
  auto set = buildSet(oneRule("icmp-flood", "{protocol: icmp}", "destination", "packets_per_second", "1000"));
  FakeHost h("2001:db8::80", 10);
  flow::HostCounters& w = h.window();
  w.in.packets = w.in.icmp = 10001;
  w.in.bytes = 10001 * 98;
  const std::vector<Finding> f = evaluate(*set->detectors.at(0), h);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].destination, ip("2001:db8::80"));
  EXPECT_EQ(f[0].transport, "icmp");
  EXPECT_EQ(f[0].value, 1000.1);
  w.in.icmp = 10000;
  EXPECT_TRUE(evaluate(*set->detectors.at(0), h).empty());
}

}  // namespace
}  // namespace vigil::detect
