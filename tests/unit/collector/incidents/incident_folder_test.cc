// Tests for the folding rules: keys, counts, peaks, severity and TLP ratchets, status transitions.
#include "incidents/incident_folder.h"

#include <gtest/gtest.h>

namespace vigil::incidents {
namespace {

store::StoredEvent makeEvent(const char* sensor, uint64_t seq, uint64_t t_s, const char* severity, const char* tlp,
                             double pps) {
  store::StoredEvent s;
  s.id = int64_t(seq);
  event::Event& e = s.event;
  e.sensor = sensor;
  e.seq = seq;
  e.time_source_ns = t_s * 1'000'000'000ull;
  e.time_observation_ns = (t_s + 1) * 1'000'000'000ull;
  e.taxonomy = "information-gathering";
  e.type = "scanner";
  e.identifier = "scan-horizontal";
  e.source_ip = net::IpAddress::parse("192.0.2.7");
  e.severity = severity;
  e.tlp = tlp;
  e.extra["pps"] = pps;
  e.extra["bps"] = pps * 480;
  return s;
}

TEST(IncidentFolderTest, KeyIsTheSourceElseTheDestination) {
  event::Event e;
  EXPECT_FALSE(incidentKeyOf(e).has_value());
  e.destination_ip = net::IpAddress::parse("198.51.100.1");
  auto key = incidentKeyOf(e);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->host, "198.51.100.1");
  EXPECT_EQ(key->role, "destination");
  e.source_ip = net::IpAddress::parse("2001:db8::5");
  key = incidentKeyOf(e);
  EXPECT_EQ(key->host, "2001:db8::5");
  EXPECT_EQ(key->role, "source");
}

TEST(IncidentFolderTest, StartTakesTheEventAsIs) {
  const store::Incident i = IncidentFolder::start(makeEvent("s1", 1, 100, "medium", "TLP:GREEN", 300),
                                                  {"Example ISP", "abuse@isp.example", {}});
  EXPECT_EQ(i.id, 0);
  EXPECT_EQ(i.host, "192.0.2.7");
  EXPECT_EQ(i.role, "source");
  EXPECT_EQ(i.identifier, "scan-horizontal");
  EXPECT_EQ(i.taxonomy, "information-gathering");
  EXPECT_EQ(i.type, "scanner");
  EXPECT_EQ(i.first_seen_ms, 100'000);
  EXPECT_EQ(i.last_seen_ms, 101'000);
  EXPECT_EQ(i.event_count, 1u);
  EXPECT_DOUBLE_EQ(i.peak_pps, 300);
  EXPECT_DOUBLE_EQ(i.peak_bps, 144000);
  EXPECT_EQ(i.sensors, (std::set<std::string>{"s1"}));
  EXPECT_EQ(i.organisation, "Example ISP");
  EXPECT_EQ(i.contact, "abuse@isp.example");
  EXPECT_FALSE(i.inhibited);
  EXPECT_EQ(i.status, store::IncidentStatus::kNew);
}

TEST(IncidentFolderTest, AddRatchetsPeaksSeverityTlpAndWidensTimes) {
  store::Incident i = IncidentFolder::start(makeEvent("s1", 1, 100, "medium", "TLP:AMBER", 300), {});
  IncidentFolder::add(i, makeEvent("s2", 7, 90, "low", "TLP:GREEN", 900), {});
  IncidentFolder::add(i, makeEvent("s1", 2, 200, "high", "TLP:RED", 100), {});
  IncidentFolder::add(i, makeEvent("s1", 3, 150, "medium", "TLP:CLEAR", 50), {});
  EXPECT_EQ(i.first_seen_ms, 90'000);
  EXPECT_EQ(i.last_seen_ms, 201'000);
  EXPECT_EQ(i.event_count, 4u);
  EXPECT_DOUBLE_EQ(i.peak_pps, 900);
  EXPECT_EQ(i.severity, "high");
  EXPECT_EQ(i.tlp, "TLP:RED");
  EXPECT_EQ(i.sensors, (std::set<std::string>{"s1", "s2"}));
  EXPECT_EQ(i.status, store::IncidentStatus::kNew);
}

TEST(IncidentFolderTest, StatusMovesOnRecurrence) {
  store::Incident i = IncidentFolder::start(makeEvent("s1", 1, 100, "low", "TLP:AMBER", 1), {});
  i.status = store::IncidentStatus::kNotified;
  IncidentFolder::add(i, makeEvent("s1", 2, 110, "low", "TLP:AMBER", 1), {});
  EXPECT_EQ(i.status, store::IncidentStatus::kPersisting);
  i.status = store::IncidentStatus::kResolved;
  IncidentFolder::add(i, makeEvent("s1", 3, 120, "low", "TLP:AMBER", 1), {});
  EXPECT_EQ(i.status, store::IncidentStatus::kReopened);
  IncidentFolder::add(i, makeEvent("s1", 4, 130, "low", "TLP:AMBER", 1), {});
  EXPECT_EQ(i.status, store::IncidentStatus::kReopened);
}

TEST(IncidentFolderTest, AttributionIsRefreshedAndInhibitionMarks) {
  store::Incident i = IncidentFolder::start(makeEvent("s1", 1, 100, "low", "TLP:AMBER", 1), {"A", "a@a.example", {}});
  IncidentFolder::add(i, makeEvent("s1", 2, 110, "low", "TLP:AMBER", 1), {"B", "b@b.example", "research scanner"});
  EXPECT_EQ(i.organisation, "B");
  EXPECT_EQ(i.contact, "b@b.example");
  EXPECT_TRUE(i.inhibited);
  EXPECT_EQ(i.inhibition, "research scanner");
}

TEST(IncidentFolderTest, NonFiniteAndNegativePeaksCountAsZero) {
  store::StoredEvent e = makeEvent("s1", 1, 100, "low", "TLP:AMBER", -5);
  e.event.extra["bps"] = "fast";
  const store::Incident i = IncidentFolder::start(e, {});
  EXPECT_DOUBLE_EQ(i.peak_pps, 0);
  EXPECT_DOUBLE_EQ(i.peak_bps, 0);
}

TEST(IncidentFolderTest, Ranks) {
  EXPECT_LT(IncidentFolder::severityRank("low"), IncidentFolder::severityRank("medium"));
  EXPECT_LT(IncidentFolder::severityRank("medium"), IncidentFolder::severityRank("high"));
  EXPECT_EQ(IncidentFolder::tlpRank("TLP:CLEAR"), 0);
  EXPECT_EQ(IncidentFolder::tlpRank("TLP:AMBER+STRICT"), 3);
  EXPECT_EQ(IncidentFolder::tlpRank("TLP:RED"), 4);
  EXPECT_EQ(IncidentFolder::tlpRank("nonsense"), IncidentFolder::tlpRank("TLP:AMBER"));
}

}  // namespace
}  // namespace vigil::incidents
