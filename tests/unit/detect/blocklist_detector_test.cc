// Tests for BlocklistDetector: home peers of listed addresses, thresholds from the c2-contact rule, evidence.
#include "detect/blocklist_detector.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "detect_test_support.h"

namespace vigil::detect {
namespace {

using namespace test;  // NOLINT: test helpers

constexpr const char* kBlocklist = "blocklists:\n  - name: c2\n    file: c2.txt\n";
constexpr const char* kC2Rule =
    "rules:\n  - id: c2\n    kind: c2-contact\n    key: source->destination\n    measure: packets\n"
    "    threshold: 3\n    window: 120s\n    cooldown: 600s\n";

class BlocklistDetectorTest : public ::testing::Test {
 protected:
  BlocklistDetectorTest() {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("vigil_blocklist_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "c2.txt") << "# C2 servers\n198.51.100.66\n203.0.113.0/28\n";
  }
  ~BlocklistDetectorTest() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<DetectorSet> build(const std::string& yaml) { return buildSet(yaml, "s1", dir_.string()); }

  std::filesystem::path dir_;
};

TEST_F(BlocklistDetectorTest, NamesEachHomePeerAboveTheThreshold) {
  auto set = build(std::string("home_networks: [10.0.0.0/8]\n") + kBlocklist + kC2Rule);
  ASSERT_EQ(set->detectors.size(), 1u);
  const auto& d = dynamic_cast<const BlocklistDetector&>(*set->detectors[0]);
  EXPECT_EQ(d.rule().id, "c2:c2");
  EXPECT_EQ(d.rule().threshold, 3.0);
  EXPECT_EQ(d.rule().window_s, 120u);
  EXPECT_EQ(d.rule().cooldown_s, 600u);

  FakeHost c2("198.51.100.66");
  flow::HostCounters& w = c2.window();
  w.top_in.add(ip("10.1.1.1"), 5);   // home, above 3
  w.top_in.add(ip("8.8.8.8"), 9);    // not home
  w.top_out.add(ip("10.1.1.2"), 4);  // home, it answered
  w.top_out.add(ip("10.1.1.3"), 3);  // home, not above 3
  const std::vector<Finding> f = evaluate(d, c2);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].source, ip("10.1.1.1"));  // the infected home host
  EXPECT_EQ(f[0].destination, ip("198.51.100.66"));
  EXPECT_EQ(f[0].value, 5.0);
  EXPECT_EQ(f[1].source, ip("10.1.1.2"));
  EXPECT_EQ(f[1].destination, ip("198.51.100.66"));
  EXPECT_EQ(f[1].value, 4.0);
  EXPECT_EQ(d.identifier(f[0]), "c2-contact");
  EXPECT_EQ(d.classification(f[0]).taxonomy, "malicious-code");
  EXPECT_EQ(d.classification(f[0]).type, "infected-system");

  nlohmann::ordered_json extra;
  d.describe(c2.sample(), f[0], extra);
  EXPECT_EQ(extra["blocklist"], "c2");
  EXPECT_EQ(extra["packets_with_listed_host"], 5.0);
}

TEST_F(BlocklistDetectorTest, AHostOnBothSidesIsNamedOnce) {
  auto set = build(std::string(kBlocklist));
  const Detector& d = *set->detectors.at(0);
  FakeHost c2("203.0.113.7");  // inside the listed /28
  c2.window().top_in.add(ip("10.1.1.1"), 2);
  c2.window().top_out.add(ip("10.1.1.1"), 2);
  const std::vector<Finding> f = evaluate(d, c2);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, ip("10.1.1.1"));
  EXPECT_EQ(f[0].destination, ip("203.0.113.7"));
}

TEST_F(BlocklistDetectorTest, WithoutAC2RuleEveryPacketCountsAndEveryAddressIsHome) {
  auto set = build(std::string(kBlocklist));
  const Detector& d = *set->detectors.at(0);
  EXPECT_EQ(d.rule().id, "blocklist:c2");
  EXPECT_EQ(d.rule().threshold, 0.0);
  EXPECT_EQ(d.rule().window_s, 60u);
  EXPECT_EQ(d.rule().cooldown_s, 3600u);
  EXPECT_EQ(d.rule().severity, rules::Severity::kHigh);
  FakeHost c2("198.51.100.66");
  c2.window().top_in.add(ip("8.8.8.8"), 1);
  const std::vector<Finding> f = evaluate(d, c2);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, ip("8.8.8.8"));
  EXPECT_EQ(f[0].value, 1.0);
}

TEST_F(BlocklistDetectorTest, UnlistedHostsAndListedPeersGiveNothing) {
  auto set = build(std::string(kBlocklist));
  const auto& d = dynamic_cast<const BlocklistDetector&>(*set->detectors.at(0));
  FakeHost clean("198.51.100.67");
  clean.window().top_in.add(ip("10.1.1.1"), 50);
  EXPECT_TRUE(evaluate(d, clean).empty());
  EXPECT_FALSE(d.isListed(ip("198.51.100.67")));
  EXPECT_TRUE(d.isListed(ip("203.0.113.15")));
  EXPECT_FALSE(d.isListed(ip("203.0.113.16")));

  FakeHost c2("198.51.100.66");
  c2.window().top_in.add(ip("203.0.113.1"), 50);  // two listed hosts talking: no home host to report
  EXPECT_TRUE(evaluate(d, c2).empty());
}

TEST_F(BlocklistDetectorTest, AtMostThreeFindingsPerListedHost) {
  auto set = build(std::string(kBlocklist));
  FakeHost c2("198.51.100.66");
  c2.window().top_in.add(ip("10.1.1.1"), 9);
  c2.window().top_in.add(ip("10.1.1.2"), 8);
  c2.window().top_out.add(ip("10.1.1.3"), 7);
  c2.window().top_out.add(ip("10.1.1.4"), 6);
  const std::vector<Finding> f = evaluate(*set->detectors.at(0), c2);
  ASSERT_EQ(f.size(), Detector::kMaxFindings);
  EXPECT_EQ(f[2].source, ip("10.1.1.3"));
}

TEST_F(BlocklistDetectorTest, ListedHostsAreVisitedWhateverTheirVolume) {
  auto set = build(std::string(kBlocklist));
  EXPECT_EQ(set->detectors.at(0)->minPackets(1.0), 1e18);
}

}  // namespace
}  // namespace vigil::detect
