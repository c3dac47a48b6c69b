// Tests for AmplificationDetector: the victim (answers nobody asked for) and home reflectors, with their evidence.
#include "detect/amplification_detector.h"

#include <gtest/gtest.h>

#include "detect_test_support.h"

namespace vigil::detect {
namespace {

using namespace test;  // NOLINT: test helpers

const int kDns = flow::servicePortIndex(53);
const int kNtp = flow::servicePortIndex(123);

class AmplificationTest : public ::testing::Test {
 protected:
  /// `answers` 1400-byte DNS responses in 10 s from `reflectors` distinct hosts, nothing asked.
  static void dnsVictim(FakeHost& h, uint32_t answers, int reflectors = 40) {
    flow::HostCounters& w = h.window();
    w.in.packets = w.in.udp = answers;
    w.in.bytes = uint64_t(answers) * 1400;
    w.in.service[kDns] = answers;
    h.addPeersIn(reflectors);
  }
  /// A home DNS server answering `answers` 60-byte queries in 10 s with 3000-byte responses, mostly to `victim`.
  static void dnsReflector(FakeHost& h, uint32_t answers, const char* victim) {
    flow::HostCounters& w = h.window();
    w.in.packets = w.in.udp = answers;
    w.in.bytes = uint64_t(answers) * 60;
    w.in.served[kDns] = answers;
    w.out.packets = w.out.udp = answers;
    w.out.bytes = uint64_t(answers) * 3000;
    w.out.served[kDns] = answers;
    w.top_out.add(ip(victim), answers);
  }

  std::unique_ptr<DetectorSet> set_ = buildSet(
      oneRule("amplification", "{protocol: udp, source_ports: [53]}", "destination", "packets_per_second", "50"));
  const Detector& detector() const { return *set_->detectors.at(0); }
};

TEST_F(AmplificationTest, TheVictimGetsAnswersNobodyAskedFor) {
  FakeHost at("192.0.2.53", 10);
  dnsVictim(at, 500);  // exactly 50/s
  EXPECT_TRUE(evaluate(detector(), at).empty());

  FakeHost victim("192.0.2.53", 10);
  dnsVictim(victim, 1000);
  const std::vector<Finding> f = evaluate(detector(), victim);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, std::nullopt);  // the reflectors are not the attacker
  EXPECT_EQ(f[0].destination, ip("192.0.2.53"));
  EXPECT_EQ(f[0].value, 100.0);
  EXPECT_EQ(f[0].transport, "udp");
  EXPECT_EQ(f[0].role, 0);
  EXPECT_EQ(detector().identifier(f[0]), "amplification-dns");
  EXPECT_EQ(detector().classification(f[0]).taxonomy, "availability");
  EXPECT_EQ(detector().classification(f[0]).type, "ddos");
}

TEST_F(AmplificationTest, AnswersToItsOwnQueriesAreNotAnAttack) {
  FakeHost resolver("192.0.2.53", 10);
  dnsVictim(resolver, 1000);
  resolver.window().out.service[kDns] = 1000;  // a resolver asked for every answer
  EXPECT_TRUE(evaluate(detector(), resolver).empty());
  resolver.window().out.service[kDns] = 101;  // over max_request_ratio 0.1
  EXPECT_TRUE(evaluate(detector(), resolver).empty());
  resolver.window().out.service[kDns] = 90;
  EXPECT_EQ(evaluate(detector(), resolver).size(), 1u);
}

TEST_F(AmplificationTest, OneReflectorIsNotEnough) {
  FakeHost h("192.0.2.53", 10);
  dnsVictim(h, 1000, 1);  // min_reflectors 2
  EXPECT_TRUE(evaluate(detector(), h).empty());
  FakeHost two("192.0.2.53", 10);
  dnsVictim(two, 1000, 2);
  EXPECT_EQ(evaluate(detector(), two).size(), 1u);
}

TEST_F(AmplificationTest, FragmentsCountForTheMainVectorOnly) {
  FakeHost h("192.0.2.53", 10);
  dnsVictim(h, 300);
  h.window().in.packets = 1000;
  h.window().in.udp = 1000;
  h.window().in.fragments = 700;  // later fragments of large answers carry no port
  std::vector<Finding> f = evaluate(detector(), h);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].value, 100.0);

  h.window().in.service[kNtp] = 301;  // NTP is the main vector now: the DNS rule leaves it
  EXPECT_TRUE(evaluate(detector(), h).empty());
}

TEST_F(AmplificationTest, MinResponseBytesAsksForLargeAnswers) {
  auto set = buildSet(oneRule("amplification", "{protocol: udp, source_ports: [53]}", "destination",
                              "packets_per_second", "50", "    conditions: {min_response_bytes: 1401}\n"));
  FakeHost h("192.0.2.53", 10);
  dnsVictim(h, 1000);  // 1400 bytes each
  EXPECT_TRUE(evaluate(*set->detectors.at(0), h).empty());
}

TEST_F(AmplificationTest, AHomeReflectorIsReportedSeparately) {
  auto set =
      buildSet("home_networks: [192.0.2.0/24]\n" + oneRule("amplification", "{protocol: udp, source_ports: [53]}",
                                                           "destination", "packets_per_second", "50"));
  FakeHost reflector("192.0.2.5", 10);
  dnsReflector(reflector, 200, "198.51.100.99");  // 20 answers/s, 50 times the bytes asked
  reflector.setListedHome(true);
  const Detector& d = *set->detectors.at(0);
  const std::vector<Finding> f = evaluate(d, reflector);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, ip("192.0.2.5"));
  EXPECT_EQ(f[0].destination, ip("198.51.100.99"));
  EXPECT_EQ(f[0].role, 1);
  EXPECT_EQ(f[0].value, 20.0);
  EXPECT_EQ(f[0].transport, "udp");
  EXPECT_EQ(d.classification(f[0]).taxonomy, "vulnerable");
  EXPECT_EQ(d.classification(f[0]).type, "ddos-amplifier");
  EXPECT_EQ(d.identifier(f[0]), "amplification-dns");

  nlohmann::ordered_json extra;
  d.describe(reflector.sample(), f[0], extra);
  EXPECT_EQ(extra["service_port"], 53);
  EXPECT_EQ(extra["role"], "reflector");
  EXPECT_EQ(extra["responses"], 200);
  EXPECT_EQ(extra["requests"], 200);
  EXPECT_EQ(extra["bytes_sent"], 600000);
  EXPECT_EQ(extra["bytes_received"], 12000);
}

TEST_F(AmplificationTest, ReflectorsOutsideListedHomeNetworksAreNotReported) {
  FakeHost reflector("192.0.2.5", 10);
  dnsReflector(reflector, 200, "198.51.100.99");
  reflector.setListedHome(false);  // no home networks listed: a reflector is only news to its own network
  EXPECT_TRUE(evaluate(detector(), reflector).empty());
}

TEST_F(AmplificationTest, AServerAnsweringInKindOrSlowlyIsNoReflector) {
  FakeHost even("192.0.2.5", 10);
  dnsReflector(even, 200, "198.51.100.99");
  even.window().in.bytes = 300001;  // out 600000 < 2 x in
  even.setListedHome(true);
  EXPECT_TRUE(evaluate(detector(), even).empty());

  FakeHost slow("192.0.2.5", 10);
  dnsReflector(slow, 100, "198.51.100.99");  // 10/s is not above reflector_pps 10
  slow.setListedHome(true);
  EXPECT_TRUE(evaluate(detector(), slow).empty());
}

TEST_F(AmplificationTest, VictimEvidenceCountsResponsesFragmentsAndReflectors) {
  FakeHost victim("192.0.2.53", 10);
  dnsVictim(victim, 1000, 40);
  victim.window().in.fragments = 10;
  victim.window().out.service[kDns] = 3;
  const std::vector<Finding> f = evaluate(detector(), victim);
  ASSERT_EQ(f.size(), 1u);
  nlohmann::ordered_json extra;
  detector().describe(victim.sample(), f[0], extra);
  EXPECT_EQ(extra["role"], "victim");
  EXPECT_EQ(extra["service_port"], 53);
  EXPECT_EQ(extra["responses"], 1000);
  EXPECT_EQ(extra["fragments"], 10);
  EXPECT_EQ(extra["requests"], 3);
  EXPECT_EQ(extra["reflectors"], 40);
  EXPECT_EQ(extra["value"], 101.0);  // (1000 + 10 fragments) / 10 s
}

TEST_F(AmplificationTest, MinPacketsIsTheLowerOfVictimAndReflectorBounds) {
  EXPECT_EQ(detector().minPackets(1.0), 10.0);  // reflector_pps 10 x 1 s < threshold 50 x 1 s
  EXPECT_EQ(detector().minPackets(10.0), 100.0);
}

}  // namespace
}  // namespace vigil::detect
