// StoreEventHandler: the intake's EventHandler that commits each event to the collector's store.
#pragma once

#include <chrono>
#include <memory>

#include "intake/event_handler.h"
#include "store/store.h"

namespace vigil::service {

/// Owns the intake thread's own Store connection (one per thread, store.h); insertEvent commits before it
/// returns, so the intake acks only durable events.
class StoreEventHandler final : public intake::EventHandler {
 public:
  explicit StoreEventHandler(std::unique_ptr<store::Store> store) : store_(std::move(store)) {}

  common::Result<intake::StoreOutcome> store(const event::Event& event, std::string_view raw_json) override {
    const int64_t now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    auto outcome = store_->insertEvent(event, raw_json, now_ms);
    if (!outcome.ok()) return common::fail(outcome.error());
    return *outcome == store::Store::Outcome::kStored ? intake::StoreOutcome::kStored
                                                      : intake::StoreOutcome::kDuplicate;
  }

 private:
  std::unique_ptr<store::Store> store_;
};

}  // namespace vigil::service
