// DetectionEngine: per-tick host visits grouped by rule window, finding tracking, event assembly.
#include "detect/detection_engine.h"

#include <algorithm>
#include <cmath>

#include "flow/flow_hash.h"

namespace vigil::detect {
namespace {

uint32_t idHash(const std::string& id) {
  uint64_t h = 0;
  for (unsigned char c : id)
    h = flow::mix64(h ^ c);
  return uint32_t(h);
}

}  // namespace

DetectionEngine::DetectionEngine(std::string sensor_id, uint64_t tick_ns, EventSink& sink,
                                 std::unique_ptr<DetectorSet> set)
    : sensor_id_(std::move(sensor_id)), tick_ns_(tick_ns), sink_(sink), set_(std::move(set)) {}

DetectionEngine::~DetectionEngine() {
  delete pending_.exchange(nullptr);
}

uint32_t DetectionEngine::windowTicksFor(const rules::RuleSet& rules, uint64_t tick_ns) {
  uint64_t longest_s = 60;  // blocklist findings use a minute when no c2-contact rule sets one
  bool any_rule = false;
  for (const rules::Rule& r : rules.rules()) {
    if (!r.enabled) continue;
    longest_s = any_rule ? std::max<uint64_t>(longest_s, r.window_s) : r.window_s;
    any_rule = true;
  }
  if (!rules.blocklists().empty()) longest_s = std::max<uint64_t>(longest_s, 60);
  const uint64_t ticks = (longest_s * 1'000'000'000 + tick_ns - 1) / tick_ns;
  return uint32_t(std::clamp<uint64_t>(ticks, 1, flow::kMaxWindowTicks));
}

void DetectionEngine::install(std::unique_ptr<DetectorSet> set) {
  delete pending_.exchange(set.release(), std::memory_order_acq_rel);
}

void DetectionEngine::adoptPending() {
  DetectorSet* next = pending_.exchange(nullptr, std::memory_order_acq_rel);
  if (next == nullptr) return;
  set_.reset(next);
  grouped_ = false;
  ++stats_.reloads;
}

void DetectionEngine::regroup(const flow::HostWindow& window) {
  view_slots_.clear();
  view_min_packets_.clear();
  view_has_blocklist_.clear();
  blocklists_.clear();
  by_view_.clear();
  rule_keys_.clear();
  const flow::WindowGeometry& g = window.geometry();
  const uint64_t slot_ns = uint64_t(g.slot_ticks) * tick_ns_;
  for (std::size_t i = 0; i < set_->detectors.size(); ++i) {
    const rules::Rule& rule = set_->detectors[i]->rule();
    rule_keys_.push_back(idHash(rule.id));
    uint64_t slots = (uint64_t(rule.window_s) * 1'000'000'000 + slot_ns - 1) / slot_ns;
    const uint32_t view = slots >= g.slots ? 0 : uint32_t(std::max<uint64_t>(slots, 1));
    auto it = std::find(view_slots_.begin(), view_slots_.end(), view);
    if (it == view_slots_.end()) {
      view_slots_.push_back(view);
      by_view_.emplace_back();
      it = view_slots_.end() - 1;
    }
    by_view_[std::size_t(it - view_slots_.begin())].push_back(i);
  }
  is_blocklist_.assign(set_->detectors.size(), 0);
  for (const auto& detectors : by_view_) {
    bool blocklist = false;
    for (std::size_t i : detectors) {
      if (const auto* b = dynamic_cast<const BlocklistDetector*>(set_->detectors[i].get())) {
        blocklists_.push_back(b);
        is_blocklist_[i] = 1;
        blocklist = true;
      }
    }
    view_has_blocklist_.push_back(blocklist);
  }
  view_min_packets_.assign(by_view_.size(), 0);
  min_packets_.assign(set_->detectors.size(), 0);
  grouped_ = true;
}

void DetectionEngine::updateBounds(const flow::HostWindow& window) {
  const double tick_s = double(tick_ns_) / 1e9;
  for (std::size_t k = 0; k < by_view_.size(); ++k) {
    // The same seconds a sample of this view divides by (onTick), so a bound is exact for its rates.
    const double seconds = std::max(1.0, double(window.spanTicks(view_slots_[k]))) * tick_s;
    double least = 1e18;
    for (std::size_t d : by_view_[k]) {
      // Blocklist detectors visit listed hosts of any volume (the keep test below): never bounded.
      if (is_blocklist_[d]) continue;
      const double bound = std::clamp(std::floor(set_->detectors[d]->minPackets(seconds)), 0.0, 4e9);
      min_packets_[d] = uint32_t(bound);
      least = std::min(least, bound);
    }
    view_min_packets_[k] = uint32_t(std::min(least, 4e9));
  }
}

bool DetectionEngine::reportable(const Finding& f) const noexcept {
  const rules::RuleSet& rules = *set_->rules;
  if (f.source && rules.allowlist().contains(*f.source)) return false;
  if (f.destination && rules.allowlist().contains(*f.destination)) return false;
  if (set_->home == nullptr) return true;
  return (f.source && set_->home->contains(*f.source)) || (f.destination && set_->home->contains(*f.destination));
}

void DetectionEngine::onTick(const flow::HostWindow& window, uint64_t tick, uint64_t end_ns) {
  adoptPending();
  if (!set_) return;
  // Between slot changes, a host nothing was merged into keeps its sums while its spans grow: its rates
  // can only fall, its counts and shares stay, so no rule can newly fire on it (no rule fires on falling
  // traffic). Only the hosts merged into are visited then, and those with findings, which must be seen
  // again to carry on. A slot change (sums lose a slot) and new rules visit every host.
  const uint64_t newest_slot = window.geometry().slotOf(window.newestTick());
  bool everyone = visit_all_ || newest_slot != walked_slot_;
  walked_slot_ = newest_slot;
  if (!grouped_) {
    regroup(window);
    everyone = true;
  }
  updateBounds(window);
  Finding findings[Detector::kMaxFindings];
  const double tick_s = double(tick_ns_) / 1e9;
  const auto keep = [this](const net::IpAddress& ip, uint32_t packets, std::size_t view) {
    if (packets >= view_min_packets_[view]) return true;
    if (!view_has_blocklist_[view]) return false;
    for (const BlocklistDetector* b : blocklists_)
      if (b->isListed(ip)) return true;
    return false;
  };
  const flow::HostWindow::Visit which = everyone ? flow::HostWindow::Visit::kAll : flow::HostWindow::Visit::kChanged;
  window.forEachView(view_slots_.data(), view_slots_.size(), which, keep,
                     [&](const net::IpAddress& ip, const flow::HostWindow::Totals& totals, std::size_t view) {
                       const bool listed_home = set_->home != nullptr && set_->home->contains(ip);
                       HostSample sample{ip, totals};
                       sample.seconds = std::max(1.0, double(totals.span_ticks)) * tick_s;
                       sample.home = set_->home == nullptr || listed_home;
                       sample.listed_home = listed_home;
                       sample.now_ns = end_ns;
                       bool watch = false;  // a finding holds: visit the host next tick whatever happens
                       for (std::size_t d : by_view_[view]) {
                         // The view's bound is its least demanding detector's; most hosts that pass it
                         // are too quiet for the others (a rate over the whole window needs the most).
                         if (totals.packets_bound < min_packets_[d]) continue;
                         const Detector& detector = *set_->detectors[d];
                         const std::size_t n = detector.evaluate(sample, findings);
                         watch = watch || n != 0;
                         for (std::size_t i = 0; i < n; ++i) {
                           const Finding& f = findings[i];
                           if (!reportable(f)) continue;
                           FindingKey key;
                           key.rule = rule_keys_[d];
                           key.role = f.role;
                           if (f.source) key.source = *f.source;
                           if (f.destination) key.destination = *f.destination;
                           if (f.subject) key.subject = *f.subject;
                           key.port = f.port ? uint32_t(*f.port) + 1 : 0;
                           uint64_t since = 0;
                           const FindingTracker::Action action =
                               tracker_.observe(key, detector.rule(), totals.first_seen_ns, end_ns, tick, since);
                           if (action != FindingTracker::Action::kNone) emit(detector, sample, f, since, action);
                         }
                       }
                       return watch;
                     });
  tracker_.endTick(tick);
  stats_.findings_dropped = tracker_.dropped();
  if (common::Result<void> r = sink_.flush(); !r) {
    ++stats_.publish_failures;
    last_error_ = r.error();
  }
}

void DetectionEngine::emit(const Detector& detector, const HostSample& host, const Finding& f, uint64_t since_ns,
                           FindingTracker::Action action) {
  const rules::Rule& rule = detector.rule();
  event::Event e;
  e.sensor = sensor_id_;
  e.seq = ++seq_;
  e.time_source_ns = since_ns;
  e.time_observation_ns = host.now_ns;
  const rules::Classification& c = detector.classification(f);
  e.taxonomy = c.taxonomy;
  e.type = c.type;
  e.identifier = detector.identifier(f);
  e.source_ip = f.source;
  e.destination_ip = f.destination;
  e.destination_port = f.port;
  e.transport = std::string(f.transport);
  e.rule_id = rule.id;
  e.tlp = std::string(rules::tlpName(rule.tlp));
  e.severity = std::string(rules::severityName(rule.severity));
  e.status = action == FindingTracker::Action::kStart ? "started" : "update";
  e.extra = nlohmann::ordered_json::object();
  detector.describe(host, f, e.extra);
  ++stats_.events;
  {
    std::lock_guard<std::mutex> lock(counts_mutex_);
    ++events_by_identifier_[e.identifier];
  }
  if (common::Result<void> r = sink_.publish(e); !r) {
    ++stats_.publish_failures;
    publish_failures_.fetch_add(1, std::memory_order_relaxed);
    last_error_ = r.error();
  }
}

std::map<std::string, uint64_t> DetectionEngine::eventsByIdentifier() const {
  std::lock_guard<std::mutex> lock(counts_mutex_);
  return events_by_identifier_;
}

void DetectionEngine::finish() {
  if (common::Result<void> r = sink_.flush(); !r) {
    ++stats_.publish_failures;
    last_error_ = r.error();
  }
}

}  // namespace vigil::detect
