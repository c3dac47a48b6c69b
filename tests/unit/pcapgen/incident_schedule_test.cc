// Tests for scheduleIncidents: count/rate/duration rules, fitting into the capture, placement and errors.
#include "pcapgen/engine/incident_schedule.h"

#include <gtest/gtest.h>

namespace vigil::pcapgen {
namespace {

GeneratorConfig config(std::vector<std::string> incidents) {
  GeneratorConfig c;
  c.packets = 1000000;
  c.pps = 100000;  // a 10 s capture
  c.incidents = std::move(incidents);
  return c;
}

TEST(IncidentScheduleTest, DefaultsSpreadIncidentsAndKeepDefaultRates) {
  const FrameBuilder b;
  auto s = scheduleIncidents(config({"syn-flood:count=2000", "udp-flood:count=2000"}), b);
  ASSERT_TRUE(s.ok()) << s.error();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_DOUBLE_EQ((*s)[0].rate, 2000);
  EXPECT_DOUBLE_EQ((*s)[0].at_s, 9.0 / 3);  // (10 s - 1 s) * 1/3
  EXPECT_DOUBLE_EQ((*s)[1].at_s, 9.0 * 2 / 3);
  EXPECT_EQ((*s)[0].first_slot, 300000u);
  EXPECT_DOUBLE_EQ((*s)[0].spacing, 50);
  EXPECT_EQ((*s)[0].nextDueSlot(), 300000u);
}

TEST(IncidentScheduleTest, TooLongAtTheDefaultRateIsSpedUpToFit) {
  const FrameBuilder b;
  auto s = scheduleIncidents(config({"syn-flood:count=100000"}), b);  // 50 s at 2000/s
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_NEAR((*s)[0].rate, 100000 / 9.5, 1e-6);
  EXPECT_NEAR((*s)[0].at_s, 0.25, 1e-9);
}

TEST(IncidentScheduleTest, DurationDerivesCountOrRate) {
  const FrameBuilder b;
  auto s = scheduleIncidents(config({"syn-flood:rate=500,duration=4,at=1", "bruteforce-ssh:count=10,duration=2"}), b);
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ((*s)[0].incident->expectedPackets(), 2000u);
  EXPECT_EQ(*(*s)[0].spec.find("count"), "2000");
  EXPECT_DOUBLE_EQ((*s)[0].at_s, 1);
  EXPECT_EQ((*s)[0].first_slot, 100000u);
  const auto& bf = (*s)[1];
  EXPECT_NEAR(bf.rate * 2, static_cast<double>(bf.incident->expectedPackets()), 1e-9);
  auto percent = scheduleIncidents(config({"spam:at=50%,count=10"}), b);
  ASSERT_TRUE(percent.ok());
  EXPECT_DOUBLE_EQ((*percent)[0].at_s, 5);
}

TEST(IncidentScheduleTest, ImpossibleTimingIsAnErrorNamingTheIncident) {
  const FrameBuilder b;
  auto late = scheduleIncidents(config({"spam:count=10", "syn-flood:rate=1000,count=5000,at=8"}), b);
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.error().find("incident 1 (syn-flood): runs from 8 s for 5 s but the capture is 10 s long"),
            std::string::npos)
      << late.error();
  auto fast = scheduleIncidents(config({"udp-flood:rate=200000"}), b);
  ASSERT_FALSE(fast.ok());
  EXPECT_NE(fast.error().find("more than --pps"), std::string::npos);
  auto big = scheduleIncidents(config({"syn-flood:count=2000000"}), b);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().find("raise --packets"), std::string::npos);
  auto three = scheduleIncidents(config({"spam:count=5,rate=10,duration=2"}), b);
  ASSERT_FALSE(three.ok());
  EXPECT_NE(three.error().find("at most two of count, rate and duration"), std::string::npos);
  auto at = scheduleIncidents(config({"spam:at=120%"}), b);
  EXPECT_FALSE(at.ok());
  auto kind = scheduleIncidents(config({"spam", "nope"}), b);
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().rfind("incident 1: unknown incident kind 'nope'", 0), 0u);
}

}  // namespace
}  // namespace vigil::pcapgen
