// StoreEventHandler: the intake's EventHandler that commits each batch of events to the collector's store.
#pragma once

#include <chrono>
#include <memory>

#include "intake/event_handler.h"
#include "metrics/latency_histogram.h"
#include "store/store.h"

namespace vigil::service {

/// Owns the intake thread's own Store connection (one per thread, store.h); insertEvents commits the
/// whole batch in one transaction before it returns, so the intake acks only durable events.
class StoreEventHandler final : public intake::EventHandler {
 public:
  explicit StoreEventHandler(std::unique_ptr<store::Store> store) : store_(std::move(store)) {}

  common::Result<std::vector<intake::StoreOutcome>> store(std::span<const intake::ValidEvent> events) override {
    const int64_t now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    batch_.clear();
    for (const intake::ValidEvent& e : events)
      batch_.push_back({e.event, e.raw_json});
    const auto started = std::chrono::steady_clock::now();
    auto outcomes = store_->insertEvents(batch_, now_ms);
    commit_seconds_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (!outcomes.ok()) return common::fail(outcomes.error());
    std::vector<intake::StoreOutcome> result;
    result.reserve(outcomes->size());
    for (store::Store::Outcome o : *outcomes) {
      result.push_back(o == store::Store::Outcome::kStored ? intake::StoreOutcome::kStored
                                                           : intake::StoreOutcome::kDuplicate);
    }
    return result;
  }

  /// Time of each batch's transaction (insert + commit), for the metrics endpoint; any thread may read.
  const metrics::LatencyHistogram& commitSeconds() const noexcept { return commit_seconds_; }

 private:
  std::unique_ptr<store::Store> store_;
  std::vector<store::Store::EventInsert> batch_;  // reused between calls
  metrics::LatencyHistogram commit_seconds_;
};

}  // namespace vigil::service
