// MetricSink: what a scrape callback writes its values into (counters, gauges, histograms with labels).
#pragma once

#include <prometheus/metric_family.h>

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

/// Collects one scrape's samples into Prometheus metric families, in first-written order; several
/// samples of one name (different labels) form one family. Built and consumed on the scraping thread.
class MetricSink {
 public:
  void counter(std::string_view name, std::string_view help, const Labels& labels, double value);
  void gauge(std::string_view name, std::string_view help, const Labels& labels, double value);
  /// `bounds` are the upper bounds of the finite buckets, `counts` the per-bucket (not cumulative)
  /// counts with one more entry for +Inf.
  void histogram(std::string_view name, std::string_view help, const Labels& labels, std::span<const double> bounds,
                 std::span<const uint64_t> counts, double sum);

  std::vector<prometheus::MetricFamily> take();

 private:
  prometheus::ClientMetric& add(std::string_view name, std::string_view help, prometheus::MetricType type,
                                const Labels& labels);

  std::vector<prometheus::MetricFamily> families_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

}  // namespace vigil::metrics
