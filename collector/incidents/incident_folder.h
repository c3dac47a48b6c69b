// IncidentFolder: how one event changes the incident about its host and kind (pure rules, no I/O).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/records.h"

namespace vigil::incidents {

/// Who is responsible for a host, as enrichment decided when the incident was opened or updated.
struct Attribution {
  std::string organisation;
  std::string contact;                    // the abuse address notifications go to
  std::optional<std::string> inhibition;  // set: store the incident, never notify (why)
};

/// The (host, role) an event is about: its source when it has one, else its destination (a victim of a
/// spoofed flood or of amplification). nullopt for an event with neither (the collector rejects those).
struct IncidentKey {
  std::string host;
  std::string role;  // "source" | "destination"
};
std::optional<IncidentKey> incidentKeyOf(const event::Event& event);

/// Folding rules, shared by the processor and its tests:
///  - a new key starts an incident (status new) with the event's classification and times;
///  - a later event adds to it: last_seen and first_seen widen, event_count grows, peaks keep the highest
///    extra.pps / extra.bps, severity keeps the highest, TLP the most restrictive, the sensor joins the set;
///  - an event about a resolved incident reopens it (status reopened); a notified one becomes persisting;
///  - attribution (organisation, contact, inhibition) is refreshed on every event, so a constituency
///    reload applies to incidents still open.
class IncidentFolder {
 public:
  /// A fresh incident (id 0) from its first event.
  static store::Incident start(const store::StoredEvent& event, const Attribution& who);
  /// Adds `event` to `incident` (same key) following the rules above.
  static void add(store::Incident& incident, const store::StoredEvent& event, const Attribution& who);

  /// 0 low, 1 medium, 2 high; unknown text counts as low.
  static int severityRank(std::string_view severity) noexcept;
  /// 0 CLEAR ... 4 RED; unknown text counts as AMBER (never loosen a label we cannot read).
  static int tlpRank(std::string_view tlp) noexcept;
};

}  // namespace vigil::incidents
