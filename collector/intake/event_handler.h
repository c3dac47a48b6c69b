// EventHandler: what the intake hands each batch of validated events to (the store); it must have committed on return.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "event/event.h"

namespace vigil::intake {

enum class StoreOutcome { kStored, kDuplicate };

/// One validated event; both pointees belong to the intake and live until store() returns.
struct ValidEvent {
  const event::Event* event;
  std::string_view raw_json;
};

/// Called on the intake thread only, with every event that arrived together (at most the intake's
/// batch size). The intake acks each event when this returns its outcomes (one per event, in order),
/// so an implementation returns only after all of them are durable: one transaction for the batch is
/// what makes durable ingest fast. On an error nothing may have been stored; the intake then retries
/// the events one by one, so a single unstorable event does not hold back the others.
class EventHandler {
 public:
  virtual ~EventHandler() = default;
  virtual common::Result<std::vector<StoreOutcome>> store(std::span<const ValidEvent> events) = 0;
};

}  // namespace vigil::intake
