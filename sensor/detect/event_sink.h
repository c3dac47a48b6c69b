// EventSink: where the detection engine's events go (a JSON-lines file today, the spooling publisher next).
#pragma once

#include "common/result.h"
#include "event/event.h"

namespace vigil::detect {

/// Called on the aggregator thread, in event order (seq increasing). An implementation must not block
/// for long: the aggregator waits. A failed publish is counted by the engine and reported at the end.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual common::Result<void> publish(const event::Event& event) = 0;
  /// Pushes out anything buffered (end of input, shutdown).
  virtual common::Result<void> flush() = 0;
};

/// Discards events (no --events given: the run still counts them for --stats).
class NullSink final : public EventSink {
 public:
  common::Result<void> publish(const event::Event&) override { return {}; }
  common::Result<void> flush() override { return {}; }
};

}  // namespace vigil::detect
