// Tests for the scheduler on a real SQLite store: digests per address, intervals, X-ARF split, holds, TLP, tickets.
#include "notify/notification_scheduler.h"

#include "notify_test_support.h"

namespace vigil::notify {
namespace {

class NotificationSchedulerTest : public test::NotifyTest {
 protected:
  // One mail item per digest whose payload lists the hosts; holds digests for `hold_for`.
  static SchedulerOptions immediate() {
    SchedulerOptions o;
    o.settle_s = 0;
    return o;
  }
  NotificationScheduler scheduler(SchedulerOptions options = immediate()) {
    return NotificationScheduler(
        *store_, [this] { return resolver_; },
        [this](const Digest& d) -> common::Result<Packed> {
          digests_.push_back(d);
          Packed packed;
          if (d.contact.email == hold_for_) {
            packed.held_reason = "encryption required, no usable key";
            return packed;
          }
          store::OutboxItem item;
          item.channel = "smtp";
          item.recipient = d.contact.email;
          for (const DigestItem& i : d.items)
            item.payload += i.incident.host + " ";
          packed.items.push_back(item);
          return packed;
        },
        options);
  }

  std::vector<Digest> digests_;
  std::string hold_for_;
};

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kNow = 1795305600000;  // 2026-11-22T00:00:00Z

TEST_F(NotificationSchedulerTest, OneDigestPerAddressWithTicketOutboxAndNotifiedIncidents) {
  const store::Incident a1 = incident("192.0.2.1", "TLP:AMBER", "medium", 1000);
  const store::Incident a2 = incident("192.0.2.2", "TLP:GREEN", "low", 2000);
  const store::Incident nobody = incident("203.0.113.9");  // fallback: the CERT's own desk
  NotificationScheduler s = scheduler();
  ASSERT_EQ(s.runOnce(kNow).value(), 2u);
  ASSERT_EQ(digests_.size(), 2u);
  const Digest& a = digests_[0].contact.email == "abuse@a.test" ? digests_[0] : digests_[1];
  EXPECT_EQ(a.organisation, "ISP A");
  EXPECT_EQ(a.ticket, "20261122-00000001");
  EXPECT_EQ(a.tlp, "TLP:AMBER");  // the most restrictive of the items
  ASSERT_EQ(a.items.size(), 2u);
  EXPECT_EQ(a.items[0].incident.host, "192.0.2.2");  // latest first
  EXPECT_FALSE(a.reminder);

  const store::Incident told = reload(a1);
  EXPECT_EQ(told.status, store::IncidentStatus::kNotified);
  EXPECT_EQ(told.ticket, a.ticket);
  EXPECT_EQ(reload(nobody).status, store::IncidentStatus::kNotified);
  auto outbox = store_->outboxOfTicket(a.ticket).value();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].payload, "192.0.2.2 192.0.2.1 ");
  EXPECT_EQ(outbox[0].next_attempt_ms, kNow);
  EXPECT_EQ(s.stats().incidents_notified.load(), 3u);
  // Nothing is due any more.
  EXPECT_EQ(s.runOnce(kNow + 1).value(), 0u);
  EXPECT_EQ(reload(a2).status, store::IncidentStatus::kNotified);
}

TEST_F(NotificationSchedulerTest, AnAddressWaitsForItsIntervalUnlessSomethingIsHigh) {
  incident("192.0.2.1");
  NotificationScheduler s = scheduler();
  ASSERT_EQ(s.runOnce(kNow).value(), 1u);
  incident("192.0.2.5");  // new incident for the same address ten minutes later
  EXPECT_EQ(s.runOnce(kNow + kHour / 6).value(), 0u);
  incident("192.0.2.6", "TLP:AMBER", "high");
  EXPECT_EQ(s.runOnce(kNow + kHour / 3).value(), 1u);  // high goes at once, with what was waiting
  EXPECT_EQ(digests_.back().items.size(), 2u);
  incident("192.0.2.7");
  EXPECT_EQ(s.runOnce(kNow + kHour / 3 + kHour - 1).value(), 0u);
  EXPECT_EQ(s.runOnce(kNow + kHour / 3 + kHour).value(), 1u);  // the interval (1h) has passed
}

TEST_F(NotificationSchedulerTest, PersistingIncidentsAreRemindedAfterTheLongerInterval) {
  store::Incident i = incident("192.0.2.1");
  NotificationScheduler s = scheduler();
  ASSERT_EQ(s.runOnce(kNow).value(), 1u);
  i = reload(i);
  i.status = store::IncidentStatus::kPersisting;  // seen again after the notification
  ASSERT_TRUE(store_->saveIncident(i, {}).ok());
  EXPECT_EQ(s.runOnce(kNow + 2 * kHour).value(), 0u);
  EXPECT_EQ(s.runOnce(kNow + 24 * kHour).value(), 1u);
  EXPECT_TRUE(digests_.back().reminder);
  i = reload(i);
  i.status = store::IncidentStatus::kResolved;
  ASSERT_TRUE(store_->saveIncident(i, {}).ok());
  EXPECT_EQ(s.runOnce(kNow + 72 * kHour).value(), 0u);  // resolved ones are not told again
}

TEST_F(NotificationSchedulerTest, XarfContactsGetOneIncidentPerMail) {
  incident("198.51.100.1");
  incident("198.51.100.2");
  NotificationScheduler s = scheduler();
  EXPECT_EQ(s.runOnce(kNow).value(), 2u);
  ASSERT_EQ(digests_.size(), 2u);
  EXPECT_EQ(digests_[0].items.size(), 1u);
  EXPECT_NE(digests_[0].ticket, digests_[1].ticket);
}

TEST_F(NotificationSchedulerTest, RedStaysInhibitedIsSkippedAndHeldIsListedNotSent) {
  incident("192.0.2.1", "TLP:RED");
  store::Incident inhibited = incident("192.0.2.2");
  inhibited.inhibited = true;
  inhibited.inhibition = "research scanner";
  ASSERT_TRUE(store_->saveIncident(inhibited, {}).ok());
  store::Incident held = incident("198.51.100.1");
  hold_for_ = "abuse@x.test";
  NotificationScheduler s = scheduler();
  EXPECT_EQ(s.runOnce(kNow).value(), 1u);
  EXPECT_EQ(s.stats().kept_red.load(), 1u);
  EXPECT_EQ(s.stats().held.load(), 1u);
  EXPECT_EQ(s.stats().notifications.load(), 0u);
  store::NotificationFilter f;
  f.status = store::NotificationStatus::kHeld;
  auto listed = store_->notifications(f).value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].reason, "encryption required, no usable key");
  EXPECT_EQ(listed[0].incident_ids, std::vector<int64_t>{held.id});
  EXPECT_TRUE(store_->outboxOfTicket(listed[0].ticket).value().empty());
  EXPECT_EQ(reload(held).status, store::IncidentStatus::kNew);  // never told
  EXPECT_EQ(s.runOnce(kNow + kHour).value(), 0u);               // not held again at every pass
  EXPECT_EQ(s.runOnce(kNow + 24 * kHour).value(), 1u);          // but tried again later
}

TEST_F(NotificationSchedulerTest, PicksUpWhereItStoppedAfterARestart) {
  incident("192.0.2.1");
  ASSERT_EQ(scheduler().runOnce(kNow).value(), 1u);
  incident("192.0.2.2");
  // A new scheduler (a restarted collector) knows the address was told from the database.
  EXPECT_EQ(scheduler().runOnce(kNow + kHour / 2).value(), 0u);
  EXPECT_EQ(scheduler().runOnce(kNow + kHour).value(), 1u);
  EXPECT_EQ(digests_.back().ticket, "20261122-00000002");
}

TEST_F(NotificationSchedulerTest, FindingsArrivingTogetherSettleIntoOneDigest) {
  SchedulerOptions o;
  o.settle_s = 30;
  NotificationScheduler s = scheduler(o);
  incident("192.0.2.1");
  EXPECT_EQ(s.runOnce(kNow).value(), 0u);  // waits for the rest of the attack
  incident("192.0.2.2");
  EXPECT_EQ(s.runOnce(kNow + 10000).value(), 0u);
  EXPECT_EQ(s.runOnce(kNow + 30000).value(), 1u);  // 30 s after the first: both in one digest
  EXPECT_EQ(digests_.back().items.size(), 2u);
  incident("192.0.2.3", "TLP:AMBER", "high");
  incident("198.51.100.9", "TLP:AMBER", "high");
  // High goes at once: no settling, and past ISP A's interval (it was told a millisecond ago).
  EXPECT_EQ(s.runOnce(kNow + 30001).value(), 2u);
}

TEST(MoreRestrictiveTlpTest, OrdersTheFiveLabels) {
  EXPECT_EQ(moreRestrictiveTlp("TLP:CLEAR", "TLP:GREEN"), "TLP:GREEN");
  EXPECT_EQ(moreRestrictiveTlp("TLP:AMBER+STRICT", "TLP:AMBER"), "TLP:AMBER+STRICT");
  EXPECT_EQ(moreRestrictiveTlp("TLP:RED", "TLP:AMBER"), "TLP:RED");
}

}  // namespace
}  // namespace vigil::notify
