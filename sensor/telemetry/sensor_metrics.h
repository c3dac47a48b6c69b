// SensorMetrics: what vigil-sensor shows Prometheus (traffic, drops, decode errors, tables, ticks, events, delivery).
#pragma once

#include <atomic>
#include <cstdint>

#include "detect/detection_engine.h"
#include "metrics/metrics_server.h"
#include "pipeline/sensor_engine.h"
#include "publish/event_publisher.h"

namespace vigil::telemetry {

/// Rule reloads by outcome, counted by main (SIGHUP handling) and read at scrape time.
struct ReloadCounts {
  std::atomic<uint64_t> ok{0};
  std::atomic<uint64_t> failed{0};
};

/// Adds the sensor's scrape source. Per-worker values come from each worker's snapshot (published by the
/// worker itself per tick and every few thousand bursts) and are shown per worker and source, so sums
/// happen at query time. `publisher` may be null (no --publish). Everything must outlive the server.
/// Names (DESIGN 4):
///   vigil_sensor_packets_total{source,worker}, vigil_sensor_bytes_total{source,worker},
///   vigil_sensor_dropped_packets_total{source,worker,reason=kernel|nic|ring_full},
///   vigil_sensor_decode_errors_total{worker,reason}, vigil_sensor_evictions_total{table=host|flow|window},
///   vigil_sensor_flows{worker}, vigil_sensor_flow_capacity{worker}, vigil_sensor_window_hosts,
///   vigil_sensor_window_capacity, vigil_sensor_ticks_total, vigil_sensor_tick_seconds (histogram),
///   vigil_sensor_events_total{identifier}, vigil_sensor_publish_failures_total,
///   vigil_sensor_spool_events, vigil_sensor_spool_dropped_total, vigil_sensor_publish_acks_total,
///   vigil_sensor_publish_rejected_total, vigil_sensor_publish_resent_total,
///   vigil_sensor_publish_ack_latency_seconds, vigil_sensor_rule_reloads_total{result}.
void addSensorMetrics(metrics::MetricsServer& server, const pipeline::SensorEngine& engine,
                      const detect::DetectionEngine& detection, const publish::EventPublisher* publisher,
                      const ReloadCounts& reloads);

}  // namespace vigil::telemetry
