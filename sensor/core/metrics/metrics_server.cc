// MetricsServer: an Exposer with one Collectable that runs every registered source per scrape.
#include "metrics/metrics_server.h"

#include <prometheus/collectable.h>
#include <prometheus/exposer.h>

#include <mutex>
#include <vector>

namespace vigil::metrics {

class MetricsServer::Collector final : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override {
    std::lock_guard<std::mutex> lock(mutex_);  // sources are added at start; scrapes are serialised
    MetricSink sink;
    for (const Source& source : sources_)
      source(sink);
    return sink.take();
  }
  void add(Source source) {
    std::lock_guard<std::mutex> lock(mutex_);
    sources_.push_back(std::move(source));
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Source> sources_;
};

common::Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const std::string& listen,
                                                                    const std::string& component) {
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  try {
    server->exposer_ = std::make_unique<prometheus::Exposer>(listen, 2);
  } catch (const std::exception& e) {
    return common::fail("metrics: cannot listen on " + listen + ": " + e.what());
  }
  server->collector_ = std::make_shared<Collector>();
  server->exposer_->RegisterCollectable(server->collector_);
  server->addSource([component](MetricSink& sink) {
    sink.gauge("vigil_build_info", "Version of this binary (always 1)",
               {{"component", component}, {"version", "0.1.0"}}, 1);
  });
  return server;
}

MetricsServer::~MetricsServer() = default;

void MetricsServer::addSource(Source source) {
  collector_->add(std::move(source));
}

int MetricsServer::port() const {
  const std::vector<int> ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

}  // namespace vigil::metrics
