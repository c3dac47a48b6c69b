// NotificationService: wires the notifications section of the configuration into the scheduler and the outbox.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "common/result.h"
#include "config/notify_config.h"
#include "incidents/attributor.h"
#include "metrics/metric_sink.h"
#include "notify/notification_scheduler.h"
#include "notify/outbox_worker.h"

namespace vigil::service {

/// Two halves on two threads:
///  - the scheduler, made by makeScheduler() and run by the processing thread after each fold (it shares
///    that thread's Store; rendering and PGP happen there, with that thread's own PgpContext);
///  - the outbox worker on its own thread and Store (start/stop), delivering through SMTP, webhook, MISP,
///    RTIR and the JSONL file as configured, so a slow mail server never holds up intake or folding.
/// Everything between them is in the database: either side may stop at any moment and lose nothing.
class NotificationService {
 public:
  /// Checks the configuration that can be checked at start: the template directory, the PGP keyring and
  /// signing key. Errors are one line.
  static common::Result<std::unique_ptr<NotificationService>> create(const config::NotifyConfig& config,
                                                                     const incidents::Attributor& attributor);
  ~NotificationService();

  /// The scheduler for the processing thread, on that thread's store (which must outlive this service).
  /// Owned here; only the processing thread uses it.
  common::Result<notify::NotificationScheduler*> makeScheduler(store::Store& db);

  /// Starts the outbox thread on its own connection to `database`.
  common::Result<void> startOutbox(const std::string& database);
  /// Stops the outbox thread after its current delivery.
  void stopOutbox();

  /// One line for the log at stop: notifications made, delivered, retried, failed.
  std::string summary() const;
  /// The scheduler's and the outbox's counters (any thread).
  void writeMetrics(metrics::MetricSink& sink) const;

 private:
  NotificationService(config::NotifyConfig config, const incidents::Attributor& attributor);
  void outboxLoop();

  const config::NotifyConfig config_;
  const incidents::Attributor& attributor_;
  std::atomic<bool> stop_{false};
  std::thread outbox_thread_;
  std::unique_ptr<notify::OutboxWorker> worker_;
  std::unique_ptr<store::Store> outbox_db_;
  std::unique_ptr<notify::NotificationScheduler> scheduler_;
};

}  // namespace vigil::service
