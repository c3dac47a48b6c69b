// DetectionEngine: runs the rule set's detectors over the host window once per tick and emits events.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "detect/blocklist_detector.h"
#include "detect/detector_factory.h"
#include "detect/event_sink.h"
#include "detect/finding_tracker.h"
#include "flow/host_window.h"

namespace vigil::detect {

/// The aggregator's tick callback (DESIGN §1): for every host with traffic in the window it fills the
/// window sums once per distinct rule window and lets every detector of that window evaluate them,
/// then the FindingTracker decides what becomes an event (start, update per cooldown, end), and the
/// events go to the EventSink with gap-free sequence numbers. Packet time only, iteration in table
/// order: the same capture gives byte-identical events.
///
/// Threads: onTick()/finish() on the aggregator thread. install() on any thread: it hands a fully
/// built DetectorSet over through one atomic pointer, and the aggregator switches to it at the start
/// of its next tick (a reload never sees half a rule set). Findings of rules whose id is unchanged
/// carry on across a reload.
class DetectionEngine {
 public:
  struct Stats {
    uint64_t events = 0;
    uint64_t publish_failures = 0;
    uint64_t reloads = 0;
    uint64_t findings_dropped = 0;
  };

  /// `tick_ns` is the tick length (rates divide by the ticks a window covers).
  DetectionEngine(std::string sensor_id, uint64_t tick_ns, EventSink& sink, std::unique_ptr<DetectorSet> set);
  ~DetectionEngine();
  DetectionEngine(const DetectionEngine&) = delete;
  DetectionEngine& operator=(const DetectionEngine&) = delete;

  void onTick(const flow::HostWindow& window, uint64_t tick, uint64_t end_ns);
  /// End of input or shutdown: flushes the sink.
  void finish();
  /// Hands over a new set (any thread); takes effect at the next tick.
  void install(std::unique_ptr<DetectorSet> set);
  /// The next event gets sequence number `seq` (> 0). A sensor that spools its events continues the
  /// numbering of its previous run, so (sensor, seq) stays unique at the collector. Before the first tick.
  void setNextSeq(uint64_t seq) noexcept { seq_ = seq == 0 ? 0 : seq - 1; }
  /// Visits every host of the window every tick, not only those that changed (see onTick): for tests
  /// that check the two give the same events.
  void visitEveryHostEveryTick(bool on) noexcept { visit_all_ = on; }

  /// The sliding window the rules need, in ticks: the longest rule window (at least 1 tick).
  static uint32_t windowTicksFor(const rules::RuleSet& rules, uint64_t tick_ns);

  /// Aggregator thread, or after it finished.
  const Stats& stats() const noexcept { return stats_; }
  /// Events emitted per classification.identifier, and publish failures: any thread (metrics scrape).
  std::map<std::string, uint64_t> eventsByIdentifier() const;
  uint64_t publishFailures() const noexcept { return publish_failures_.load(std::memory_order_relaxed); }

  /// Set by the aggregator thread when a publish failed; read by main for the error line.
  std::string lastError() const { return last_error_; }

 private:
  void adoptPending();
  void regroup(const flow::HostWindow& window);
  /// Works out the packet bounds of the detectors and views for the window's spans this tick: a rate
  /// over a longer span needs more packets.
  void updateBounds(const flow::HostWindow& window);
  void emit(const Detector& detector, const HostSample& host, const Finding& finding, uint64_t since_ns,
            FindingTracker::Action action);
  bool reportable(const Finding& finding) const noexcept;

  const std::string sensor_id_;
  const uint64_t tick_ns_;
  EventSink& sink_;
  std::unique_ptr<DetectorSet> set_;
  std::atomic<DetectorSet*> pending_{nullptr};
  bool grouped_ = false;
  std::vector<uint32_t> view_slots_;                  // distinct window lengths, in slots (0 = whole window)
  std::vector<uint32_t> view_min_packets_;            // per view: fewest packets any of its detectors needs
  std::vector<const BlocklistDetector*> blocklists_;  // visited for listed hosts whatever their volume
  std::vector<uint8_t> view_has_blocklist_;
  std::vector<uint32_t> min_packets_;              // per detector: fewest packets it can fire on now
  std::vector<uint8_t> is_blocklist_;              // per detector
  std::vector<std::vector<std::size_t>> by_view_;  // detector indices per view
  std::vector<uint32_t> rule_keys_;                // per detector: hash of its rule id (FindingKey::rule)
  bool visit_all_ = false;
  uint64_t walked_slot_ = UINT64_MAX;  // the window's newest slot at the last walk
  FindingTracker tracker_;
  uint64_t seq_ = 0;
  Stats stats_;
  mutable std::mutex counts_mutex_;  // events are rare (per finding, not per packet): a lock is fine here
  std::map<std::string, uint64_t> events_by_identifier_;
  std::atomic<uint64_t> publish_failures_{0};
  std::string last_error_;
};

}  // namespace vigil::detect
