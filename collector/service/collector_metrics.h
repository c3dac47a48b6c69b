// CollectorMetrics: what the collector shows Prometheus (intake, sensors, incidents, notifications, database).
#pragma once

#include <memory>
#include <mutex>

#include "incidents/attributor.h"
#include "intake/intake_server.h"
#include "metrics/metrics_server.h"
#include "service/notification_service.h"
#include "service/store_event_handler.h"
#include "store/store.h"

namespace vigil::service {

/// Adds the collector's scrape source to `server`. Counters come from the threads' atomics; per-sensor,
/// incident and outbox figures are read from the database at scrape time through `db`, a connection
/// of the scrape thread's own (scrapes are serialised). Everything passed in must outlive the server.
/// Names (DESIGN 4):
///   vigil_collector_events_received_total, _events_stored_total, _events_duplicate_total,
///   _events_rejected_total{reason}, _store_errors_total, _refused_keys_total,
///   vigil_collector_sensor_last_seen_timestamp_seconds{sensor}, _sensor_seq_gaps{sensor},
///   _sensor_events{sensor}, vigil_collector_incidents{status}, vigil_collector_enrichment_misses_total,
///   vigil_collector_notifications_total{result=queued|held}, _outbox_items{channel,status},
///   _outbox_oldest_pending_seconds, _deliveries_total{result=delivered|retried|failed},
///   _addresses_disabled_total, vigil_collector_database_commit_seconds (histogram).
void addCollectorMetrics(metrics::MetricsServer& server, const intake::IntakeServer& intake,
                         const StoreEventHandler& handler, const incidents::Attributor& attributor,
                         const NotificationService* notifications, store::Store& db);

}  // namespace vigil::service
