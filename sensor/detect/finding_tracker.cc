// FindingTracker: start/update/end state per finding, min_duration and cooldown in packet time.
#include "detect/finding_tracker.h"

#include "flow/flow_hash.h"

namespace vigil::detect {

std::size_t FindingTracker::KeyHash::operator()(const FindingKey& k) const noexcept {
  return std::size_t(flow::hashFlow(flow::hashAddress(k.source), flow::hashAddress(k.destination) ^ flow::hashAddress(k.subject),
                                    uint64_t(k.rule) << 24 | uint64_t(k.role) << 17 | k.port));
}

FindingTracker::Action FindingTracker::observe(const FindingKey& key, const rules::Rule& rule, uint64_t first_ns,
                                               uint64_t now_ns, uint64_t tick, uint64_t& since_ns) {
  auto it = active_.find(key);
  if (it == active_.end()) {
    if (active_.size() >= capacity_) {
      ++dropped_;
      return Action::kNone;
    }
    it = active_.emplace(key, State{first_ns, now_ns, 0, tick}).first;
  }
  State& s = it->second;
  s.tick = tick;
  if (first_ns != 0 && (s.first_ns == 0 || first_ns < s.first_ns)) s.first_ns = first_ns;
  since_ns = s.first_ns != 0 ? s.first_ns : s.since_ns;
  constexpr uint64_t kSecond = 1'000'000'000;
  if (s.last_emit_ns == 0) {
    if (now_ns - s.since_ns < uint64_t(rule.min_duration_s) * kSecond) return Action::kNone;
    s.last_emit_ns = now_ns;
    return Action::kStart;
  }
  if (now_ns - s.last_emit_ns < uint64_t(rule.cooldown_s) * kSecond) return Action::kNone;
  s.last_emit_ns = now_ns;
  return Action::kUpdate;
}

void FindingTracker::endTick(uint64_t tick) {
  std::erase_if(active_, [tick](const auto& entry) { return entry.second.tick != tick; });
}

}  // namespace vigil::detect
