// Tests for SpamDetector: SMTP fan-out above the threshold, and the SMTP share guard.
#include "detect/spam_detector.h"

#include <gtest/gtest.h>

#include "detect_test_support.h"

namespace vigil::detect {
namespace {

using namespace test;  // NOLINT: test helpers

/// `smtp` of `packets` sent packets go to port 25 of `servers` distinct mail servers.
void mailer(FakeHost& h, uint32_t packets, uint32_t smtp, int servers) {
  flow::HostCounters& w = h.window();
  w.out.packets = w.out.tcp = packets;
  w.out.bytes = uint64_t(packets) * 500;
  w.out.service[flow::servicePortIndex(25)] = smtp;
  w.conn_out.attempts = uint32_t(servers);
  h.addPeersOut(servers);
}

class SpamDetectorTest : public ::testing::Test {
 protected:
  std::unique_ptr<DetectorSet> set_ =
      buildSet(oneRule("spam", "{protocol: tcp, ports: [25]}", "source", "distinct_destinations", "30"));
  const Detector& detector() const { return *set_->detectors.at(0); }
};

TEST_F(SpamDetectorTest, FiresAboveTheMailServerThreshold) {
  FakeHost at("10.1.2.3");
  mailer(at, 1000, 900, 30);
  EXPECT_TRUE(evaluate(detector(), at).empty());

  FakeHost bot("10.1.2.3");
  mailer(bot, 1000, 900, 31);
  const std::vector<Finding> f = evaluate(detector(), bot);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, ip("10.1.2.3"));
  EXPECT_EQ(f[0].destination, std::nullopt);
  EXPECT_EQ(f[0].port, uint16_t(25));
  EXPECT_EQ(f[0].transport, "tcp");
  EXPECT_EQ(f[0].value, 31.0);
  EXPECT_EQ(detector().identifier(f[0]), "spam");
  EXPECT_EQ(detector().classification(f[0]).taxonomy, "abusive-content");
  EXPECT_EQ(detector().classification(f[0]).type, "spam");
}

TEST_F(SpamDetectorTest, SmtpMustBeAFairShareOfWhatItSends) {
  FakeHost busy("10.1.2.3");
  mailer(busy, 1000, 299, 50);  // a busy host that also sends some mail: under min_share 0.3
  EXPECT_TRUE(evaluate(detector(), busy).empty());
  FakeHost enough("10.1.2.3");
  mailer(enough, 1000, 300, 50);
  EXPECT_EQ(evaluate(detector(), enough).size(), 1u);
}

TEST(SpamConnectionTest, ConnectionAttemptsCanBeTheMeasure) {
  auto set = buildSet(oneRule("spam", "{protocol: tcp, ports: [25]}", "source", "connection_attempts", "100",
                              "    conditions: {min_share: 0.8}\n"));
  FakeHost h("10.1.2.3");
  mailer(h, 1000, 800, 5);
  h.window().conn_out.attempts = 101;
  const std::vector<Finding> f = evaluate(*set->detectors.at(0), h);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].value, 101.0);
  h.window().out.service[flow::servicePortIndex(25)] = 799;
  EXPECT_TRUE(evaluate(*set->detectors.at(0), h).empty());
}

}  // namespace
}  // namespace vigil::detect
