// OutboxWorker: delivers due outbox items through their channel's Notifier, with backoff, and handles failures.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "common/result.h"
#include "notify/notifier.h"
#include "store/store.h"

namespace vigil::notify {

struct OutboxOptions {
  std::chrono::seconds first_retry{30};  // backoff after the first failure; doubles per attempt
  std::chrono::seconds max_retry{3600};  // ceiling of the backoff
  uint32_t max_attempts = 48;            // transient failures before an item is given up (about two days)
  uint32_t disable_after = 3;            // consecutive permanent failures that disable an address
};

/// Runs on its own thread with its own Store, so a slow mail server never holds up intake or folding.
/// deliverDue() takes the items due now, oldest first, and for each:
///  - delivered: marked delivered; an address's permanent-failure count starts again from 0;
///  - retry: attempts + 1, next attempt after first_retry * 2^(attempts-1) (capped at max_retry, +-20%
///    jitter so a recovering server is not hit by every item at once); failed after max_attempts;
///  - permanent: failed at once. For mail, the address counts one more permanent failure; at
///    disable_after it is disabled. Either way the notification's incidents are made due again (status
///    back to new, notified_ms cleared), so the scheduler sends them on, to the next contact
///    once the address is disabled (RecipientPolicy). Nothing is dropped silently.
/// A channel without a Notifier (not configured any more) is a transient failure: configuring it again
/// delivers the backlog.
class OutboxWorker {
 public:
  OutboxWorker(store::Store& store, OutboxOptions options);

  /// Registers a channel; the worker owns it. Call before the first deliverDue.
  void addNotifier(std::unique_ptr<Notifier> notifier);

  /// One pass at wall time now_ms; returns the number of items attempted.
  common::Result<std::size_t> deliverDue(int64_t now_ms, std::size_t limit = 100);

  /// Written by the outbox thread, read by anyone (metrics scrape).
  struct Stats {
    std::atomic<uint64_t> delivered{0};
    std::atomic<uint64_t> retried{0};
    std::atomic<uint64_t> failed{0};  // given up: permanent, or out of attempts
    std::atomic<uint64_t> addresses_disabled{0};
  };
  const Stats& stats() const noexcept { return stats_; }
  /// The last failure, one line, for the log.
  const std::string& lastProblem() const noexcept { return last_problem_; }

 private:
  int64_t backoffMs(uint32_t attempts);
  common::Result<void> onPermanent(const store::OutboxItem& item);

  store::Store& store_;
  const OutboxOptions options_;
  std::map<std::string, std::unique_ptr<Notifier>, std::less<>> notifiers_;
  std::minstd_rand jitter_;
  Stats stats_;
  std::string last_problem_;
};

}  // namespace vigil::notify
