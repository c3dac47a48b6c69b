// Tests for the outbox worker on a real SQLite store: delivery, backoff, give-up, disabling an address, re-routing.
#include "notify/outbox_worker.h"

#include <deque>

#include "notify/notification_scheduler.h"
#include "notify_test_support.h"

namespace vigil::notify {
namespace {

/// A channel whose answers the test scripts (the real channels have their own tests against real servers);
/// records what it was asked to deliver.
class ScriptedChannel final : public Notifier {
 public:
  explicit ScriptedChannel(std::string name) : name_(std::move(name)) {}
  std::string_view channel() const noexcept override { return name_; }
  DeliveryResult deliver(const Delivery& d) override {
    seen.push_back(d);
    if (answers.empty()) return {};
    DeliveryResult r = answers.front();
    answers.pop_front();
    return r;
  }
  std::deque<DeliveryResult> answers;
  std::vector<Delivery> seen;

 private:
  std::string name_;
};

constexpr int64_t kNow = 1795305600000;

SchedulerOptions immediate() {
  SchedulerOptions o;
  o.settle_s = 0;
  return o;
}

class OutboxWorkerTest : public test::NotifyTest {
 protected:
  void SetUp() override {
    test::NotifyTest::SetUp();
    auto channel = std::make_unique<ScriptedChannel>("smtp");
    smtp_ = channel.get();
    worker_ = std::make_unique<OutboxWorker>(*store_,
                                             OutboxOptions{std::chrono::seconds(30), std::chrono::seconds(3600), 4, 2});
    worker_->addNotifier(std::move(channel));
  }
  // Notifies whatever is due, one smtp item per digest.
  std::size_t schedule(int64_t now_ms) {
    NotificationScheduler s(
        *store_, [this] { return resolver_; },
        [](const Digest& d) -> common::Result<Packed> {
          Packed p;
          store::OutboxItem item;
          item.channel = "smtp";
          item.recipient = d.contact.email;
          item.payload = "mail " + d.ticket;
          p.items.push_back(item);
          return p;
        },
        immediate());
    return s.runOnce(now_ms).value();
  }

  ScriptedChannel* smtp_ = nullptr;
  std::unique_ptr<OutboxWorker> worker_;
};

TEST_F(OutboxWorkerTest, DeliversDueItemsOnce) {
  incident("192.0.2.1");
  ASSERT_EQ(schedule(kNow), 1u);
  EXPECT_EQ(worker_->deliverDue(kNow).value(), 1u);
  ASSERT_EQ(smtp_->seen.size(), 1u);
  EXPECT_EQ(smtp_->seen[0].recipient, "abuse@a.test");
  EXPECT_EQ(smtp_->seen[0].payload, "mail " + smtp_->seen[0].ticket);
  EXPECT_EQ(worker_->deliverDue(kNow + 1).value(), 0u);
  EXPECT_EQ(store_->outboxSummary().value().delivered, 1u);
}

TEST_F(OutboxWorkerTest, TransientFailuresBackOffAndGiveUpAfterMaxAttempts) {
  incident("192.0.2.1");
  ASSERT_EQ(schedule(kNow), 1u);
  for (int i = 0; i < 4; ++i)
    smtp_->answers.push_back({DeliveryStatus::kRetry, "451 try later"});
  EXPECT_EQ(worker_->deliverDue(kNow).value(), 1u);
  auto pending = store_->dueOutbox(kNow + 3600 * 1000, 0).value();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].attempts, 1u);
  EXPECT_EQ(pending[0].last_error, "451 try later");
  EXPECT_GE(pending[0].next_attempt_ms, kNow + 24000);  // 30 s -20%
  EXPECT_LE(pending[0].next_attempt_ms, kNow + 36000);
  EXPECT_EQ(worker_->deliverDue(kNow + 1000).value(), 0u);  // not due yet
  int64_t t = kNow;
  for (int attempt = 2; attempt <= 4; ++attempt) {
    t += 3600 * 1000;
    EXPECT_EQ(worker_->deliverDue(t).value(), 1u);
  }
  const store::OutboxSummary summary = store_->outboxSummary().value();
  EXPECT_EQ(summary.failed, 1u);  // 4 attempts: given up, counted, kept in the database
  EXPECT_EQ(summary.pending, 0u);
  EXPECT_EQ(worker_->stats().failed.load(), 1u);
}

TEST_F(OutboxWorkerTest, PermanentFailuresDisableTheAddressAndTheNextContactIsTold) {
  store::Incident i = incident("192.0.2.1");
  int64_t t = kNow;
  // Two 550s (disable_after = 2): each makes the incident due again for the same address.
  for (int round = 0; round < 2; ++round) {
    ASSERT_EQ(schedule(t), 1u) << round;
    smtp_->answers.push_back({DeliveryStatus::kPermanent, "550 no such user"});
    ASSERT_EQ(worker_->deliverDue(t).value(), 1u);
    EXPECT_EQ(reload(i).status, store::IncidentStatus::kNew);
    t += 2 * 3600 * 1000;  // past the contact's interval
  }
  EXPECT_EQ(store_->contactStates().value().front(),
            (store::ContactState{"abuse@a.test", kNow + 2 * 3600 * 1000, 2, true}));
  EXPECT_EQ(worker_->stats().addresses_disabled.load(), 1u);
  ASSERT_EQ(schedule(t), 1u);
  ASSERT_EQ(worker_->deliverDue(t).value(), 1u);
  EXPECT_EQ(smtp_->seen.back().recipient, "noc@a.test");
  EXPECT_EQ(reload(i).status, store::IncidentStatus::kNotified);
}

TEST_F(OutboxWorkerTest, AnUnconfiguredChannelKeepsItsItemsForLater) {
  incident("192.0.2.1");
  NotificationScheduler s(
      *store_, [this] { return resolver_; },
      [](const Digest&) -> common::Result<Packed> {
        Packed p;
        p.items.push_back({});
        p.items.back().channel = "webhook";
        p.items.back().payload = "{}";
        return p;
      },
      immediate());
  ASSERT_EQ(s.runOnce(kNow).value(), 1u);
  EXPECT_EQ(worker_->deliverDue(kNow).value(), 1u);
  EXPECT_EQ(store_->outboxSummary().value().pending, 1u);
  EXPECT_EQ(worker_->lastProblem().find("channel 'webhook' is not configured") != std::string::npos, true);
}

}  // namespace
}  // namespace vigil::notify
