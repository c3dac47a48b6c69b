// LatencyHistogram: a consistent-enough copy of the buckets for a scrape.
#include "metrics/latency_histogram.h"

namespace vigil::metrics {

void LatencyHistogram::write(MetricSink& sink, std::string_view name, std::string_view help,
                             const Labels& labels) const {
  std::array<uint64_t, kBounds.size() + 1> counts{};
  for (std::size_t i = 0; i < counts.size(); ++i)
    counts[i] = counts_[i].load(std::memory_order_relaxed);
  sink.histogram(name, help, labels, kBounds, counts, double(sum_us_.load(std::memory_order_relaxed)) / 1e6);
}

}  // namespace vigil::metrics
