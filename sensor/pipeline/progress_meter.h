// ProgressMeter: a one-line progress display (packets, rate, percent) for long offline reads on a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace vigil::pipeline {

/// Redraws one line on `out` with a carriage return. Disabled unless `out` is a terminal, so logs and
/// pipes never see it. Used by the monitoring (main) thread only.
class ProgressMeter {
 public:
  explicit ProgressMeter(std::FILE* out);
  bool enabled() const noexcept { return enabled_; }
  /// Redraws at most every 250 ms.
  void update(uint64_t packets, uint64_t bytes_read, uint64_t bytes_total);
  /// Erases the line so the final output starts clean.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::FILE* out_;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  uint64_t last_packets_ = 0;
};

}  // namespace vigil::pipeline
