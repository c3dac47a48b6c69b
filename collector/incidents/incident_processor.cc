// IncidentProcessor: batch folding through the store, and the quiet-incident resolver.
#include "incidents/incident_processor.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>
#include <vector>

namespace vigil::incidents {

IncidentProcessor::IncidentProcessor(store::Store& store, Attribute attribute, uint32_t resolve_after_s)
    : store_(store), attribute_(std::move(attribute)), resolve_after_ms_(int64_t(resolve_after_s) * 1000) {}

int64_t IncidentProcessor::eventClock(int64_t now_ms) const noexcept {
  if (!clock_known_) return now_ms;
  return newest_event_ms_ + std::max<int64_t>(0, now_ms - newest_received_ms_);
}

common::Result<std::size_t> IncidentProcessor::foldPending(std::size_t batch) {
  std::size_t total = 0;
  for (;;) {
    auto n = foldBatch(batch);
    if (!n.ok()) return n;
    total += *n;
    if (*n < batch) return total;
  }
}

common::Result<std::size_t> IncidentProcessor::foldBatch(std::size_t batch) {
  auto events = store_.eventsWithoutIncident(batch);
  if (!events.ok()) return common::fail(events.error());
  // One incident per (host, identifier) touched by the batch, loaded once and saved once.
  struct Open {
    store::Incident incident;
    std::vector<int64_t> event_ids;
    bool existed = false;
  };
  std::map<std::pair<std::string, std::string>, Open> open;
  for (const store::StoredEvent& stored : *events) {
    const event::Event& e = stored.event;
    const IncidentKey key = incidentKeyOf(e).value_or(IncidentKey{"", "source"});
    const net::IpAddress host = e.source_ip ? *e.source_ip : e.destination_ip.value_or(net::IpAddress{});
    const Attribution who = attribute_ ? attribute_(host, e.identifier) : Attribution{};
    auto [it, inserted] = open.try_emplace({key.host, e.identifier});
    Open& slot = it->second;
    if (inserted) {
      auto found = store_.findIncident(key.host, e.identifier);
      if (!found.ok()) return common::fail(found.error());
      if (found->has_value()) {
        slot.incident = std::move(**found);
        slot.existed = true;
      }
    }
    if (!slot.existed && slot.event_ids.empty()) {
      slot.incident = IncidentFolder::start(stored, who);
      ++stats_.opened;
    } else {
      if (slot.incident.status == store::IncidentStatus::kResolved) ++stats_.reopened;
      IncidentFolder::add(slot.incident, stored, who);
    }
    slot.event_ids.push_back(stored.id);
    const int64_t seen_ms = int64_t(std::max(e.time_observation_ns, e.time_source_ns) / 1'000'000);
    if (!clock_known_ || seen_ms >= newest_event_ms_) {
      newest_event_ms_ = seen_ms;
      newest_received_ms_ = stored.received_ms;
      clock_known_ = true;
    }
  }
  for (auto& [key, slot] : open) {
    if (common::Result<void> saved = store_.saveIncident(slot.incident, slot.event_ids); !saved.ok()) {
      return common::fail(saved.error());
    }
  }
  stats_.folded += events->size();
  return events->size();
}

common::Result<void> IncidentProcessor::startClock(int64_t now_ms) {
  constexpr std::array kOpen = {store::IncidentStatus::kNew, store::IncidentStatus::kNotified,
                                store::IncidentStatus::kPersisting, store::IncidentStatus::kReopened};
  auto active = store_.incidentsByStatus(kOpen, 0);
  if (!active.ok()) return common::fail(active.error());
  for (const store::Incident& i : *active)
    newest_event_ms_ = std::max(newest_event_ms_, i.last_seen_ms);
  newest_received_ms_ = now_ms;
  clock_known_ = !active->empty();
  return {};
}

common::Result<std::size_t> IncidentProcessor::resolveQuiet(int64_t now_ms) {
  if (!clock_known_) {
    if (common::Result<void> started = startClock(now_ms); !started.ok()) return common::fail(started.error());
    if (!clock_known_) return std::size_t{0};
  }
  const int64_t cutoff = eventClock(now_ms) - resolve_after_ms_;
  constexpr std::array kOpen = {store::IncidentStatus::kNew, store::IncidentStatus::kNotified,
                                store::IncidentStatus::kPersisting, store::IncidentStatus::kReopened};
  auto active = store_.incidentsByStatus(kOpen, 0);
  if (!active.ok()) return common::fail(active.error());
  std::size_t resolved = 0;
  for (store::Incident& incident : *active) {
    // Oldest last_seen first: the first one still inside the quiet period ends the pass.
    if (incident.last_seen_ms >= cutoff) break;
    incident.status = store::IncidentStatus::kResolved;
    if (common::Result<void> saved = store_.saveIncident(incident, {}); !saved.ok()) return common::fail(saved.error());
    ++resolved;
  }
  stats_.resolved += resolved;
  return resolved;
}

}  // namespace vigil::incidents
