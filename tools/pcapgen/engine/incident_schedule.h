// IncidentSchedule: places each incident in packet time (start slot, spacing) and tracks what it emitted.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "pcapgen/engine/generator_config.h"
#include "pcapgen/incidents/incident.h"
#include "pcapgen/incidents/incident_spec.h"

namespace vigil::pcapgen {

/// One incident with its place in time. The capture is a sequence of slots, slot i at
/// start + i/pps; the incident's j-th packet is due at slot first_slot + floor(j * spacing).
/// Several due incidents take turns; the background fills every other slot.
struct ScheduledIncident {
  IncidentSpec spec;
  std::unique_ptr<Incident> incident;
  double at_s = 0;      // planned start, seconds after the capture start
  double rate = 0;      // planned packets per second
  uint64_t first_slot = 0;
  double spacing = 1;   // slots per incident packet (>= 1)
  // Measured while running:
  uint64_t emitted = 0;
  uint64_t bytes = 0;
  uint64_t first_ts = 0;
  uint64_t last_ts = 0;

  uint64_t nextDueSlot() const noexcept {
    return first_slot + static_cast<uint64_t>(static_cast<double>(emitted) * spacing);
  }
};

/// Parses every --incident, builds it and places it:
///  - any two of count/rate/duration fix the third (duration without count derives count from
///    the rate, using the kind's packets per unit);
///  - without rate= and duration=, an incident too long for the capture is sped up to fit;
///  - without at=, incidents are spread evenly over the capture;
///  - an incident that cannot fit (explicit timing, or faster than --pps) is an error naming it.
common::Result<std::vector<ScheduledIncident>> scheduleIncidents(const GeneratorConfig& config,
                                                                 const FrameBuilder& builder);

}  // namespace vigil::pcapgen
