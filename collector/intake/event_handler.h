// EventHandler: what the intake hands each validated event to (the store); it must have committed on return.
#pragma once

#include <string_view>

#include "common/result.h"
#include "event/event.h"

namespace vigil::intake {

enum class StoreOutcome { kStored, kDuplicate };

/// Called on the intake thread only. The intake acks the sensor when this returns a value, and sends
/// nothing when it returns an error (the sensor resends after its ack timeout), so an implementation
/// returns only after the event is durable.
class EventHandler {
 public:
  virtual ~EventHandler() = default;
  virtual common::Result<StoreOutcome> store(const event::Event& event, std::string_view raw_json) = 0;
};

}  // namespace vigil::intake
