// Truth writer: the JSON sidecar that says what a generated capture contains (OUT.truth.json).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "pcapgen/engine/generator.h"

namespace vigil::pcapgen {

/// {"generator": {flags, seed, version}, "capture": {packets, frame_bytes, wire_bytes, first_ts,
/// last_ts, link_type, counts{...}}, "incidents": [{kind, attackers, victims, start, end,
/// packets, bytes, ...}]}; README.md documents every field. Keys keep this order; the text is
/// deterministic for a given config.
nlohmann::ordered_json truthJson(const Generator& generator, const RunSummary& run);

/// Writes the JSON (2-space indent, trailing newline) to path; a one-line error on failure.
common::Result<void> writeTruthFile(const std::string& path, const nlohmann::ordered_json& truth);

/// OUT.pcap -> OUT.truth.json; any other name gets ".truth.json" appended.
std::string defaultTruthPath(const std::string& pcap_path);

}  // namespace vigil::pcapgen
