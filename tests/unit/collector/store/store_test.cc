// Tests for the Store contract, written once and run on SQLite and on a throwaway PostgreSQL server.
#include "store/store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <limits>
#include <vector>

#include "store/schema.h"
#include "store_test_support.h"

namespace vigil::store {
namespace {

using test::PostgresBackend;
using test::sampleEvent;
using test::SqliteBackend;

template <typename Backend>
class StoreTest : public testing::Test {
 protected:
  static void SetUpTestSuite() { Backend::startSuite(); }
  static void TearDownTestSuite() { Backend::stopSuite(); }

  void SetUp() override {
    if (const std::string why = Backend::unavailable(); !why.empty()) GTEST_SKIP() << why;
    ASSERT_EQ(Backend::startError(), "");
    backend_ = std::make_unique<Backend>();
    reopen();
  }

  void reopen() {
    store_.reset();
    auto opened = openStore(backend_->url());
    ASSERT_TRUE(opened.ok()) << opened.error();
    store_ = std::move(*opened);
  }

  // Inserts and expects kStored; returns the event's id.
  int64_t insert(const event::Event& e, int64_t received_ms = 1000) {
    auto outcome = store_->insertEvent(e, "{\"raw\": " + std::to_string(e.seq) + "}", received_ms);
    EXPECT_TRUE(outcome.ok()) << outcome.error();
    EXPECT_EQ(outcome.ok() ? *outcome : Store::Outcome::kDuplicate, Store::Outcome::kStored);
    auto pending = store_->eventsWithoutIncident(0);
    return pending.ok() && !pending->empty() ? pending->back().id : 0;
  }

  std::vector<SensorStatus> sensors() {
    auto s = store_->sensors();
    EXPECT_TRUE(s.ok()) << s.error();
    return s.ok() ? *s : std::vector<SensorStatus>();
  }

  static Incident sampleIncident(const std::string& host, int64_t last_seen_ms) {
    Incident i;
    i.host = host;
    i.identifier = "scan-horizontal";
    i.role = "source";
    i.taxonomy = "information-gathering";
    i.type = "scanner";
    i.severity = "medium";
    i.tlp = "TLP:AMBER";
    i.first_seen_ms = last_seen_ms - 500;
    i.last_seen_ms = last_seen_ms;
    i.event_count = 2;
    i.peak_pps = 1234.5;
    i.peak_bps = 9.87654321e9;
    i.sensors = {"ix-1", "isp-2"};
    i.organisation = "Example ISP";
    i.contact = "abuse@isp.example";
    return i;
  }

  std::unique_ptr<Backend> backend_;  // outlives store_: a PostgreSQL database is dropped after the store closes
  std::unique_ptr<Store> store_;
};

struct BackendNames {
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqliteBackend> ? "Sqlite" : "Postgres";
  }
};
using Backends = testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(StoreTest, Backends, BackendNames);

TYPED_TEST(StoreTest, MigratesAnEmptyDatabaseAndReopensAtTheSameVersion) {
  auto version = this->store_->schemaVersion();
  ASSERT_TRUE(version.ok()) << version.error();
  EXPECT_EQ(*version, Schema::latestVersion());
  EXPECT_GE(*version, 1);
  this->reopen();
  version = this->store_->schemaVersion();
  ASSERT_TRUE(version.ok()) << version.error();
  EXPECT_EQ(*version, Schema::latestVersion());
  EXPECT_TRUE(this->sensors().empty());
}

TYPED_TEST(StoreTest, CountsDuplicatesGapsAndLateArrivalsExactly) {
  Store& store = *this->store_;
  const auto put = [&](const char* sensor, uint64_t seq, int64_t received_ms) {
    auto r = store.insertEvent(sampleEvent(sensor, seq), "{}", received_ms);
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? *r : Store::Outcome::kDuplicate;
  };
  using enum Store::Outcome;
  EXPECT_EQ(put("s1", 1, 100), kStored);
  EXPECT_EQ(put("s1", 2, 200), kStored);
  EXPECT_EQ(put("s1", 2, 250), kDuplicate);  // resent after a lost ack
  EXPECT_EQ(put("s1", 5, 300), kStored);     // 3 and 4 missing
  EXPECT_EQ(put("s1", 3, 400), kStored);     // late: fills one
  EXPECT_EQ(put("s1", 3, 150), kDuplicate);  // older received time does not move last_seen back
  EXPECT_EQ(put("s1", 10, 500), kStored);    // 6-9 missing
  EXPECT_EQ(put("s2", 7, 50), kStored);      // a sensor's first event sets last_seq, no gaps
  EXPECT_EQ(put("s2", 3, 60), kStored);      // older than the first: never counted missing
  const std::vector<SensorStatus> expected = {
      {"s1", 10, 5, 2, 5, 500},  // gaps: 2 (3,4) - 1 (3) + 4 (6-9)
      {"s2", 7, 0, 0, 2, 60},
  };
  EXPECT_EQ(this->sensors(), expected);
  this->reopen();
  EXPECT_EQ(this->sensors(), expected);
}

TYPED_TEST(StoreTest, RoundTripsEventsExactlyOldestFirst) {
  event::Event full = sampleEvent("ix-1", 1);
  event::Event sparse = sampleEvent("ix-1", 2);
  sparse.source_ip.reset();
  sparse.destination_port.reset();
  sparse.transport.clear();
  sparse.status.clear();
  sparse.extra = nlohmann::ordered_json::object();
  event::Event big = sampleEvent("ix-1", 3);
  big.extra = nlohmann::ordered_json::parse(
      R"({"z": 1, "a": [1.5, -2, true, null, "x\ny"], "m": {"k": 18446744073709551615}})");
  ASSERT_TRUE(this->store_->insertEvent(full, "raw one", 11).ok());
  ASSERT_TRUE(this->store_->insertEvent(sparse, "raw two", 22).ok());
  ASSERT_TRUE(this->store_->insertEvent(big, "raw three", 33).ok());
  auto events = this->store_->eventsWithoutIncident(0);
  ASSERT_TRUE(events.ok()) << events.error();
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].event, full);
  EXPECT_EQ((*events)[1].event, sparse);
  EXPECT_EQ((*events)[2].event, big);
  EXPECT_EQ((*events)[2].event.extra.dump(), big.extra.dump());  // key order kept
  EXPECT_EQ((*events)[0].raw_json, "raw one");
  EXPECT_EQ((*events)[1].received_ms, 22);
  EXPECT_FALSE((*events)[2].incident_id.has_value());
  EXPECT_LT((*events)[0].id, (*events)[1].id);
  EXPECT_LT((*events)[1].id, (*events)[2].id);
  auto first_two = this->store_->eventsWithoutIncident(2);
  ASSERT_TRUE(first_two.ok());
  ASSERT_EQ(first_two->size(), 2u);
  EXPECT_EQ((*first_two)[1].event, sparse);
}

TYPED_TEST(StoreTest, RefusesValuesThatDoNotFitAndStaysUsable) {
  event::Event e = sampleEvent("s1", uint64_t(std::numeric_limits<int64_t>::max()) + 1);
  auto r = this->store_->insertEvent(e, "{}", 1);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("seq does not fit"), std::string::npos) << r.error();
  EXPECT_TRUE(this->sensors().empty());
  this->insert(sampleEvent("s1", 1));
  EXPECT_EQ(this->sensors().size(), 1u);
}

TYPED_TEST(StoreTest, StoresABatchInOneTransactionOrNotAtAll) {
  const event::Event e1 = sampleEvent("s1", 1), e2 = sampleEvent("s1", 2), e4 = sampleEvent("s1", 4);
  const event::Event huge = sampleEvent("s1", uint64_t(std::numeric_limits<int64_t>::max()) + 1);
  // An event that cannot be stored fails the whole batch: nothing of it is kept.
  const std::vector<Store::EventInsert> bad = {{&e1, "{}"}, {&huge, "{}"}};
  ASSERT_FALSE(this->store_->insertEvents(bad, 1).ok());
  EXPECT_TRUE(this->sensors().empty());
  // A resent event twice in one batch is stored once; the skipped seq 3 is one gap.
  const std::vector<Store::EventInsert> good = {{&e1, "{}"}, {&e2, "{}"}, {&e1, "{}"}, {&e4, "{}"}};
  auto outcomes = this->store_->insertEvents(good, 1);
  ASSERT_TRUE(outcomes.ok()) << outcomes.error();
  EXPECT_EQ(*outcomes, (std::vector<Store::Outcome>{Store::Outcome::kStored, Store::Outcome::kStored,
                                                    Store::Outcome::kDuplicate, Store::Outcome::kStored}));
  const std::vector<SensorStatus> status = this->sensors();
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].events, 3u);
  EXPECT_EQ(status[0].duplicates, 1u);
  EXPECT_EQ(status[0].gaps, 1u);
  EXPECT_EQ(status[0].last_seq, 4u);
  auto events = this->store_->eventsWithoutIncident(0);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 3u);
}

TYPED_TEST(StoreTest, SavesUpdatesAndFindsIncidents) {
  Store& store = *this->store_;
  const int64_t e1 = this->insert(sampleEvent("s1", 1));
  const int64_t e2 = this->insert(sampleEvent("s1", 2));
  const int64_t e3 = this->insert(sampleEvent("s1", 3));
  Incident incident = this->sampleIncident("192.0.2.7", 5000);
  const std::vector<int64_t> first = {e1, e2};
  ASSERT_TRUE(store.saveIncident(incident, first).ok());
  EXPECT_GT(incident.id, 0);

  auto found = store.findIncident("192.0.2.7", "scan-horizontal");
  ASSERT_TRUE(found.ok()) << found.error();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(**found, incident);
  auto pending = store.eventsWithoutIncident(0);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().id, e3);
  auto attached = store.eventsOfIncident(incident.id, 0);
  ASSERT_TRUE(attached.ok());
  ASSERT_EQ(attached->size(), 2u);
  EXPECT_EQ((*attached)[0].incident_id, incident.id);

  incident.status = IncidentStatus::kNotified;
  incident.severity = "high";
  incident.sensors.insert("ix-9");
  incident.notified_ms = 6000;
  incident.ticket = "RT#42";
  incident.inhibited = true;
  incident.inhibition = "operator: known research scanner";
  incident.event_count = 3;
  const std::vector<int64_t> second = {e3};
  const int64_t id = incident.id;
  ASSERT_TRUE(store.saveIncident(incident, second).ok());
  EXPECT_EQ(incident.id, id);
  auto by_id = store.incident(id);
  ASSERT_TRUE(by_id.ok());
  ASSERT_TRUE(by_id->has_value());
  EXPECT_EQ(**by_id, incident);
  EXPECT_TRUE(store.eventsWithoutIncident(0)->empty());

  // A resolved incident that comes back as a new one: the latest wins.
  Incident again = this->sampleIncident("192.0.2.7", 9000);
  ASSERT_TRUE(store.saveIncident(again, {}).ok());
  found = store.findIncident("192.0.2.7", "scan-horizontal");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, again.id);
  EXPECT_FALSE(store.findIncident("192.0.2.7", "syn-flood")->has_value());
  EXPECT_FALSE(store.incident(again.id + 100)->has_value());
}

TYPED_TEST(StoreTest, SaveIncidentIsOneTransaction) {
  Store& store = *this->store_;
  const int64_t e1 = this->insert(sampleEvent("s1", 1));
  Incident incident = this->sampleIncident("192.0.2.7", 5000);
  const std::vector<int64_t> with_unknown = {e1, e1 + 1000};
  auto saved = store.saveIncident(incident, with_unknown);
  ASSERT_FALSE(saved.ok());
  EXPECT_NE(saved.error().find("no event with id " + std::to_string(e1 + 1000)), std::string::npos) << saved.error();
  EXPECT_EQ(incident.id, 0);  // not handed out: the insert was rolled back
  EXPECT_FALSE(store.findIncident("192.0.2.7", "scan-horizontal")->has_value());
  EXPECT_EQ(store.eventsWithoutIncident(0)->size(), 1u);

  Incident ghost = this->sampleIncident("192.0.2.8", 5000);
  ghost.id = 777;
  saved = store.saveIncident(ghost, {});
  ASSERT_FALSE(saved.ok());
  EXPECT_NE(saved.error().find("no incident with id 777"), std::string::npos) << saved.error();

  auto attached = store.attachEvents(777, std::vector<int64_t>{e1});
  ASSERT_FALSE(attached.ok());
  EXPECT_NE(attached.error().find("no incident with id 777"), std::string::npos) << attached.error();
  ASSERT_TRUE(store.saveIncident(incident, {}).ok());
  ASSERT_TRUE(store.attachEvents(incident.id, std::vector<int64_t>{e1}).ok());
  EXPECT_EQ(store.eventsOfIncident(incident.id, 0)->size(), 1u);
}

TYPED_TEST(StoreTest, TicketsNumberNotificationsOnceAndNeverAgain) {
  const int64_t day = 1795305600000;  // 2026-11-22T00:00:00Z
  auto a = this->store_->newTicket(day + 5);
  auto b = this->store_->newTicket(day + 86400000);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, "20261122-00000001");
  EXPECT_EQ(*b, "20261123-00000002");
  this->reopen();
  EXPECT_EQ(this->store_->newTicket(day).value(), "20261122-00000003");
}

TYPED_TEST(StoreTest, SavesANotificationWithItsIncidentsAndOutboxInOneTransaction) {
  Store& store = *this->store_;
  Incident incident = this->sampleIncident("192.0.2.7", 5000);
  ASSERT_TRUE(store.saveIncident(incident, {}).ok());
  Notification n;
  n.ticket = store.newTicket(9000).value();
  n.organisation = "ISP";
  n.contact = "abuse@isp.test";
  n.format = "csv";
  n.tlp = "TLP:AMBER";
  n.created_ms = 9000;
  n.incident_ids = {incident.id};
  incident.status = IncidentStatus::kNotified;
  incident.notified_ms = 9000;
  incident.ticket = n.ticket;
  std::vector<OutboxItem> items(2);
  items[0].channel = "smtp";
  items[0].recipient = "abuse@isp.test";
  items[0].payload = "mail bytes";
  items[0].created_ms = items[0].next_attempt_ms = 9000;
  items[1].channel = "webhook";
  items[1].payload = "{}";
  items[1].created_ms = items[1].next_attempt_ms = 9500;
  // An unknown incident rolls everything back.
  Incident ghost = incident;
  ghost.id = 999;
  std::vector<OutboxItem> copy = items;
  Notification failed = n;
  EXPECT_FALSE(store.saveNotification(failed, {&ghost, 1}, copy).ok());
  EXPECT_TRUE(store.notifications({}).value().empty());
  EXPECT_EQ(store.outboxSummary().value().pending, 0u);

  ASSERT_TRUE(store.saveNotification(n, {&incident, 1}, items).ok());
  EXPECT_GT(n.id, 0);
  EXPECT_GT(items[1].id, items[0].id);
  EXPECT_EQ(items[0].ticket, n.ticket);
  auto listed = store.notifications({});
  ASSERT_TRUE(listed.ok()) << listed.error();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front(), n);
  EXPECT_EQ(store.incident(incident.id).value()->status, IncidentStatus::kNotified);
  EXPECT_EQ(store.incident(incident.id).value()->ticket, n.ticket);
  EXPECT_EQ(store.contactStates().value(), (std::vector<ContactState>{{"abuse@isp.test", 9000, 0, false}}));

  // Due items, oldest first; an update takes an item off the due list.
  EXPECT_EQ(store.dueOutbox(8999, 0).value().size(), 0u);
  auto due = store.dueOutbox(9500, 0).value();
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0], items[0]);
  due[0].status = OutboxStatus::kDelivered;
  due[0].attempts = 1;
  due[0].done_ms = 9600;
  ASSERT_TRUE(store.updateOutbox(due[0]).ok());
  due[1].attempts = 1;
  due[1].next_attempt_ms = 20000;
  due[1].last_error = "HTTP 503";
  ASSERT_TRUE(store.updateOutbox(due[1]).ok());
  EXPECT_TRUE(store.dueOutbox(19999, 0).value().empty());
  EXPECT_EQ(store.dueOutbox(20000, 0).value(), std::vector<OutboxItem>{due[1]});
  const OutboxSummary summary = store.outboxSummary().value();
  EXPECT_EQ(summary.pending, 1u);
  EXPECT_EQ(summary.delivered, 1u);
  EXPECT_EQ(summary.oldest_pending_ms, 9500);
  EXPECT_EQ(store.outboxOfTicket(n.ticket).value().size(), 2u);

  ASSERT_TRUE(store.saveContactState({"abuse@isp.test", 9000, 3, true}).ok());
  EXPECT_EQ(store.contactStates().value(), (std::vector<ContactState>{{"abuse@isp.test", 9000, 3, true}}));
  NotificationFilter held;
  held.status = NotificationStatus::kHeld;
  EXPECT_TRUE(store.notifications(held).value().empty());
}

TYPED_TEST(StoreTest, FiltersAndOrdersIncidents) {
  Store& store = *this->store_;
  std::vector<Incident> saved;
  const std::vector<std::pair<const char*, int64_t>> hosts = {
      {"10.0.0.1", 1000}, {"10.0.0.2", 3000}, {"10.0.0.1", 2000}, {"10.0.0.3", 4000}};
  for (const auto& [host, seen] : hosts) {
    Incident i = this->sampleIncident(host, seen);
    i.identifier = "id-" + std::to_string(seen);
    if (seen == 3000) i.status = IncidentStatus::kResolved;
    if (seen == 4000) i.status = IncidentStatus::kReopened;
    ASSERT_TRUE(store.saveIncident(i, {}).ok());
    saved.push_back(i);
  }
  const auto lastSeen = [&](const IncidentFilter& filter) {
    auto got = store.incidents(filter);
    EXPECT_TRUE(got.ok()) << got.error();
    std::vector<int64_t> out;
    for (const Incident& i : *got)
      out.push_back(i.last_seen_ms);
    return out;
  };
  EXPECT_EQ(lastSeen({}), (std::vector<int64_t>{4000, 3000, 2000, 1000}));
  EXPECT_EQ(lastSeen({.since_ms = 2000}), (std::vector<int64_t>{4000, 3000, 2000}));
  EXPECT_EQ(lastSeen({.before_ms = 3000}), (std::vector<int64_t>{2000, 1000}));
  EXPECT_EQ(lastSeen({.status = IncidentStatus::kNew}), (std::vector<int64_t>{2000, 1000}));
  EXPECT_EQ(lastSeen({.host = "10.0.0.1"}), (std::vector<int64_t>{2000, 1000}));
  EXPECT_EQ(lastSeen({.since_ms = 1500, .host = "10.0.0.1"}), (std::vector<int64_t>{2000}));
  EXPECT_EQ(lastSeen({.limit = 1}), (std::vector<int64_t>{4000}));
  auto full = store.incidents({.limit = 1});
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->front(), saved[3]);

  const std::vector<IncidentStatus> open = {IncidentStatus::kNew, IncidentStatus::kReopened};
  auto active = store.incidentsByStatus(open, 0);
  ASSERT_TRUE(active.ok()) << active.error();
  ASSERT_EQ(active->size(), 3u);
  EXPECT_EQ((*active)[0].last_seen_ms, 1000);  // oldest first
  EXPECT_EQ((*active)[2].last_seen_ms, 4000);
  EXPECT_EQ(store.incidentsByStatus(open, 2)->size(), 2u);
  EXPECT_TRUE(store.incidentsByStatus({}, 0)->empty());
}

std::vector<enrich::NetworkRecord> networks(int count, const std::string& tag) {
  std::vector<enrich::NetworkRecord> out;
  out.reserve(std::size_t(count));
  for (int i = 0; i < count; ++i) {
    const uint32_t base = 0x0a000000u + uint32_t(i) * 256u;
    enrich::NetworkRecord r;
    r.prefix = *net::Prefix::parse(net::IpAddress::fromV4(base).toString() + "/24");
    r.netname = "NET-" + std::to_string(i) + tag;
    r.org_handle = "ORG-E" + std::to_string(i) + "-RIPE";
    r.org_name = "Org " + std::to_string(i);
    r.abuse_email = "abuse" + std::to_string(i) + "@example.net";
    out.push_back(std::move(r));
  }
  return out;
}

TYPED_TEST(StoreTest, ReplacesNetworksAndAsnsOnEveryImport) {
  Store& store = *this->store_;
  std::vector<enrich::NetworkRecord> first = networks(3, "");
  // Separators and escapes that a bulk loader must carry through untouched.
  first[0].org_name = "Tab\there, new\nline, back\\slash, \\N, Zürich";
  first[1].prefix = *net::Prefix::parse("2001:db8:100::/40");
  first[2].abuse_email.clear();
  ASSERT_TRUE(store.replaceNetworks({"ripe", "ripe.db.inetnum", 100, 0}, first).ok());
  EXPECT_EQ(*store.networks(), first);
  const std::vector<enrich::NetworkRecord> second = networks(2, "-b");
  ASSERT_TRUE(store.replaceNetworks({"ripe", "ripe2.db", 200, 0}, second).ok());
  EXPECT_EQ(*store.networks(), second);

  const std::vector<net::Pfx2AsEntry> asns = {{*net::Prefix::parse("192.0.2.0/24"), 64500},
                                              {*net::Prefix::parse("2001:db8::/32"), 4294967295u}};
  ASSERT_TRUE(store.replaceAsns({"pfx2as", "rv.pfx2as", 300, 0}, asns).ok());
  EXPECT_EQ(*store.asns(), asns);
  ASSERT_TRUE(store.replaceAsns({"pfx2as", "rv2.pfx2as", 400, 0}, std::span(asns).first(1)).ok());
  EXPECT_EQ(*store.asns(), std::vector<net::Pfx2AsEntry>(asns.begin(), asns.begin() + 1));

  const std::vector<ImportInfo> expected = {{"pfx2as", "rv2.pfx2as", 400, 1}, {"ripe", "ripe2.db", 200, 2}};
  EXPECT_EQ(*store.imports(), expected);

  auto wrong = store.replaceNetworks({"pfx2as", "x", 1, 0}, second);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().find("kind 'ripe', not 'pfx2as'"), std::string::npos) << wrong.error();
  EXPECT_EQ(store.networks()->size(), 2u);
}

TYPED_TEST(StoreTest, ImportsTwoHundredThousandRowsInSeconds) {
  const std::vector<enrich::NetworkRecord> records = networks(200'000, "");
  const auto started = std::chrono::steady_clock::now();
  auto replaced = this->store_->replaceNetworks({"ripe", "big.db", 1, 0}, records);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(replaced.ok()) << replaced.error();
  std::printf("[ timing ] %s: 200000 network rows imported in %.2f s\n",
              testing::UnitTest::GetInstance()->current_test_info()->type_param(), seconds);
  EXPECT_LT(seconds, 20.0);  // a million must stay well under a minute, sanitizers included
  auto back = this->store_->networks();
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), records.size());
  EXPECT_EQ(back->front(), records.front());
  EXPECT_EQ((*back)[123'456], records[123'456]);
  EXPECT_EQ(back->back(), records.back());
  EXPECT_EQ(this->store_->imports()->front().rows, 200'000u);
}

TYPED_TEST(StoreTest, RefusesADatabaseNewerThanTheBinary) {
  this->store_.reset();
  const int newer = Schema::latestVersion() + 5;
  ASSERT_EQ(this->backend_->setSchemaVersion(newer), "");
  auto opened = openStore(this->backend_->url());
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().find("database schema version " + std::to_string(newer) +
                                " is newer than this vigil-collector knows (" +
                                std::to_string(Schema::latestVersion()) + ")"),
            std::string::npos)
      << opened.error();
}

TYPED_TEST(StoreTest, KeepsEverythingAcrossCloseAndReopen) {
  const int64_t e1 = this->insert(sampleEvent("s1", 1));
  this->insert(sampleEvent("s1", 2), 2000);
  Incident incident = this->sampleIncident("192.0.2.7", 5000);
  ASSERT_TRUE(this->store_->saveIncident(incident, std::vector<int64_t>{e1}).ok());
  const std::vector<enrich::NetworkRecord> records = networks(5, "");
  ASSERT_TRUE(this->store_->replaceNetworks({"ripe", "r.db", 7, 0}, records).ok());
  auto events_before = this->store_->eventsWithoutIncident(0);
  ASSERT_TRUE(events_before.ok());
  const auto sensors_before = this->sensors();

  this->reopen();
  EXPECT_EQ(*this->store_->eventsWithoutIncident(0), *events_before);
  EXPECT_EQ(this->sensors(), sensors_before);
  EXPECT_EQ(**this->store_->incident(incident.id), incident);
  EXPECT_EQ(this->store_->eventsOfIncident(incident.id, 0)->size(), 1u);
  EXPECT_EQ(*this->store_->networks(), records);
  EXPECT_EQ(this->store_->insertEvent(sampleEvent("s1", 2), "{}", 1).value(), Store::Outcome::kDuplicate);
}

TEST(OpenStoreTest, RefusesUnknownSchemesWithoutRepeatingTheRest) {
  auto opened = openStore("mysql://vigil:hunter2@db.example/vigil");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error(),
            "store: unsupported database 'mysql:...'; use sqlite:PATH, a file path, postgresql://... or "
            "postgres:CONNINFO");
  opened = openStore("");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().rfind("store: no database given; use sqlite:PATH", 0), 0u) << opened.error();
}

TEST(OpenStoreTest, APlainPathAndSqlitePrefixOpenTheSameFile) {
  test::TempDir dir;
  const std::string path = dir.file("plain.db");
  {
    auto opened = openStore(path);
    ASSERT_TRUE(opened.ok()) << opened.error();
    ASSERT_TRUE((*opened)->insertEvent(sampleEvent("s1", 1), "{}", 1).ok());
  }
  auto again = openStore("sqlite:" + path);
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ((*again)->sensors()->size(), 1u);
}

TEST(OpenStoreTest, PostgresConnectionErrorsDoNotLeakTheConninfo) {
  for (const std::string url : {"postgres:host=/nonexistent/dir port=1 password=hunter2",
                                "postgresql://vigil:hunter2@/vigil?host=/nonexistent/dir&port=1"}) {
    auto opened = openStore(url);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().rfind("postgresql: cannot connect: ", 0), 0u) << opened.error();
    EXPECT_EQ(opened.error().find("hunter2"), std::string::npos) << opened.error();
    EXPECT_EQ(opened.error().find('\n'), std::string::npos) << opened.error();
  }
}

}  // namespace
}  // namespace vigil::store
