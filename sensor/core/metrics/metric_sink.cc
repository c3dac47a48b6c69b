// MetricSink: families keyed by name, samples appended.
#include "metrics/metric_sink.h"

#include <limits>

namespace vigil::metrics {

prometheus::ClientMetric& MetricSink::add(std::string_view name, std::string_view help, prometheus::MetricType type,
                                          const Labels& labels) {
  auto found = index_.find(name);
  if (found == index_.end()) {
    found = index_.emplace(std::string(name), families_.size()).first;
    families_.push_back({std::string(name), std::string(help), type, {}});
  }
  prometheus::ClientMetric& metric = families_[found->second].metric.emplace_back();
  for (const auto& [key, value] : labels)
    metric.label.push_back({key, value});
  return metric;
}

void MetricSink::counter(std::string_view name, std::string_view help, const Labels& labels, double value) {
  add(name, help, prometheus::MetricType::Counter, labels).counter.value = value;
}

void MetricSink::gauge(std::string_view name, std::string_view help, const Labels& labels, double value) {
  add(name, help, prometheus::MetricType::Gauge, labels).gauge.value = value;
}

void MetricSink::histogram(std::string_view name, std::string_view help, const Labels& labels,
                           std::span<const double> bounds, std::span<const uint64_t> counts, double sum) {
  prometheus::ClientMetric& metric = add(name, help, prometheus::MetricType::Histogram, labels);
  uint64_t cumulative = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    cumulative += counts[i];
    metric.histogram.bucket.push_back(
        {cumulative, i < bounds.size() ? bounds[i] : std::numeric_limits<double>::infinity()});
  }
  metric.histogram.sample_count = cumulative;
  metric.histogram.sample_sum = sum;
}

std::vector<prometheus::MetricFamily> MetricSink::take() {
  index_.clear();
  return std::move(families_);
}

}  // namespace vigil::metrics
