// Incident factory: builds the Incident for a parsed --incident spec.
#pragma once

#include <memory>

#include "common/result.h"
#include "pcapgen/incidents/incident.h"
#include "pcapgen/incidents/incident_spec.h"

namespace vigil::pcapgen {

/// Reads the kind's keys (not at/duration/rate: the generator places incidents in time) and
/// returns the incident, or a one-line error naming the incident and the bad key. Start-up only.
common::Result<std::unique_ptr<Incident>> createIncident(const IncidentSpec& spec, const IncidentContext& context);

}  // namespace vigil::pcapgen
