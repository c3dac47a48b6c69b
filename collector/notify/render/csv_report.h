// CsvReport: a digest's events as CSV with IntelMQ field names (RFC 4180), one row per event.
#pragma once

#include <string>

#include "notify/digest.h"

namespace vigil::notify {

/// Header row, then one row per event of every item (latest incident first, its events oldest first).
/// Columns: time.source, time.observation, event_id, feed.name, source.ip, destination.ip,
/// destination.port, protocol.transport, classification.taxonomy, classification.type,
/// classification.identifier, severity, tlp, extra (the evidence as JSON). CRLF rows; fields with a comma,
/// quote or line break are quoted, quotes doubled. A digest item without sampled events gives one row from
/// the incident itself (host, kind, first seen).
std::string csvReport(const Digest& digest);

}  // namespace vigil::notify
