// FindingTracker: turns per-tick findings into events — one when a finding starts, updates per cooldown, none after it ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "detect/finding.h"
#include "rules/rule.h"

namespace vigil::detect {

/// Follows each finding (rule, role, source, destination, port) across ticks:
///  - it starts when first observed; its first event goes out once it has held for the rule's
///    min_duration (so a one-tick blip with min_duration > 0 never reports);
///  - while it keeps being observed, at most one update per cooldown;
///  - a tick in which it is not observed ends it: nothing more is emitted, and a later observation is a
///    new finding with a new first event.
/// Bounded: at most `capacity` findings are followed; new ones beyond that are counted in dropped()
/// (and the events they would have given are lost, visibly). The aggregator thread owns it; memory
/// grows with the number of concurrent findings only (not per packet).
class FindingTracker {
 public:
  enum class Action { kNone, kStart, kUpdate };

  explicit FindingTracker(std::size_t capacity = 100000) : capacity_(capacity) {}

  /// Records that `key` holds in tick `tick` (packet time `now_ns`); `first_ns` is the first packet
  /// of the traffic behind it. Returns what to emit now; `since_ns` receives when the finding started.
  Action observe(const FindingKey& key, const rules::Rule& rule, uint64_t first_ns, uint64_t now_ns, uint64_t tick,
                 uint64_t& since_ns);
  /// Ends every finding not observed in `tick`.
  void endTick(uint64_t tick);
  /// Forgets everything (a reload with rules whose indices changed).
  void clear() { active_.clear(); }

  std::size_t active() const noexcept { return active_.size(); }
  uint64_t dropped() const noexcept { return dropped_; }

 private:
  struct State {
    uint64_t first_ns = 0;      // first packet of the finding
    uint64_t since_ns = 0;      // tick time it was first observed
    uint64_t last_emit_ns = 0;  // 0 = nothing emitted yet
    uint64_t tick = 0;          // last tick observed
  };
  struct KeyHash {
    std::size_t operator()(const FindingKey& k) const noexcept;
  };

  std::unordered_map<FindingKey, State, KeyHash> active_;
  std::size_t capacity_;
  uint64_t dropped_ = 0;
};

}  // namespace vigil::detect
