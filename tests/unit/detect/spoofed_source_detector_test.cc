// Tests for SpoofedSourceDetector: bogon sources, home sources on inbound-only links, and the evidence naming them.
#include "detect/spoofed_source_detector.h"

#include <gtest/gtest.h>

#include "detect_test_support.h"

namespace vigil::detect {
namespace {

using namespace test;  // NOLINT: test helpers

const std::string kRule = oneRule("spoofed-source", "{protocol: any}", "source", "packets", "10");

/// A claimed source address that sent `packets` packets, mostly to `victim`.
void claimedSource(FakeHost& h, uint32_t packets, const char* victim = "192.0.2.80") {
  flow::HostCounters& w = h.window();
  w.out.packets = w.out.udp = packets;
  w.out.bytes = uint64_t(packets) * 100;
  w.top_out.add(ip(victim), packets);
}

TEST(SpoofedSourceDetectorTest, ABogonSourceNamesItsVictimButNoSource) {
  auto set = buildSet(kRule);
  const Detector& d = *set->detectors.at(0);
  FakeHost at("10.0.0.1");
  claimedSource(at, 10);
  EXPECT_TRUE(evaluate(d, at).empty());  // 10 is not above 10

  FakeHost bogon("10.0.0.1");
  claimedSource(bogon, 11);
  const std::vector<Finding> f = evaluate(d, bogon);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, std::nullopt);  // the address did not send these
  EXPECT_EQ(f[0].destination, ip("192.0.2.80"));
  EXPECT_EQ(f[0].subject, ip("10.0.0.1"));  // keeps claimed addresses apart
  EXPECT_EQ(f[0].value, 11.0);
  EXPECT_EQ(f[0].transport, "");  // protocol: any
  EXPECT_EQ(d.identifier(f[0]), "spoofed-source");
  EXPECT_EQ(d.classification(f[0]).taxonomy, "other");
  EXPECT_EQ(d.classification(f[0]).type, "other");

  nlohmann::ordered_json extra;
  d.describe(bogon.sample(), f[0], extra);
  EXPECT_EQ(extra["spoofed_source"], "10.0.0.1");
  EXPECT_EQ(extra["reason"], "bogon: private-use");
}

TEST(SpoofedSourceDetectorTest, OtherBogonRangesAndRoutableAddresses) {
  auto set = buildSet(kRule);
  const Detector& d = *set->detectors.at(0);
  FakeHost loopback("127.0.0.9");
  claimedSource(loopback, 50);
  const std::vector<Finding> f = evaluate(d, loopback);
  ASSERT_EQ(f.size(), 1u);
  nlohmann::ordered_json extra;
  d.describe(loopback.sample(), f[0], extra);
  EXPECT_EQ(extra["reason"], "bogon: loopback");

  FakeHost unallocated("4000::1");  // outside 2000::/3
  claimedSource(unallocated, 50, "2001:db8::80");
  ASSERT_EQ(evaluate(d, unallocated).size(), 1u);

  FakeHost routable("193.0.6.139");
  claimedSource(routable, 5000);
  EXPECT_TRUE(evaluate(d, routable).empty());
  FakeHost routable6("2a00:1450:4001::1");
  claimedSource(routable6, 5000);
  EXPECT_TRUE(evaluate(d, routable6).empty());
}

TEST(SpoofedSourceDetectorTest, APrivateHomeNetworkIsNotSpoofed) {
  auto set = buildSet("home_networks: [10.0.0.0/8]\n" + kRule);
  FakeHost home("10.0.0.1");
  claimedSource(home, 50);
  home.setListedHome(true);
  EXPECT_TRUE(evaluate(*set->detectors.at(0), home).empty());
}

TEST(SpoofedSourceDetectorTest, HomeSourcesOnAnInboundOnlyLinkAreSpoofed) {
  auto set = buildSet("home_networks: [193.0.6.0/24]\nsensors:\n  s1:\n    inbound_only: true\n" + kRule, "s1");
  ASSERT_TRUE(set->inbound_only);
  const Detector& d = *set->detectors.at(0);
  FakeHost claimed("193.0.6.139");
  claimedSource(claimed, 50, "193.0.6.1");
  claimed.setListedHome(true);
  const std::vector<Finding> f = evaluate(d, claimed);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].destination, ip("193.0.6.1"));
  EXPECT_EQ(f[0].subject, ip("193.0.6.139"));
  nlohmann::ordered_json extra;
  d.describe(claimed.sample(), f[0], extra);
  EXPECT_EQ(extra["reason"], "home address arriving on an inbound-only link");

  auto other = buildSet("home_networks: [193.0.6.0/24]\nsensors:\n  s1:\n    inbound_only: true\n" + kRule, "s2");
  EXPECT_FALSE(other->inbound_only);  // another sensor of the same file sees both directions
  EXPECT_TRUE(evaluate(*other->detectors.at(0), claimed).empty());
}

TEST(SpoofedSourceDetectorTest, BogonsCanBeSwitchedOff) {
  auto set = buildSet(kRule + "    conditions: {bogons: 0}\n");
  FakeHost bogon("10.0.0.1");
  claimedSource(bogon, 50);
  EXPECT_TRUE(evaluate(*set->detectors.at(0), bogon).empty());
}

TEST(SpoofedSourceDetectorTest, NothingSentOrNoPeerGivesNothing) {
  auto set = buildSet(kRule);
  FakeHost receiver("10.0.0.1");
  receiver.window().in.packets = 500;  // only received: nothing was claimed
  receiver.window().top_in.add(ip("192.0.2.80"), 500);
  EXPECT_TRUE(evaluate(*set->detectors.at(0), receiver).empty());

  FakeHost no_peer("10.0.0.1");
  no_peer.window().out.packets = 500;
  EXPECT_TRUE(evaluate(*set->detectors.at(0), no_peer).empty());
}

}  // namespace
}  // namespace vigil::detect
