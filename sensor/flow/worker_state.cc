// WorkerState: the per-packet update (flow, then source and destination hosts) and tick-boundary bookkeeping.
#include "flow/worker_state.h"

#include "flow/flow_hash.h"

namespace vigil::flow {

WorkerState::WorkerState(const StateConfig& config) : config_(config), flows_(config) {}

void WorkerState::onPacket(const decode::PacketView& pv) noexcept {
  HostTable* const table = tick_;
  if (table == nullptr) [[unlikely]] {
    ++packets_without_table_;
    return;
  }
  const uint64_t src_hash = hashAddress(pv.src);
  const uint64_t dst_hash = hashAddress(pv.dst);
  // Start fetching both host slots before the flow probe, so their cache misses overlap with its miss
  // instead of following it.
  table->prefetch(src_hash);
  table->prefetch(dst_hash);
  apply(pv, packet_class::of(pv), src_hash, dst_hash, FlowTable::keyOf(pv, src_hash, dst_hash), *table);
}

void WorkerState::onPackets(const decode::PacketView* packets, std::size_t n, const uint8_t* classes) noexcept {
  HostTable* const table = tick_;
  if (table == nullptr) [[unlikely]] {
    packets_without_table_ += n;
    return;
  }
  // Packets in flight: enough to cover a memory latency with the work of the packets before, few
  // enough that their prefetched lines (seven each: flow, two metadata, two pairs of counter lines) fit
  // the L1 miss buffers; 4 measured best of 4..12, and (8, 4) no better with the line pairs.
  // Host counters are found through their metadata, so they are hinted in a second stage, kRecordAhead
  // packets ahead, once that packet's metadata lines have had time to arrive.
  constexpr std::size_t kAhead = 4;
  constexpr std::size_t kRecordAhead = 2;
  struct Pending {
    uint64_t src;
    uint64_t dst;
    FlowTable::Key key;
  };
  Pending ring[kAhead];
  const auto start = [&](const decode::PacketView& pv) {
    Pending p;
    p.src = hashAddress(pv.src);
    p.dst = hashAddress(pv.dst);
    p.key = FlowTable::keyOf(pv, p.src, p.dst);
    flows_.prefetch(p.key);
    table->prefetch(p.src);
    table->prefetch(p.dst);
    return p;
  };
  for (std::size_t i = 0; i < n && i < kAhead; ++i)
    ring[i] = start(packets[i]);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kRecordAhead < n) {
      const Pending& q = ring[(i + kRecordAhead) % kAhead];
      table->prefetchRecord(packets[i + kRecordAhead].src, q.src, true);
      table->prefetchRecord(packets[i + kRecordAhead].dst, q.dst, false);
    }
    // Used in place, then refilled: a copy of the entry cost more instructions than the lookup.
    Pending& p = ring[i % kAhead];
    apply(packets[i], classes != nullptr ? classes[i] : packet_class::of(packets[i]), p.src, p.dst, p.key, *table);
    if (i + kAhead < n) p = start(packets[i + kAhead]);
  }
}

void WorkerState::apply(const decode::PacketView& pv, uint8_t packet_class, uint64_t src_hash, uint64_t dst_hash,
                        const FlowTable::Key& key, HostTable& table_ref) noexcept {
  HostTable* const table = &table_ref;
  // The flow goes first so its outcomes are known before the hosts are touched: each host is then
  // updated completely before the next touch(), which may evict and reuse the slot of the previous one.
  const FlowTable::Update flow = flows_.update(pv, key, epoch_);
  DistinctPools& pool = table->sketches();
  const bool ports = pv.hasPorts();
  const uint64_t port_hash = ports ? hashPort(pv.dst_port) : 0;
  // One increment and one service lookup per port serve both hosts: the source's peer port is the
  // destination's own port and the other way round.
  const PacketIncrement inc = PacketIncrement::of(pv, packet_class);
  const int src_service = ports ? servicePortIndex(pv.src_port) : -1;
  const int dst_service = ports ? servicePortIndex(pv.dst_port) : -1;

  HostCounters* const src = table->touch(pv.src, src_hash, pv.ts_ns);
  src->out.count(inc, dst_service, src_service);
  src->top_out.add(pv.dst);
  if (flow.outcomes() != 0) addOutcomes(flow.srcIsClient() ? src->conn_out : src->conn_in, flow.outcomes());
  if (flow.firstInTick()) {
    src->peers_out.add(dst_hash, pool);
    if (ports) src->ports_out.add(port_hash, pool);
  }

  HostCounters* const dst = table->touch(pv.dst, dst_hash, pv.ts_ns);
  dst->in.count(inc, src_service, dst_service);
  dst->top_in.add(pv.src);
  if (flow.outcomes() != 0) addOutcomes(flow.srcIsClient() ? dst->conn_in : dst->conn_out, flow.outcomes());
  if (flow.firstInTick()) {
    dst->peers_in.add(src_hash, pool);
    if (ports) dst->ports_in.add(port_hash, pool);
  }
}

void WorkerState::setTickTable(HostTable* table) noexcept {
  // A new table starts empty: every flow must add its peer and ports to it again on its next packet.
  if (table != tick_) epoch_ = epoch_ >= FlowTable::kMaxEpoch ? 1 : uint8_t(epoch_ + 1);
  tick_ = table;
  seen_evictions_ = table != nullptr ? table->evictions() : 0;
  seen_exhausted_ = table != nullptr ? table->sketchPoolExhausted() : 0;
}

void WorkerState::collectTableCounts() noexcept {
  if (tick_ == nullptr) return;
  const uint64_t evictions = tick_->evictions();
  const uint64_t exhausted = tick_->sketchPoolExhausted();
  host_evictions_ += evictions - seen_evictions_;
  sketch_pool_exhausted_ += exhausted - seen_exhausted_;
  seen_evictions_ = evictions;
  seen_exhausted_ = exhausted;
}

void WorkerState::expire(uint64_t now_ns) noexcept {
  if (tick_ == nullptr) return;
  flows_.expire(now_ns, *tick_);
  collectTableCounts();
}

void WorkerState::flush(uint64_t now_ns) noexcept {
  if (tick_ == nullptr) return;
  flows_.flush(now_ns, *tick_);
  collectTableCounts();
}

}  // namespace vigil::flow
