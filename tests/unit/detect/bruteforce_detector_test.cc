// Tests for BruteforceDetector: connection counts to one login service, by port or by SSH banner, and its guards.
#include "detect/bruteforce_detector.h"

#include <gtest/gtest.h>

#include "detect_test_support.h"

namespace vigil::detect {
namespace {

using namespace test;  // NOLINT: test helpers

/// `attempts` connections of 10 packets each to port `port` of `server`, the only host it talks to.
void guesser(FakeHost& h, uint32_t attempts, uint16_t port, const char* server = "192.0.2.22") {
  flow::HostCounters& w = h.window();
  w.out.packets = w.out.tcp = attempts * 10;
  w.out.bytes = uint64_t(attempts) * 10 * 100;
  w.out.service[flow::servicePortIndex(port)] = attempts * 10;
  w.conn_out.attempts = w.conn_out.completed = w.conn_out.short_lived = attempts;
  w.top_out.add(ip(server), attempts * 10);
  h.addPeersOut(1);
}

class SshBruteforceTest : public ::testing::Test {
 protected:
  std::unique_ptr<DetectorSet> set_ = buildSet(
      oneRule("bruteforce", "{protocol: tcp, ports: [22]}", "source->destination:port", "connection_attempts", "20"));
  const Detector& detector() const { return *set_->detectors.at(0); }
};

TEST_F(SshBruteforceTest, FiresAboveTheAttemptThresholdNamingServerAndPort) {
  FakeHost at("203.0.113.66");
  guesser(at, 20, 22);
  EXPECT_TRUE(evaluate(detector(), at).empty());

  FakeHost above("203.0.113.66");
  guesser(above, 21, 22);
  const std::vector<Finding> f = evaluate(detector(), above);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, ip("203.0.113.66"));
  EXPECT_EQ(f[0].destination, ip("192.0.2.22"));
  EXPECT_EQ(f[0].port, uint16_t(22));
  EXPECT_EQ(f[0].transport, "tcp");
  EXPECT_EQ(f[0].value, 21.0);
  EXPECT_EQ(detector().identifier(f[0]), "bruteforce-ssh");
  EXPECT_EQ(detector().classification(f[0]).taxonomy, "intrusion-attempts");
  EXPECT_EQ(detector().classification(f[0]).type, "brute-force");
}

TEST_F(SshBruteforceTest, SshMustBeMostOfWhatTheSourceSends) {
  FakeHost h("203.0.113.66");
  guesser(h, 30, 22);
  h.window().out.packets = 601;  // 300 SSH packets of 601
  EXPECT_TRUE(evaluate(detector(), h).empty());
}

TEST_F(SshBruteforceTest, ASweepOverManyServersIsAScanNotBruteForce) {
  FakeHost h("203.0.113.66");
  guesser(h, 30, 22);
  h.addPeersOut(9);  // 9 servers > max_targets 8
  EXPECT_TRUE(evaluate(detector(), h).empty());
  FakeHost eight("203.0.113.66");
  guesser(eight, 30, 22);
  eight.addPeersOut(8);
  EXPECT_EQ(evaluate(detector(), eight).size(), 1u);
}

TEST_F(SshBruteforceTest, AnotherServiceDoesNotCount) {
  FakeHost h("203.0.113.66");
  guesser(h, 30, 3389);
  EXPECT_TRUE(evaluate(detector(), h).empty());
}

TEST(RdpBruteforceTest, ShortConnectionsToRdp) {
  auto set = buildSet(
      oneRule("bruteforce", "{protocol: tcp, ports: [3389]}", "source->destination:port", "short_connections", "20"));
  FakeHost h("2001:db8::66");
  guesser(h, 25, 3389, "2001:db8::3389");
  const std::vector<Finding> f = evaluate(*set->detectors.at(0), h);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].destination, ip("2001:db8::3389"));
  EXPECT_EQ(f[0].port, uint16_t(3389));
  EXPECT_EQ(f[0].value, 25.0);
  EXPECT_EQ(set->detectors.at(0)->identifier(f[0]), "bruteforce-rdp");
}

class BannerBruteforceTest : public ::testing::Test {
 protected:
  /// `attempts` connections to 192.0.2.22 on port 2222 (not a service port), `ssh` of them to an SSH server.
  static void bannerGuesser(FakeHost& h, uint32_t attempts, uint32_t ssh) {
    flow::HostCounters& w = h.window();
    w.out.packets = w.out.tcp = attempts * 10;
    w.out.bytes = uint64_t(attempts) * 1000;
    w.conn_out.attempts = attempts;
    w.conn_out.ssh = ssh;
    w.top_out.add(ip("192.0.2.22"), attempts * 10);
    h.addPeersOut(1);
  }

  std::unique_ptr<DetectorSet> set_ = buildSet(oneRule("bruteforce", "{protocol: tcp, payload_prefix: \"SSH-\"}",
                                                       "source->destination", "connection_attempts", "20"));
  const Detector& detector() const { return *set_->detectors.at(0); }
};

TEST_F(BannerBruteforceTest, CountsConnectionsThatMetAnSshBanner) {
  FakeHost h("203.0.113.66");
  bannerGuesser(h, 30, 21);
  const std::vector<Finding> f = evaluate(detector(), h);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, ip("203.0.113.66"));
  EXPECT_EQ(f[0].destination, ip("192.0.2.22"));
  EXPECT_EQ(f[0].port, std::nullopt);  // any port: none is named
  EXPECT_EQ(f[0].value, 21.0);         // the SSH connections, not all 30 attempts
  EXPECT_EQ(detector().identifier(f[0]), "bruteforce-ssh");
}

TEST_F(BannerBruteforceTest, TooFewBannersOrTooFewOfTheAttemptsGiveNothing) {
  FakeHost few("203.0.113.66");
  bannerGuesser(few, 30, 20);
  EXPECT_TRUE(evaluate(detector(), few).empty());

  FakeHost diluted("203.0.113.66");
  bannerGuesser(diluted, 60, 25);  // 25 of 60 attempts reached SSH: under min_share 0.5
  EXPECT_TRUE(evaluate(detector(), diluted).empty());
}

}  // namespace
}  // namespace vigil::detect
