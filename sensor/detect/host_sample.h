// HostSample: what a detector reads about one host over one rule's window in one tick.
#pragma once

#include <cstdint>

#include "flow/host_window.h"
#include "net/ip_address.h"

namespace vigil::detect {

/// A view, not a copy: `totals` points into the HostWindow's scratch state and is valid only during
/// the DetectionEngine's visit of this host (one tick, aggregator thread).
struct HostSample {
  const net::IpAddress& ip;
  const flow::HostWindow::Totals& totals;
  double seconds = 1;    // what the window sums cover (span_ticks * tick), > 0: rates divide by it
  bool home = true;      // counts as home: inside the home networks, or none are configured
  bool listed_home = false;  // inside home networks that the rules file actually lists
  uint64_t now_ns = 0;   // packet time at which the tick closed
};

}  // namespace vigil::detect
