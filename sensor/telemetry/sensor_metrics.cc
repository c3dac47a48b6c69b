// SensorMetrics: one scrape source over the engine's snapshots and the detection and publishing counters.
#include "telemetry/sensor_metrics.h"

#include <string>

namespace vigil::telemetry {

void addSensorMetrics(metrics::MetricsServer& server, const pipeline::SensorEngine& engine,
                      const detect::DetectionEngine& detection, const publish::EventPublisher* publisher,
                      const ReloadCounts& reloads) {
  server.addSource([&engine, &detection, publisher, &reloads](metrics::MetricSink& sink) {
    uint64_t host_evictions = 0, flow_evictions = 0;
    uint32_t id = 0;
    for (const auto& [source, s] : engine.workerSnapshots()) {
      const std::string worker = std::to_string(id++);
      const metrics::Labels labels = {{"source", source}, {"worker", worker}};
      sink.counter("vigil_sensor_packets_total", "Frames received", labels, double(s.traffic.packets));
      sink.counter("vigil_sensor_bytes_total", "Wire bytes of received frames", labels, double(s.traffic.bytes));
      const char* drops = "Packets lost before decoding, by where";
      sink.counter("vigil_sensor_dropped_packets_total", drops,
                   {{"source", source}, {"worker", worker}, {"reason", "kernel"}}, double(s.source.dropped_kernel));
      sink.counter("vigil_sensor_dropped_packets_total", drops,
                   {{"source", source}, {"worker", worker}, {"reason", "nic"}}, double(s.source.dropped_nic));
      sink.counter("vigil_sensor_ring_full_ticks_total", "Ticks merged into the next because the aggregator lagged",
                   labels, double(s.aggregator_stalls));
      for (std::size_t r = 0; r < s.traffic.outcomes.size(); ++r) {
        const auto status = decode::DecodeStatus(r);
        if (status == decode::DecodeStatus::kOk || status == decode::DecodeStatus::kNonIp) continue;
        sink.counter("vigil_sensor_decode_errors_total", "Malformed or truncated frames, by reason",
                     {{"worker", worker}, {"reason", std::string(decode::decodeStatusName(status))}},
                     double(s.traffic.outcomes[r]));
      }
      sink.counter("vigil_sensor_non_ip_packets_total", "Frames without IP (ARP, LLDP, ...)", labels,
                   double(s.traffic.outcomes[std::size_t(decode::DecodeStatus::kNonIp)]));
      sink.gauge("vigil_sensor_flows", "Flows in the worker's flow table", {{"worker", worker}}, double(s.flows));
      sink.gauge("vigil_sensor_flow_capacity", "Capacity of the worker's flow table", {{"worker", worker}},
                 double(s.flow_capacity));
      host_evictions += s.host_evictions;
      flow_evictions += s.flow_evictions;
    }
    const pipeline::Aggregator::Snapshot a = engine.aggregatorSnapshot();
    const char* evictions = "Entries evicted from full tables (their counts are lost), by table";
    sink.counter("vigil_sensor_evictions_total", evictions, {{"table", "host"}}, double(host_evictions));
    sink.counter("vigil_sensor_evictions_total", evictions, {{"table", "flow"}}, double(flow_evictions));
    sink.counter("vigil_sensor_evictions_total", evictions, {{"table", "window"}}, double(a.window_evictions));
    sink.gauge("vigil_sensor_window_hosts", "Hosts in the sliding window", {}, double(a.window_hosts));
    sink.gauge("vigil_sensor_window_capacity", "Capacity of the sliding window", {}, double(a.window_capacity));
    sink.counter("vigil_sensor_sketch_pool_exhausted_total",
                 "Distinct sets that could not grow (counts are lower bounds)", {}, double(a.sketch_pool_exhausted));
    sink.counter("vigil_sensor_ticks_total", "Ticks merged and evaluated", {}, double(a.ticks));
    engine.tickSeconds().write(sink, "vigil_sensor_tick_seconds", "Wall time to merge one tick and run the rules");
    for (const auto& [identifier, n] : detection.eventsByIdentifier()) {
      sink.counter("vigil_sensor_events_total", "Events emitted, by classification.identifier",
                   {{"identifier", identifier}}, double(n));
    }
    sink.counter("vigil_sensor_publish_failures_total", "Events no sink accepted", {},
                 double(detection.publishFailures()));
    sink.counter("vigil_sensor_rule_reloads_total", "Rule reloads (SIGHUP), by result", {{"result", "ok"}},
                 double(reloads.ok.load()));
    sink.counter("vigil_sensor_rule_reloads_total", "Rule reloads (SIGHUP), by result", {{"result", "failed"}},
                 double(reloads.failed.load()));
    if (publisher == nullptr) return;
    const auto& p = publisher->stats();
    sink.gauge("vigil_sensor_spool_events", "Events in the spool not yet acked by the collector", {},
               double(p.depth.load()));
    sink.counter("vigil_sensor_spool_dropped_total", "Events dropped by the spool's size cap", {},
                 double(p.dropped_full.load()));
    sink.counter("vigil_sensor_publish_acks_total", "Events acked by the collector", {}, double(p.acked.load()));
    sink.counter("vigil_sensor_publish_rejected_total", "Events the collector rejected", {}, double(p.rejected.load()));
    sink.counter("vigil_sensor_publish_resent_total", "Events sent again after an ack timeout", {},
                 double(p.resent.load()));
    sink.gauge("vigil_sensor_publish_ack_latency_seconds", "Time from send to ack of the latest acked event", {},
               double(p.last_ack_us.load()) / 1e6);
  });
}

}  // namespace vigil::telemetry
