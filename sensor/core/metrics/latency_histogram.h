// LatencyHistogram: a fixed-bucket histogram of durations that any thread may add to without locks.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>

#include "metrics/metric_sink.h"

namespace vigil::metrics {

/// Buckets from 100 us to 10 s (powers of ~3), plus +Inf. observe() is two relaxed atomic adds and a
/// short scan: cheap enough for once-per-tick or once-per-commit work, not for per-packet code.
class LatencyHistogram {
 public:
  static constexpr std::array<double, 10> kBounds = {0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 10.0};

  void observe(double seconds) noexcept {
    std::size_t i = 0;
    while (i < kBounds.size() && seconds > kBounds[i])
      ++i;
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_us_.fetch_add(uint64_t(seconds * 1e6), std::memory_order_relaxed);
  }
  /// Writes the current values as one histogram sample.
  void write(MetricSink& sink, std::string_view name, std::string_view help, const Labels& labels = {}) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> counts_{};
  std::atomic<uint64_t> sum_us_{0};
};

}  // namespace vigil::metrics
