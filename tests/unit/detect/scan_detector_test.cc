// Tests for ScanDetector: horizontal and vertical thresholds, and the guards that keep backscatter and real use out.
#include "detect/scan_detector.h"

#include <gtest/gtest.h>

#include "detect_test_support.h"

namespace vigil::detect {
namespace {

using namespace test;  // NOLINT: test helpers

constexpr const char* kSyn = "{protocol: tcp, tcp_flags: {set: [syn], unset: [ack]}}";

/// `probes` 60-byte SYNs to `targets` distinct hosts, none of them answered with a completed handshake.
void synScanner(FakeHost& h, uint32_t probes, int targets) {
  flow::HostCounters& w = h.window();
  w.out.packets = probes;
  w.out.bytes = probes * 60;
  w.out.tcp = probes;
  w.out.syn = probes;
  w.conn_out.attempts = probes;
  h.addPeersOut(targets);
}

class ScanDetectorTest : public ::testing::Test {
 protected:
  std::unique_ptr<DetectorSet> horizontal_ =
      buildSet(oneRule("scan-horizontal", kSyn, "source", "distinct_destinations", "20"));
  const Detector& detector() const { return *horizontal_->detectors.at(0); }
};

TEST_F(ScanDetectorTest, FiresAboveTheDistinctTargetThresholdOnly) {
  FakeHost at("203.0.113.5");
  synScanner(at, 40, 20);
  EXPECT_TRUE(evaluate(detector(), at).empty());  // 20 is not above 20

  FakeHost above("203.0.113.5");
  synScanner(above, 40, 21);
  const std::vector<Finding> f = evaluate(detector(), above);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, ip("203.0.113.5"));
  EXPECT_EQ(f[0].destination, std::nullopt);  // horizontal: no single target
  EXPECT_EQ(f[0].port, std::nullopt);
  EXPECT_EQ(f[0].transport, "tcp");
  EXPECT_EQ(f[0].value, 21.0);
  EXPECT_EQ(f[0].role, 0);
  EXPECT_EQ(f[0].subject, std::nullopt);
  EXPECT_EQ(detector().identifier(f[0]), "scan-horizontal");
  EXPECT_EQ(detector().classification(f[0]).taxonomy, "information-gathering");
  EXPECT_EQ(detector().classification(f[0]).type, "scanner");
}

TEST_F(ScanDetectorTest, EveryDistinctTargetNeedsAMatchedProbe) {
  FakeHost h("203.0.113.5");
  synScanner(h, 20, 30);  // 30 peers, but only 20 SYNs: the other peers got something else
  EXPECT_TRUE(evaluate(detector(), h).empty());
}

TEST_F(ScanDetectorTest, SynAckBackscatterOfAFloodVictimIsNotAScan) {
  FakeHost victim("192.0.2.80");
  flow::HostCounters& w = victim.window();
  w.out.packets = 5000;
  w.out.bytes = 5000 * 60;
  w.out.tcp = 5000;
  w.out.syn_ack = 5000;  // answering spoofed SYNs from 64 random addresses
  victim.addPeersOut(64);
  EXPECT_TRUE(evaluate(detector(), victim).empty());

  w.out.syn = 100;  // a few real SYNs of its own do not make the backscatter a scan
  w.out.packets += 100;
  w.out.tcp += 100;
  w.conn_out.attempts = 100;
  EXPECT_TRUE(evaluate(detector(), victim).empty());
}

TEST_F(ScanDetectorTest, CompletedHandshakesMeanUseNotProbing) {
  FakeHost busy("203.0.113.5");
  synScanner(busy, 40, 30);
  busy.window().conn_out.completed = 13;  // 13 of 40 > 30 %
  EXPECT_TRUE(evaluate(detector(), busy).empty());

  FakeHost scanner("203.0.113.5");
  synScanner(scanner, 40, 30);
  scanner.window().conn_out.completed = 11;  // 11 of 40 <= 30 %
  ASSERT_EQ(evaluate(detector(), scanner).size(), 1u);
}

TEST_F(ScanDetectorTest, LargePacketsAreAFloodNotAScan) {
  FakeHost big("203.0.113.5");
  synScanner(big, 40, 30);
  big.window().out.bytes = 40 * 301;
  EXPECT_TRUE(evaluate(detector(), big).empty());
  big.window().out.bytes = 40 * 300;  // the default max_average_bytes itself is allowed
  EXPECT_EQ(evaluate(detector(), big).size(), 1u);
}

TEST_F(ScanDetectorTest, MatchedProbesMustBeTheMainTraffic) {
  FakeHost mixed("203.0.113.5");
  synScanner(mixed, 40, 30);
  mixed.window().out.packets = 81;  // 40 of 81 < 50 %
  EXPECT_TRUE(evaluate(detector(), mixed).empty());
  mixed.window().out.packets = 80;  // exactly half is enough
  EXPECT_EQ(evaluate(detector(), mixed).size(), 1u);

  auto strict = buildSet(
      oneRule("scan-horizontal", kSyn, "source", "distinct_destinations", "20", "    conditions: {min_share: 0.9}\n"));
  EXPECT_TRUE(evaluate(*strict->detectors.at(0), mixed).empty());
}

TEST(ScanDetectorUdpTest, UdpProbesThatGetAnswersAreNotAScan) {
  auto set = buildSet(oneRule("scan-horizontal", "{protocol: udp}", "source", "distinct_destinations", "20"));
  FakeHost p2p("198.51.100.7");
  flow::HostCounters& w = p2p.window();
  w.out.packets = 30;
  w.out.bytes = 30 * 80;
  w.out.udp = 30;
  w.in.packets = 7;
  w.in.udp = 7;  // 7 of 30 answered: more than 20 %
  p2p.addPeersOut(25);
  EXPECT_TRUE(evaluate(*set->detectors.at(0), p2p).empty());

  w.in.packets = w.in.udp = 5;
  w.in.icmp = 20;  // port unreachables are not answers
  const std::vector<Finding> f = evaluate(*set->detectors.at(0), p2p);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, ip("198.51.100.7"));
  EXPECT_EQ(f[0].transport, "udp");
  EXPECT_EQ(f[0].value, 25.0);
}

TEST(ScanDetectorServiceTest, AServicePortSweepNamesThePort) {
  auto set =
      buildSet(oneRule("scan-horizontal", "{protocol: tcp, ports: [23]}", "source", "distinct_destinations", "20"));
  FakeHost h("203.0.113.23");
  flow::HostCounters& w = h.window();
  w.out.packets = w.out.tcp = w.out.syn = 50;
  w.out.bytes = 50 * 60;
  w.out.service[flow::servicePortIndex(23)] = 50;
  h.addPeersOut(40);
  const std::vector<Finding> f = evaluate(*set->detectors.at(0), h);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].port, uint16_t(23));
  EXPECT_EQ(f[0].transport, "tcp");
  EXPECT_EQ(f[0].value, 40.0);
}

TEST(ScanDetectorIcmpTest, APingSweepIsAnIcmpScan) {
  auto set = buildSet(
      oneRule("scan-horizontal", "{protocol: icmp, icmp_types: [8, 128]}", "source", "distinct_destinations", "20"));
  FakeHost h("203.0.113.8");
  flow::HostCounters& w = h.window();
  w.out.packets = w.out.icmp = w.out.icmp_echo = 64;
  w.out.bytes = 64 * 98;
  h.addPeersOut(64);
  const std::vector<Finding> f = evaluate(*set->detectors.at(0), h);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].transport, "icmp");
  EXPECT_EQ(f[0].value, 64.0);
  EXPECT_EQ(f[0].port, std::nullopt);
}

class VerticalScanTest : public ::testing::Test {
 protected:
  VerticalScanTest() {
    flow::HostCounters& w = scanner_.window();
    w.out.packets = w.out.tcp = w.out.syn = w.conn_out.attempts = 30;
    w.out.bytes = 30 * 60;
    w.top_out.add(ip("192.0.2.10"), 30);
    scanner_.addPeersOut(1);
    scanner_.addPortsOut(25);
  }
  std::unique_ptr<DetectorSet> set_ =
      buildSet(oneRule("scan-vertical", kSyn, "source->destination", "distinct_ports", "20"));
  FakeHost scanner_{"203.0.113.9"};
};

TEST_F(VerticalScanTest, NamesTheScannedHost) {
  const std::vector<Finding> f = evaluate(*set_->detectors.at(0), scanner_);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, ip("203.0.113.9"));
  EXPECT_EQ(f[0].destination, ip("192.0.2.10"));
  EXPECT_EQ(f[0].value, 25.0);
  EXPECT_EQ(f[0].transport, "tcp");
  EXPECT_EQ(set_->detectors.at(0)->identifier(f[0]), "scan-vertical");
}

TEST_F(VerticalScanTest, BelowThePortThresholdNothing) {
  FakeHost few("203.0.113.9");
  flow::HostCounters& w = few.window();
  w.out.packets = w.out.tcp = w.out.syn = w.conn_out.attempts = 30;
  w.out.bytes = 30 * 60;
  w.top_out.add(ip("192.0.2.10"), 30);
  few.addPeersOut(1);
  few.addPortsOut(20);
  EXPECT_TRUE(evaluate(*set_->detectors.at(0), few).empty());
}

TEST_F(VerticalScanTest, ManyTargetsOrNoDominantTargetIsNotVertical) {
  scanner_.addPeersOut(5);  // 5 hosts > max_targets 4 (the first item is already in the set)
  EXPECT_TRUE(evaluate(*set_->detectors.at(0), scanner_).empty());

  FakeHost spread("203.0.113.9");
  flow::HostCounters& w = spread.window();
  w.out.packets = w.out.tcp = w.out.syn = w.conn_out.attempts = 30;
  w.out.bytes = 30 * 60;
  w.top_out.add(ip("192.0.2.10"), 14);  // under half of what it sends
  w.top_out.add(ip("192.0.2.11"), 14);
  spread.addPeersOut(2);
  spread.addPortsOut(25);
  EXPECT_TRUE(evaluate(*set_->detectors.at(0), spread).empty());
}

}  // namespace
}  // namespace vigil::detect
