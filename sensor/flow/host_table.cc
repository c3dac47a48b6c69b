// HostTable: probing, least-recently-seen eviction within the probe window, O(size) clear.
#include "flow/host_table.h"

namespace vigil::flow {

HostTable::HostTable(const StateConfig& config)
    : mask_(config.hostSlots() - 1),
      meta_(std::size_t(mask_) + 1),
      records_(std::size_t(mask_) + 1),
      pools_(config.listSketches(), config.denseSketches()) {}

std::size_t HostTable::memoryBytes(const StateConfig& config) {
  const std::size_t slots = config.hostSlots();
  return slots * (sizeof(Meta) + sizeof(Record)) +
         DistinctPools::memoryBytes(config.listSketches(), config.denseSketches());
}

HostCounters* HostTable::probe(const net::IpAddress& ip, uint64_t hash, uint64_t now_ns) noexcept {
  const uint64_t hi = ip.hi();
  const uint64_t lo = ip.lo();
  uint32_t slot = uint32_t(hash) & mask_;
  uint32_t victim = slot;
  for (uint32_t i = 0; i < kProbeLimit; ++i, slot = (slot + 1) & mask_) {
    Meta& m = meta_[slot];
    if (m.record == 0) return claim(slot, ++used_count_, ip, now_ns);
    if (m.ip.lo() == lo && m.ip.hi() == hi) {
      seen(m, now_ns);
      return &records_[m.record - 1].counters;
    }
    const Meta& v = meta_[victim];
    if (m.last_ns < v.last_ns || (m.last_ns == v.last_ns && m.hits < v.hits)) victim = slot;
  }
  ++evictions_;
  // An entry touched at most kInline times holds at most kInline items per distinct set (one per
  // touch), all inline: skip reading its cold counter lines. This is what keeps a flood of one-packet
  // sources cheap to evict.
  const uint32_t record = meta_[victim].record;
  if (meta_[victim].hits > DistinctCounter::kInline) records_[record - 1].counters.releaseSketches(pools_);
  return claim(victim, record, ip, now_ns);
}

HostCounters* HostTable::claim(uint32_t slot, uint32_t record, const net::IpAddress& ip, uint64_t now_ns) noexcept {
  Meta& m = meta_[slot];
  m.ip = ip;
  m.last_ns = now_ns;
  m.hits = 1;
  m.record = record;
  Record& r = records_[record - 1];
  // The next new host will get the next record, whose lines the aggregator read when it merged this
  // table a few ticks ago: asking for them now, for writing, takes their transfer off that host's
  // packet, which would otherwise wait for it to zero the record and count (64-byte frames: -4 % wall).
  if (record == used_count_ && record < records_.size()) prefetchRecordLines</*kForWrite=*/1>(record);
  r = Record{};
  r.first_ns = now_ns;
  r.slot = slot;
  return &r.counters;
}

const HostCounters* HostTable::find(const net::IpAddress& ip) const noexcept {
  uint32_t slot = uint32_t(hashAddress(ip)) & mask_;
  for (uint32_t i = 0; i < kProbeLimit; ++i, slot = (slot + 1) & mask_) {
    const Meta& m = meta_[slot];
    if (m.record == 0) return nullptr;
    if (m.ip == ip) return &records_[m.record - 1].counters;
  }
  return nullptr;
}

void HostTable::clear() noexcept {
  for (uint32_t i = 0; i < used_count_; ++i)
    meta_[records_[i].slot].record = 0;
  used_count_ = 0;
  evictions_ = 0;
  pools_.reset();
}

}  // namespace vigil::flow
