// RunReport: renders a run's totals as the one-line JSON object vigil-sensor prints with --stats.
#pragma once

#include <cstddef>
#include <string>

#include "flow/host_window.h"
#include "pipeline/sensor_engine.h"

namespace vigil::pipeline {

struct RunReportInput {
  const EngineTotals* totals = nullptr;
  const flow::HostWindow* window = nullptr;  // for top_hosts; may be null
  double seconds = 0;                        // wall-clock run time
  uint64_t events = 0;
  uint64_t rule_reloads = 0;          // SIGHUP reloads applied
  uint64_t rule_reload_failures = 0;  // SIGHUP reloads refused (bad file; old rules kept)
  std::size_t top_hosts = 0;                 // how many busiest hosts of the last window to list
  std::size_t memory_bytes = 0;              // preallocated table memory
};

/// One JSON object, no newline. Keys (DESIGN §4): packets, bytes, decode_errors (object by reason,
/// non-zero reasons only), events, seconds, pps; plus non_ip, truncated_records, protocol counts,
/// evictions, memory and peak RSS, and top_hosts when asked for.
std::string renderRunReport(const RunReportInput& in);

/// Peak resident set size of this process in bytes (getrusage).
std::size_t peakRssBytes();

}  // namespace vigil::pipeline
