// CollectorMetrics: one scrape source reading atomics and a few grouped database counts.
#include "service/collector_metrics.h"

#include <chrono>

namespace vigil::service {

void addCollectorMetrics(metrics::MetricsServer& server, const intake::IntakeServer& intake,
                         const StoreEventHandler& handler, const incidents::Attributor& attributor,
                         const NotificationService* notifications, store::Store& db) {
  server.addSource([&intake, &handler, &attributor, notifications, &db](metrics::MetricSink& sink) {
    const auto& s = intake.stats();
    sink.counter("vigil_collector_events_received_total", "Messages received from sensors", {}, s.received.load());
    sink.counter("vigil_collector_events_stored_total", "Events stored (acked)", {}, s.stored.load());
    sink.counter("vigil_collector_events_duplicate_total", "Events already stored (resends; acked, ignored)", {},
                 s.duplicates.load());
    for (std::size_t r = 0; r < s.rejected.size(); ++r) {
      sink.counter("vigil_collector_events_rejected_total", "Messages rejected, by reason",
                   {{"reason", std::string(intake::rejectReasonName(intake::RejectReason(r)))}}, s.rejected[r].load());
    }
    sink.counter("vigil_collector_store_errors_total", "Batches the database refused (not acked; resent)", {},
                 s.store_errors.load());
    sink.counter("vigil_collector_refused_keys_total", "Connections refused for a key not in the allowlist", {},
                 double(intake.refusedKeys()));
    handler.commitSeconds().write(sink, "vigil_collector_database_commit_seconds",
                                  "Time to store and commit one batch of events");
    if (const auto resolver = attributor.resolver()) {
      sink.counter("vigil_collector_enrichment_misses_total", "Hosts no organisation matched (went to the fallback)",
                   {}, double(resolver->misses()));
    }
    if (auto sensors = db.sensors(); sensors.ok()) {
      for (const store::SensorStatus& sensor : *sensors) {
        const metrics::Labels labels = {{"sensor", sensor.name}};
        sink.gauge("vigil_collector_sensor_last_seen_timestamp_seconds", "When the sensor's latest event arrived",
                   labels, double(sensor.last_seen_ms) / 1000);
        sink.gauge("vigil_collector_sensor_seq_gaps", "Sequence numbers of the sensor never received", labels,
                   double(sensor.gaps));
        sink.gauge("vigil_collector_sensor_events", "Events of the sensor stored", labels, double(sensor.events));
      }
    }
    if (auto counts = db.incidentCounts(); counts.ok()) {
      for (const auto& [status, n] : *counts) {
        sink.gauge("vigil_collector_incidents", "Incidents by status", {{"status", status}}, double(n));
      }
    }
    if (notifications == nullptr) return;
    if (auto outbox = db.outboxCounts(); outbox.ok()) {
      for (const store::OutboxCount& c : *outbox) {
        sink.gauge("vigil_collector_outbox_items", "Outbox items by channel and status",
                   {{"channel", c.channel}, {"status", std::string(store::outboxStatusName(c.status))}},
                   double(c.count));
      }
    }
    if (auto summary = db.outboxSummary(); summary.ok()) {
      const int64_t now_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
              .count();
      sink.gauge("vigil_collector_outbox_oldest_pending_seconds", "Age of the oldest undelivered outbox item", {},
                 summary->pending == 0 ? 0.0 : double(now_ms - summary->oldest_pending_ms) / 1000);
    }
    notifications->writeMetrics(sink);
  });
}

}  // namespace vigil::service
