// Incident and sensor listings for `vigil-collector incidents|sensors`: text table or JSON lines.
#pragma once

#include <string>
#include <vector>

#include "store/records.h"

namespace vigil::service {

/// A listing's time: Unix ms as "2025-01-01T00:00:01Z" (seconds), "-" for 0.
std::string timeText(int64_t ms);

/// One line per incident, latest first, with its organisation and contact: a fixed-width table for
/// analysts, or (json) one JSON object per line with stable keys for scripts.
std::string renderIncidents(const std::vector<store::Incident>& incidents, bool json);
/// One line per sensor: last seq, gaps, duplicates, events, last seen.
std::string renderSensors(const std::vector<store::SensorStatus>& sensors, bool json);

}  // namespace vigil::service
