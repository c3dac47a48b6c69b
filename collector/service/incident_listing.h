// Incident and sensor listings for `vigil-collector incidents|sensors`: text table or JSON lines.
#pragma once

#include <string>
#include <vector>

#include "store/records.h"

namespace vigil::service {

/// One line per incident, latest first, with its organisation and contact: a fixed-width table for
/// analysts, or (json) one JSON object per line with stable keys for scripts.
std::string renderIncidents(const std::vector<store::Incident>& incidents, bool json);
/// One line per sensor: last seq, gaps, duplicates, events, last seen.
std::string renderSensors(const std::vector<store::SensorStatus>& sensors, bool json);

}  // namespace vigil::service
