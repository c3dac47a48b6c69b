// Event JSON codec: the one-line wire and file form of an event, and its strict validation on intake.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "event/event.h"

namespace vigil::event {

/// One line, no newline, keys in a fixed order (event_id, sensor, seq, time.source, time.observation,
/// classification.taxonomy, classification.type, classification.identifier, source.ip, destination.ip,
/// destination.port, protocol.transport, rule.id, tlp, severity, status, extra); absent optionals and
/// empty strings are left out, never null. Identical events give identical bytes.
std::string toJsonLine(const Event& event);

/// Inverse of toJsonLine for the collector: every required field present with the right type, RSIT
/// taxonomy/type, TLP and severity values, IPs, event_id == sensor-seq, no unknown top-level keys,
/// at most 64 KiB and 32 levels of nesting. Errors are one line naming the field: "event: 'source.ip' is not
/// an IP address: '1.2.3'". Never throws.
common::Result<Event> parseEvent(std::string_view json_line);

/// TLP 2.0 label to IntelMQ's tlp field (WHITE/GREEN/AMBER/RED): CLEAR becomes WHITE, AMBER+STRICT AMBER.
std::string tlpForIntelMq(std::string_view tlp);

}  // namespace vigil::event
