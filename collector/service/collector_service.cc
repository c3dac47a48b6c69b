// runCollector: start-up checks, thread wiring, the processing loop and signal handling.
#include "service/collector_service.h"

#include <csignal>
#include <cstdio>
#include <thread>

#include "incidents/attributor.h"
#include "incidents/incident_processor.h"
#include "intake/intake_server.h"
#include "service/collector_metrics.h"
#include "service/notification_service.h"
#include "service/store_event_handler.h"
#include "wire/curve_key_file.h"

namespace vigil::service {
namespace {

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void log(const std::string& line) {
  std::fprintf(stderr, "vigil-collector: %s\n", line.c_str());
}

int fail(const std::string& line) {
  log(line);
  return 1;
}

/// The processing thread: folds, resolves, reloads on request. Returns when `stop` is set, after one
/// last fold so that everything acked is also in an incident.
void processLoop(store::Store& db, incidents::Attributor& attributor, const config::CollectorConfig& config,
                 notify::NotificationScheduler* scheduler, std::atomic<bool>& stop, std::atomic<bool>& reload) {
  incidents::IncidentProcessor processor(
      db, [&attributor](const net::IpAddress& ip, const std::string& id) { return attributor.attribute(ip, id); },
      config.resolve_after_s);
  auto last_resolve = std::chrono::steady_clock::now();
  std::string last_error;
  for (;;) {
    const bool stopping = stop.load();
    if (reload.exchange(false)) {
      const common::Result<void> r = attributor.reload(db);
      log(r.ok() ? "constituency and imports reloaded" : "reload failed, keeping the previous data: " + r.error());
    }
    auto folded = processor.foldPending();
    if (!folded.ok() && folded.error() != last_error) log("incident processing: " + (last_error = folded.error()));
    if (scheduler != nullptr) {
      // Every pass: the scheduler's own rules (intervals, renotify_after) decide what is due.
      auto made = scheduler->runOnce(nowMs());
      if (!made.ok() && made.error() != last_error) log("notifications: " + (last_error = made.error()));
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_resolve > std::chrono::seconds(10)) {
      last_resolve = now;
      if (auto resolved = processor.resolveQuiet(nowMs()); !resolved.ok()) log("resolving: " + resolved.error());
    }
    if (stopping) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace

int runCollector(const config::CollectorConfig& config) {
  intake::IntakeOptions options;
  options.endpoint = config.listen;
  options.insecure = config.insecure;
  options.max_message_bytes = config.max_message_bytes;
  if (!config.insecure) {
    auto keys = wire::loadKeyPair(config.secret_key_file);
    if (!keys.ok()) return fail(keys.error());
    options.server_secret_key = keys->secret_key;
    auto sensors = wire::loadAllowlist(config.sensors_dir);
    if (!sensors.ok()) return fail(sensors.error());
    options.sensors = std::move(*sensors);
  }
  auto intake_db = store::openStore(config.database);
  if (!intake_db.ok()) return fail(intake_db.error());
  auto process_db = store::openStore(config.database);
  if (!process_db.ok()) return fail(process_db.error());
  incidents::Attributor attributor(config.constituency);
  if (common::Result<void> r = attributor.reload(**process_db); !r.ok()) return fail(r.error());

  // Signals are collected synchronously by this thread; every thread started below inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  StoreEventHandler handler(std::move(*intake_db));
  intake::IntakeServer server(options, handler);
  if (common::Result<void> r = server.start(); !r.ok()) return fail(r.error());
  log("listening on " + server.boundEndpoint() + (config.insecure ? " (insecure: no CURVE)" : "") + ", " +
      std::to_string(options.sensors.size()) + " sensor keys, database " +
      (config.database.rfind("sqlite:", 0) == 0 ? config.database : "postgresql (connection string not shown)"));

  std::unique_ptr<NotificationService> notifications;
  notify::NotificationScheduler* scheduler = nullptr;
  if (config.notifications) {
    auto created = NotificationService::create(*config.notifications, attributor);
    if (!created.ok()) return fail(created.error());
    notifications = std::move(*created);
    auto made = notifications->makeScheduler(**process_db);
    if (!made.ok()) return fail(made.error());
    scheduler = *made;
    if (auto r = notifications->startOutbox(config.database); !r.ok()) return fail(r.error());
  }

  // The metrics endpoint reads the database through its own connection, on its own thread.
  std::unique_ptr<store::Store> metrics_db;
  std::unique_ptr<metrics::MetricsServer> metrics;
  if (!config.metrics_listen.empty()) {
    auto db = store::openStore(config.database);
    if (!db.ok()) return fail(db.error());
    metrics_db = std::move(*db);
    auto started = metrics::MetricsServer::start(config.metrics_listen, "collector");
    if (!started.ok()) return fail(started.error());
    metrics = std::move(*started);
    addCollectorMetrics(*metrics, server, handler, attributor, notifications.get(), *metrics_db);
    log("metrics on http://" + config.metrics_listen.substr(0, config.metrics_listen.rfind(':')) + ":" +
        std::to_string(metrics->port()) + "/metrics");
  }

  std::atomic<bool> stop{false};
  std::atomic<bool> reload{false};
  std::thread processing([&] { processLoop(**process_db, attributor, config, scheduler, stop, reload); });

  for (;;) {
    const int sig = sigwaitinfo(&signals, nullptr);
    if (sig == SIGHUP) {
      reload.store(true);
      if (!config.insecure) {
        auto sensors = wire::loadAllowlist(config.sensors_dir);
        if (sensors.ok()) {
          server.setSensors(*sensors);
        } else {
          log("sensor keys not reloaded: " + sensors.error());
        }
      }
    } else if (sig == SIGINT || sig == SIGTERM) {
      break;
    }
  }
  server.stop();
  stop.store(true);
  processing.join();
  metrics.reset();  // no scrape may read what is stopped below
  if (notifications) {
    notifications->stopOutbox();
    log("notifications: " + notifications->summary());
  }
  const auto& s = server.stats();
  uint64_t rejected = 0;
  for (const auto& r : s.rejected)
    rejected += r.load();
  log("stopped: " + std::to_string(s.received.load()) + " received, " + std::to_string(s.stored.load()) + " stored, " +
      std::to_string(s.duplicates.load()) + " duplicates, " + std::to_string(rejected) + " rejected, " +
      std::to_string(server.refusedKeys()) + " refused keys, " + std::to_string(s.store_errors.load()) +
      " store errors");
  return 0;
}

}  // namespace vigil::service
