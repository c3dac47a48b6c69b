// Tests for folding through a real SQLite store: batches, reopen, attribution, quiet resolution, restarts.
#include "incidents/incident_processor.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "event/event_json.h"

namespace vigil::incidents {
namespace {

class IncidentProcessorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/vigil-incidents-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    reopen();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void reopen() {
    store_.reset();
    auto s = store::openStore("sqlite:" + (dir_ / "c.db").string());
    ASSERT_TRUE(s.ok()) << s.error();
    store_ = std::move(*s);
  }
  /// Stores an event about `ip` seen at packet time t_s (s), received at wall time recv_ms.
  void store(const char* ip, const char* identifier, uint64_t t_s, int64_t recv_ms, bool as_destination = false) {
    event::Event e;
    e.sensor = "s1";
    e.seq = ++seq_;
    e.time_source_ns = t_s * 1'000'000'000ull;
    e.time_observation_ns = t_s * 1'000'000'000ull;
    e.taxonomy = "information-gathering";
    e.type = "scanner";
    e.identifier = identifier;
    (as_destination ? e.destination_ip : e.source_ip) = net::IpAddress::parse(ip);
    e.transport = "tcp";
    e.rule_id = "r";
    e.tlp = "TLP:AMBER";
    e.severity = "medium";
    auto r = store_->insertEvent(e, event::toJsonLine(e), recv_ms);
    ASSERT_TRUE(r.ok()) << r.error();
  }
  std::vector<store::Incident> all() {
    auto r = store_->incidents({});
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<store::Incident>{};
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  uint64_t seq_ = 0;
};

IncidentProcessor::Attribute byPrefix() {
  return [](const net::IpAddress& ip, const std::string& identifier) {
    Attribution a;
    a.organisation = ip.toString().rfind("192.0.2.", 0) == 0 ? "Example ISP" : "CERT";
    a.contact = a.organisation == "CERT" ? "incidents@cert.example" : "abuse@isp.example";
    if (identifier == "scan-vertical") a.inhibition = "research";
    return a;
  };
}

TEST_F(IncidentProcessorTest, FoldsEventsPerHostAndKindAcrossBatches) {
  for (int i = 0; i < 5; ++i)
    store("192.0.2.1", "scan-horizontal", 100 + i, 1000 + i);
  store("192.0.2.2", "scan-horizontal", 101, 1001);
  store("192.0.2.1", "syn-flood", 102, 1002);
  store("198.51.100.9", "syn-flood", 103, 1003, /*as_destination=*/true);
  IncidentProcessor p(*store_, byPrefix(), 3600);
  auto n = p.foldPending(/*batch=*/3);
  ASSERT_TRUE(n.ok()) << n.error();
  EXPECT_EQ(*n, 8u);
  EXPECT_EQ(p.stats().opened, 4u);
  const auto incidents = all();
  ASSERT_EQ(incidents.size(), 4u);
  auto one = store_->findIncident("192.0.2.1", "scan-horizontal");
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ((*one)->event_count, 5u);
  EXPECT_EQ((*one)->first_seen_ms, 100'000);
  EXPECT_EQ((*one)->last_seen_ms, 104'000);
  EXPECT_EQ((*one)->organisation, "Example ISP");
  auto victim = store_->findIncident("198.51.100.9", "syn-flood");
  ASSERT_TRUE(victim.ok() && victim->has_value());
  EXPECT_EQ((*victim)->role, "destination");
  EXPECT_EQ((*victim)->organisation, "CERT");
  auto events = store_->eventsOfIncident((*one)->id, 0);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 5u);
  // Nothing is left to fold, and folding again changes nothing.
  EXPECT_EQ(*p.foldPending(), 0u);
  EXPECT_EQ(all().size(), 4u);
}

TEST_F(IncidentProcessorTest, InhibitedIncidentsAreStoredAndMarked) {
  store("192.0.2.1", "scan-vertical", 100, 1000);
  IncidentProcessor p(*store_, byPrefix(), 3600);
  ASSERT_TRUE(p.foldPending().ok());
  const auto incidents = all();
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_TRUE(incidents[0].inhibited);
  EXPECT_EQ(incidents[0].inhibition, "research");
}

TEST_F(IncidentProcessorTest, QuietIncidentsResolveOnTheExtrapolatedEventClockAndReopen) {
  // Packet time is far in the past (a replayed capture); wall time is now.
  const int64_t wall = 1'800'000'000'000;
  store("192.0.2.1", "scan-horizontal", 1000, wall);
  store("192.0.2.2", "scan-horizontal", 1500, wall);
  IncidentProcessor p(*store_, byPrefix(), 600);
  ASSERT_TRUE(p.foldPending().ok());
  EXPECT_EQ(p.eventClock(wall), 1'500'000);
  // Right after the replay nothing is quiet enough... except the first host, 500 s older than the newest.
  EXPECT_EQ(*p.resolveQuiet(wall), 0u);
  EXPECT_EQ(*p.resolveQuiet(wall + 100'001), 1u);  // 1000 s < 1600 s - 600 s
  auto first = store_->findIncident("192.0.2.1", "scan-horizontal");
  EXPECT_EQ((*first)->status, store::IncidentStatus::kResolved);
  auto second = store_->findIncident("192.0.2.2", "scan-horizontal");
  EXPECT_EQ((*second)->status, store::IncidentStatus::kNew);
  // Recurrence reopens the same incident.
  store("192.0.2.1", "scan-horizontal", 1700, wall + 200'000);
  ASSERT_TRUE(p.foldPending().ok());
  first = store_->findIncident("192.0.2.1", "scan-horizontal");
  EXPECT_EQ((*first)->status, store::IncidentStatus::kReopened);
  EXPECT_EQ((*first)->event_count, 2u);
  EXPECT_EQ(p.stats().reopened, 1u);
  EXPECT_EQ(all().size(), 2u);
}

TEST_F(IncidentProcessorTest, AfterARestartTheClockStartsFromOpenIncidents) {
  const int64_t wall = 1'800'000'000'000;
  store("192.0.2.1", "scan-horizontal", 1000, wall);
  {
    IncidentProcessor p(*store_, byPrefix(), 600);
    ASSERT_TRUE(p.foldPending().ok());
  }
  reopen();
  IncidentProcessor p(*store_, byPrefix(), 600);
  // A restart a day later (wall time) must not resolve at once: the clock restarts at last_seen.
  EXPECT_EQ(*p.resolveQuiet(wall + 86'400'000), 0u);
  EXPECT_EQ(*p.resolveQuiet(wall + 86'400'000 + 600'001), 1u);
}

TEST_F(IncidentProcessorTest, EventsStoredButNotFoldedBeforeACrashAreFoldedAtTheNextStart) {
  store("192.0.2.1", "scan-horizontal", 100, 1000);
  reopen();  // the "crash": nothing folded yet
  IncidentProcessor p(*store_, byPrefix(), 600);
  EXPECT_EQ(*p.foldPending(), 1u);
  EXPECT_EQ(all().size(), 1u);
}

}  // namespace
}  // namespace vigil::incidents
