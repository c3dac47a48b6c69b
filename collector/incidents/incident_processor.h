// IncidentProcessor: folds stored events into incidents and resolves quiet ones, on the store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "common/result.h"
#include "incidents/incident_folder.h"
#include "net/ip_address.h"
#include "store/store.h"

namespace vigil::incidents {

/// Runs on the collector's processing thread, with that thread's Store. Work is driven from the
/// database, not from memory: an event is acked to its sensor once stored, and folded here later, so a
/// crash between the two loses nothing (the event is still "without incident" at the next start).
///
/// Time: incidents carry the sensors' packet time (first/last seen). "Quiet for resolve_after" is
/// measured on that clock, extrapolated with the wall clock since the newest event arrived: live, that is
/// the wall clock; for a replayed capture from last year, incidents do not all resolve the moment they
/// are opened. After a restart the clock restarts from the newest last_seen of the open incidents.
class IncidentProcessor {
 public:
  /// Who is responsible for `host`, and whether findings of kind `identifier` there are inhibited now.
  using Attribute = std::function<Attribution(const net::IpAddress& host, const std::string& identifier)>;

  IncidentProcessor(store::Store& store, Attribute attribute, uint32_t resolve_after_s);

  /// Folds every event not yet attached to an incident, in batches of `batch`; returns how many.
  common::Result<std::size_t> foldPending(std::size_t batch = 1000);
  /// Resolves open incidents (new, notified, persisting, reopened) quiet for resolve_after at wall time
  /// `now_ms`; returns how many.
  common::Result<std::size_t> resolveQuiet(int64_t now_ms);

  /// Packet-time "now" as described above, for wall time `now_ms`.
  int64_t eventClock(int64_t now_ms) const noexcept;

  struct Stats {
    uint64_t folded = 0;
    uint64_t opened = 0;
    uint64_t reopened = 0;
    uint64_t resolved = 0;
  };
  const Stats& stats() const noexcept { return stats_; }

 private:
  common::Result<std::size_t> foldBatch(std::size_t batch);
  common::Result<void> startClock(int64_t now_ms);

  store::Store& store_;
  Attribute attribute_;
  const int64_t resolve_after_ms_;
  bool clock_known_ = false;
  int64_t newest_event_ms_ = 0;     // newest last_seen folded (packet time)
  int64_t newest_received_ms_ = 0;  // wall time it arrived
  Stats stats_;
};

}  // namespace vigil::incidents
