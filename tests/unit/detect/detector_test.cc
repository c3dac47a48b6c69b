// Tests for the Detector base class: every measure, share, dominantPeer, minPackets and the common evidence.
#include "detect/detector.h"

#include <gtest/gtest.h>

#include "detect_test_support.h"

namespace vigil::detect {
namespace {

using namespace test;  // NOLINT: test helpers

/// Exposes the protected helpers; finds nothing itself.
class ProbeDetector final : public Detector {
 public:
  using Detector::Detector;
  std::size_t evaluate(const HostSample&, Finding*) const override { return 0; }
  using Detector::dominantPeer;
  using Detector::measure;
  using Detector::share;
};

/// A detector over the one rule of a rules file, kept alive with it.
struct Probe {
  std::shared_ptr<const rules::RuleSet> rules;
  std::unique_ptr<ProbeDetector> detector;
  const ProbeDetector* operator->() const { return detector.get(); }
};

Probe probe(const std::string& match, const std::string& measure, const std::string& threshold, bool host_is_source) {
  auto rules = rules::parseRuleSet(
      oneRule("scan-horizontal", match, host_is_source ? "source" : "destination", measure, threshold), "r.yaml", ".");
  EXPECT_TRUE(rules.ok()) << rules.error();
  const rules::Rule& rule = (*rules)->rules().at(0);
  auto traffic = TrafficClass::of(rule, host_is_source);
  EXPECT_TRUE(traffic.ok()) << traffic.error();
  Probe p{std::move(rules).value(), nullptr};
  p.detector = std::make_unique<ProbeDetector>(rule, *traffic, host_is_source);
  return p;
}

/// 100 packets sent (40 TCP, 60 UDP, 100000 bytes) to 12 hosts and 9 ports, 50 TCP packets received from 7
/// hosts on 3 ports, in a 10 s window.
class DetectorBaseTest : public ::testing::Test {
 protected:
  DetectorBaseTest() {
    flow::HostCounters& w = host_.window();
    w.out.packets = 100;
    w.out.bytes = 100000;
    w.out.tcp = 40;
    w.out.udp = 60;
    w.conn_out = {.attempts = 25, .completed = 10, .short_lived = 7, .refused = 4, .unanswered = 6, .flows = 30};
    w.in.packets = 50;
    w.in.bytes = 5000;
    w.in.tcp = 50;
    w.conn_in = {.attempts = 3, .completed = 1, .short_lived = 0, .refused = 0, .unanswered = 2, .flows = 5};
    w.top_out.add(ip("192.0.2.1"), 60);
    w.top_out.add(ip("192.0.2.2"), 20);
    host_.addPeersOut(12);
    host_.addPortsOut(9);
    host_.addPeersIn(7);
    host_.addPortsIn(3);
  }
  double measured(const std::string& measure, bool host_is_source = true) {
    return probe("{protocol: tcp}", measure, "1", host_is_source)->measure(host_.sample());
  }

  FakeHost host_{"203.0.113.1", 10};
};

TEST_F(DetectorBaseTest, MeasuresTheSendingSide) {
  EXPECT_EQ(measured("packets_per_second"), 4.0);   // 40 TCP / 10 s
  EXPECT_EQ(measured("bits_per_second"), 32000.0);  // 40 % of 100000 bytes, x 8 / 10 s
  EXPECT_EQ(measured("flows_per_second"), 3.0);
  EXPECT_EQ(measured("distinct_destinations"), 12.0);
  EXPECT_EQ(measured("distinct_ports"), 9.0);
  EXPECT_EQ(measured("connection_attempts"), 25.0);
  EXPECT_EQ(measured("short_connections"), 7.0);
  EXPECT_EQ(measured("failed_connections"), 10.0);  // refused + unanswered
  EXPECT_EQ(measured("packets"), 40.0);
  EXPECT_EQ(measured("bytes"), 40000.0);
}

TEST_F(DetectorBaseTest, MeasuresTheReceivingSide) {
  EXPECT_EQ(measured("packets_per_second", false), 5.0);
  EXPECT_EQ(measured("bits_per_second", false), 4000.0);
  EXPECT_EQ(measured("flows_per_second", false), 0.5);
  EXPECT_EQ(measured("distinct_sources", false), 7.0);
  EXPECT_EQ(measured("distinct_ports", false), 3.0);
  EXPECT_EQ(measured("connection_attempts", false), 3.0);
  EXPECT_EQ(measured("failed_connections", false), 2.0);
  EXPECT_EQ(measured("packets", false), 50.0);
  EXPECT_EQ(measured("bytes", false), 5000.0);
}

TEST_F(DetectorBaseTest, ANonPositiveWindowCountsAsOneSecond) {
  FakeHost instant("203.0.113.1", 0);
  instant.window().out.packets = instant.window().out.tcp = 40;
  EXPECT_EQ(probe("{protocol: tcp}", "packets_per_second", "1", true)->measure(instant.sample()), 40.0);
}

TEST_F(DetectorBaseTest, ShareIsTheMatchedPartOfTheRuleSide) {
  EXPECT_EQ(probe("{protocol: tcp}", "packets", "1", true)->share(host_.sample()), 0.4);
  EXPECT_EQ(probe("{protocol: udp}", "packets", "1", true)->share(host_.sample()), 0.6);
  EXPECT_EQ(probe("{protocol: tcp}", "packets", "1", false)->share(host_.sample()), 1.0);
  FakeHost silent("203.0.113.2");
  EXPECT_EQ(probe("{protocol: tcp}", "packets", "1", true)->share(silent.sample()), 0.0);
}

TEST_F(DetectorBaseTest, DominantPeerNeedsItsShareOfTheSide) {
  const Probe sender = probe("{protocol: tcp}", "packets", "1", true);
  EXPECT_EQ(sender->dominantPeer(host_.sample(), 0.5), ip("192.0.2.1"));  // 60 of 100
  EXPECT_EQ(sender->dominantPeer(host_.sample(), 0.6), ip("192.0.2.1"));
  EXPECT_EQ(sender->dominantPeer(host_.sample(), 0.61), std::nullopt);
  // The receiving side keeps its own top peers: none here.
  EXPECT_EQ(probe("{protocol: tcp}", "packets", "1", false)->dominantPeer(host_.sample(), 0.0), std::nullopt);
  FakeHost silent("203.0.113.2");
  silent.window().top_out.add(ip("192.0.2.1"), 5);  // a peer but no packets counted: no share to speak of
  EXPECT_EQ(sender->dominantPeer(silent.sample(), 0.0), std::nullopt);
}

TEST(DetectorMinPacketsTest, BoundsFollowTheMeasure) {
  EXPECT_EQ(probe("{protocol: tcp}", "packets_per_second", "100", true)->minPackets(2.0), 200.0);
  EXPECT_EQ(probe("{protocol: tcp}", "flows_per_second", "5", true)->minPackets(2.0), 10.0);
  EXPECT_EQ(probe("{protocol: tcp}", "bits_per_second", "5242800", true)->minPackets(1.0), 10.0);  // 8 x 65535 x 10
  EXPECT_EQ(probe("{protocol: tcp}", "bytes", "196605", true)->minPackets(1.0), 3.0);              // 3 x 65535
  EXPECT_EQ(probe("{protocol: tcp}", "distinct_destinations", "50", true)->minPackets(9.0), 50.0);
  EXPECT_EQ(probe("{protocol: tcp}", "connection_attempts", "20", true)->minPackets(9.0), 20.0);
}

TEST_F(DetectorBaseTest, EvidenceIsTheSameForEveryKind) {
  const Probe p = probe("{protocol: tcp}", "distinct_destinations", "10", true);
  Finding f;
  f.source = host_.address();
  f.value = 12.34567;
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();
  p->describe(host_.sample(), f, extra);
  EXPECT_EQ(extra.dump(),
            R"({"measure":"distinct_destinations","value":12.346,"threshold":10.0,"window_seconds":10.0,)"
            R"("direction":"sent","packets":100,"bytes":100000,"pps":10.0,"bps":80000.0,"matched":"TCP packets",)"
            R"("matched_packets":40,"distinct_destinations":12,"distinct_sources":7,"distinct_ports":9,)"
            R"("connection_attempts":25,"connections_completed":10,"connections_short":7,"connections_failed":10,)"
            R"("top_peers":[{"ip":"192.0.2.1","packets":60},{"ip":"192.0.2.2","packets":20}]})");
}

TEST_F(DetectorBaseTest, EvidenceOfTheReceivingSideListsTheHeavierPeerFirst) {
  const Probe p = probe("{protocol: tcp}", "packets_per_second", "1", false);
  host_.window().top_in.add(ip("198.51.100.1"), 5);
  host_.window().top_in.add(ip("198.51.100.2"), 30);
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();
  p->describe(host_.sample(), Finding{}, extra);
  EXPECT_EQ(extra["direction"], "received");
  EXPECT_EQ(extra["packets"], 50);
  EXPECT_EQ(extra["distinct_ports"], 3);
  EXPECT_EQ(extra["connection_attempts"], 3);
  EXPECT_EQ(extra["connections_failed"], 2);
  EXPECT_EQ(extra["top_peers"].dump(), R"([{"ip":"198.51.100.2","packets":30},{"ip":"198.51.100.1","packets":5}])");

  FakeHost lonely("203.0.113.2");
  nlohmann::ordered_json none = nlohmann::ordered_json::object();
  p->describe(lonely.sample(), Finding{}, none);
  EXPECT_EQ(none["top_peers"].dump(), "[]");
  EXPECT_EQ(none["pps"], 0.0);
}

}  // namespace
}  // namespace vigil::detect
