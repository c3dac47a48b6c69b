// TeeSink: hands every event to several sinks (a local JSON-lines copy and the collector publisher).
#pragma once

#include <vector>

#include "detect/event_sink.h"

namespace vigil::detect {

/// Borrows its sinks (the caller owns them and keeps them alive). Every sink gets every event, even
/// after another failed; the first failure is what publish() reports.
class TeeSink final : public EventSink {
 public:
  explicit TeeSink(std::vector<EventSink*> sinks) : sinks_(std::move(sinks)) {}

  common::Result<void> publish(const event::Event& event) override {
    common::Result<void> first;
    for (EventSink* sink : sinks_) {
      common::Result<void> r = sink->publish(event);
      if (!r.ok() && first.ok()) first = std::move(r);
    }
    return first;
  }
  common::Result<void> flush() override {
    common::Result<void> first;
    for (EventSink* sink : sinks_) {
      common::Result<void> r = sink->flush();
      if (!r.ok() && first.ok()) first = std::move(r);
    }
    return first;
  }

 private:
  std::vector<EventSink*> sinks_;
};

}  // namespace vigil::detect
