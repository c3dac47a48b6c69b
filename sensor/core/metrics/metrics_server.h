// MetricsServer: the Prometheus pull endpoint (prometheus-cpp Exposer) and the scrape-time sources behind it.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/result.h"
#include "metrics/metric_sink.h"

namespace prometheus {
class Exposer;
}

namespace vigil::metrics {

/// One per process. Values are not pushed into prometheus-cpp's own counters: each source is a callback
/// that reads its module's counters (written by their owning threads, read relaxed) when Prometheus
/// scrapes, so hot paths pay nothing for metrics. Sources run on the exposer's HTTP thread, one scrape
/// at a time; they must be thread-safe against their module and must not block for long.
class MetricsServer {
 public:
  using Source = std::function<void(MetricSink&)>;

  /// Listens on "HOST:PORT" (port 0 picks one: port()). Adds vigil_build_info{component,version} 1.
  static common::Result<std::unique_ptr<MetricsServer>> start(const std::string& listen, const std::string& component);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  /// Adds a source; the caller keeps whatever it reads alive until this server is destroyed.
  void addSource(Source source);
  int port() const;

 private:
  class Collector;
  MetricsServer() = default;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::shared_ptr<Collector> collector_;
};

}  // namespace vigil::metrics
