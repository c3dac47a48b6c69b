// HostWindow: slot rings per host, merge of tick tables, expiry, eviction and window views.
#include "flow/host_window.h"

#include <algorithm>
#include <cstddef>

#include "flow/flow_hash.h"

namespace vigil::flow {
namespace {

constexpr int kDistinctSets = 4;

const DistinctCounter& distinctOf(const HostCounters& c, int i) noexcept {
  switch (i) {
    case 0:
      return c.peers_out;
    case 1:
      return c.peers_in;
    case 2:
      return c.ports_out;
    default:
      return c.ports_in;
  }
}

DistinctCounter& distinctOf(HostCounters& c, int i) noexcept {
  return const_cast<DistinctCounter&>(distinctOf(static_cast<const HostCounters&>(c), i));
}

}  // namespace

/// One host: the numbers of every ring slot, their sum, and the four distinct sets.
struct HostWindow::Entry {
  struct Numbers {
    DirectionCounters out;
    DirectionCounters in;
    ConnectionCounters conn_out;
    ConnectionCounters conn_in;

    void add(const Numbers& o) noexcept {
      out.add(o.out);
      in.add(o.in);
      conn_out.add(o.conn_out);
      conn_in.add(o.conn_in);
    }
    void add(const HostCounters& c) noexcept {
      out.add(c.out);
      in.add(c.in);
      conn_out.add(c.conn_out);
      conn_in.add(c.conn_in);
    }
    void addTo(HostCounters& c) const noexcept {
      c.out.add(out);
      c.in.add(in);
      c.conn_out.add(conn_out);
      c.conn_in.add(conn_in);
    }
    void copyTo(HostCounters& c) const noexcept {
      c.out = out;
      c.in = in;
      c.conn_out = conn_out;
      c.conn_in = conn_in;
    }
  };

  // What a whole-window view reads comes first, in one run of cache lines for prefetchEntry().
  Numbers total;     // sum of slots[]: a view over the whole ring reads this instead of adding every slot
  TopPeers top_out;  // over the window, older slots decayed (halved per slot)
  TopPeers top_in;
  uint64_t first_ns = 0;
  uint64_t last_ns = 0;
  uint64_t newest_tick = 0;           // newest tick merged into this entry (its slot is Meta::newest_slot)
  uint16_t ticks[kWindowSlots] = {};  // ticks seen per ring position
  WindowDistinct distinct[kDistinctSets];
  Numbers slots[kWindowSlots];
};

namespace {

constexpr std::size_t kLine = 64;

std::size_t changedWords(std::size_t slots) noexcept {
  return (slots + 63) / 64;
}

/// Hints the cache lines of [p, p + bytes).
void prefetchBytes(const void* p, std::size_t bytes) noexcept {
  const auto* c = static_cast<const char*>(p);
  for (std::size_t off = 0; off < bytes; off += kLine)
    __builtin_prefetch(c + off, 1);
}

}  // namespace

void HostWindow::prefetchEntry(uint32_t entry, uint32_t position, bool distinct) const noexcept {
  static_assert(sizeof(Entry) % kLine == 0, "entries start on a cache line (the array is 2 MiB aligned)");
  const Entry& e = entries_[entry];
  prefetchBytes(&e, offsetof(Entry, distinct));
  if (distinct) prefetchBytes(&e.distinct, sizeof(e.distinct));
  prefetchBytes(&e.slots[position], sizeof(Entry::Numbers));
}

HostWindow::HostWindow(const WindowConfig& config)
    : geometry_{config.slots(), config.slotTicks()},
      window_ticks_(config.windowTicks()),
      mask_(config.hostSlots() - 1),
      meta_(std::size_t(mask_) + 1),
      entries_(std::size_t(mask_) + 1),
      free_entries_(std::size_t(mask_) + 1),
      pools_(config.listSketches(), config.denseSketches(), config.slots()),
      scratch_(kDistinctSets * hll::kRegisters),
      changed_(changedWords(config.hostSlots())) {}

HostWindow::~HostWindow() = default;

std::size_t HostWindow::memoryBytes(const WindowConfig& config) {
  return std::size_t(config.hostSlots()) * (sizeof(Meta) + sizeof(Entry) + sizeof(uint32_t)) +
         WindowPools::memoryBytes(config.listSketches(), config.denseSketches(), config.slots()) +
         kDistinctSets * hll::kRegisters + changedWords(config.hostSlots()) * sizeof(uint64_t);
}

void HostWindow::noteTick(uint64_t tick) noexcept {
  if (!any_tick_) {
    any_tick_ = true;
    first_tick_ = tick;
    newest_tick_ = tick;
  } else if (tick > newest_tick_) {
    newest_tick_ = tick;
  }
}

uint64_t HostWindow::firstWindowSlot() const noexcept {
  const uint64_t newest = geometry_.slotOf(newest_tick_);
  return geometry_.ringFirst(newest);
}

uint64_t HostWindow::firstViewSlot(uint32_t view_slots) const noexcept {
  const uint64_t first = firstWindowSlot();
  if (view_slots == 0 || view_slots >= geometry_.slots) return first;
  // A shorter view: only the newest view_slots slots of the whole window (whatever a host's own newest
  // slot is, the view ends at the window's newest tick).
  const uint64_t newest = geometry_.slotOf(newest_tick_);
  return std::max(first, newest + 1 >= view_slots ? newest + 1 - view_slots : 0);
}

uint32_t HostWindow::spanTicks(uint32_t view_slots) const noexcept {
  return spanFrom(firstViewSlot(view_slots));
}

uint32_t HostWindow::spanFrom(uint64_t first_slot) const noexcept {
  if (!any_tick_) return 0;
  const uint64_t start = std::max(first_slot * geometry_.slot_ticks, first_tick_);
  return uint32_t(newest_tick_ - start + 1);
}

bool HostWindow::liveAt(uint32_t slot) const noexcept {
  return meta_[slot].state == kUsed && !expired(meta_[slot]);
}

void HostWindow::resetEntry(Entry& e) noexcept {
  for (WindowDistinct& d : e.distinct)
    d.reset(pools_);
  e = Entry{};
}

const HostWindow::Entry& HostWindow::entryAt(uint32_t slot) const noexcept {
  return entries_[meta_[slot].entry];
}

void HostWindow::releaseEntry(uint32_t i) noexcept {
  resetEntry(entries_[i]);
  free_entries_[free_count_++] = i;
}

int64_t HostWindow::findSlot(const net::IpAddress& ip, uint64_t hash) const noexcept {
  uint32_t slot = uint32_t(hash) & mask_;
  for (uint32_t i = 0; i < kProbeLimit; ++i, slot = (slot + 1) & mask_) {
    const Meta& m = meta_[slot];
    if (m.state == kNever) return -1;
    if (m.state == kUsed && m.ip == ip) return slot;
  }
  return -1;
}

uint32_t HostWindow::touch(const net::IpAddress& ip, uint64_t hash, uint64_t slot_id, uint64_t packets,
                           bool& fresh) noexcept {
  const auto add = [packets](uint32_t w) { return uint32_t(std::min<uint64_t>(UINT32_MAX, w + packets)); };
  constexpr uint32_t kNone = UINT32_MAX;
  uint32_t free_slot = kNone;
  uint32_t expired_slot = kNone;
  uint32_t victim = kNone;
  uint32_t slot = uint32_t(hash) & mask_;
  for (uint32_t i = 0; i < kProbeLimit; ++i, slot = (slot + 1) & mask_) {
    Meta& m = meta_[slot];
    if (m.state != kUsed) {
      if (free_slot == kNone) free_slot = slot;
      if (m.state == kNever) break;  // nothing for this key lies beyond a never-used slot
      continue;
    }
    if (m.ip == ip) {
      fresh = expired(m);
      if (fresh) {
        resetEntry(entries_[m.entry]);
        m.weight = 0;
        m.newest_slot = slot_id;
      }
      m.weight = add(m.weight);
      return slot;
    }
    if (expired_slot == kNone && expired(m)) expired_slot = slot;
    if (victim == kNone || m.weight < meta_[victim].weight ||
        (m.weight == meta_[victim].weight && m.newest_slot < meta_[victim].newest_slot)) {
      victim = slot;
    }
  }
  if (free_slot != kNone) {
    slot = free_slot;
    ++size_;
    meta_[slot].entry = allocateEntry();  // released entries are already empty
  } else {
    // An expired or evicted host's entry is emptied for the new one.
    slot = expired_slot != kNone ? expired_slot : victim;
    if (expired_slot == kNone) ++evictions_;
    resetEntry(entries_[meta_[slot].entry]);
  }
  Meta& m = meta_[slot];
  m.ip = ip;
  m.newest_slot = slot_id;
  m.weight = add(0);
  m.state = kUsed;
  fresh = true;
  return slot;
}

void HostWindow::merge(const HostTable& tick_table, uint64_t tick) noexcept {
  noteTick(tick);
  if (geometry_.slotOf(tick) < firstWindowSlot()) {
    late_drops_ += tick_table.size();
    return;
  }
  // Entries lie scattered over tens of MB, so each host's merge would wait for a dozen cache misses.
  // Stages overlap them across hosts. The tick table's record of the host kRecordAhead places ahead
  // (written by a worker on another core) is fetched first, then its address's metadata line
  // (kKeyAhead). With the address known, the home metadata slot of the host kMetaAhead places ahead
  // is fetched; once it has arrived (kEntryAhead places ahead) it names the entry, whose lines
  // mergeHost() updates are fetched next. A host not in its home slot is merged unprefetched.
  constexpr std::size_t kRecordAhead = 16;
  constexpr std::size_t kKeyAhead = 12;
  constexpr std::size_t kMetaAhead = 8;
  constexpr std::size_t kEntryAhead = 4;
  const std::size_t n = tick_table.size();
  const uint32_t position = geometry_.positionOf(geometry_.slotOf(tick));
  uint64_t hashes[kMetaAhead];  // hash of host i at i % kMetaAhead
  for (std::size_t i = 0; i < std::min(n, kMetaAhead); ++i) {
    hashes[i] = hashAddress(tick_table.entryAt(i).ip);
    __builtin_prefetch(&meta_[uint32_t(hashes[i]) & mask_]);
  }
  for (std::size_t i = kMetaAhead; i < std::min(n, kRecordAhead); ++i)
    tick_table.prefetchEntryRecord(i);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kRecordAhead < n) tick_table.prefetchEntryRecord(i + kRecordAhead);
    if (i + kKeyAhead < n) tick_table.prefetchEntryKey(i + kKeyAhead);
    if (i + kEntryAhead < n) {
      const Meta& m = meta_[uint32_t(hashes[(i + kEntryAhead) % kMetaAhead]) & mask_];
      if (m.state == kUsed && m.ip == tick_table.entryAt(i + kEntryAhead).ip) prefetchEntry(m.entry, position, true);
    }
    const uint64_t hash = hashes[i % kMetaAhead];
    if (i + kMetaAhead < n) {
      hashes[i % kMetaAhead] = hashAddress(tick_table.entryAt(i + kMetaAhead).ip);
      __builtin_prefetch(&meta_[uint32_t(hashes[i % kMetaAhead]) & mask_]);
    }
    mergeHost(tick_table.entryAt(i), hash, tick);
  }
}

void HostWindow::mergeHost(const HostTable::EntryView& v, uint64_t hash, uint64_t tick) noexcept {
  const WindowGeometry& g = geometry_;
  const uint64_t s = g.slotOf(tick);
  bool fresh = false;
  const uint32_t slot = touch(v.ip, hash, s, v.counters.out.packets + v.counters.in.packets, fresh);
  markChanged(slot);
  Meta& m = meta_[slot];
  Entry& e = entries_[m.entry];
  bool new_tick = true;
  if (fresh) {
    e.first_ns = v.first_ns;
    e.last_ns = v.last_ns;
    e.newest_tick = tick;
  } else {
    if (s > m.newest_slot) {
      // Reuse the ring positions of the slots between the old newest slot and this one.
      const uint64_t last = std::min<uint64_t>(s, m.newest_slot + g.slots);
      for (uint64_t id = m.newest_slot + 1; id <= last; ++id) {
        e.slots[g.positionOf(id)] = Entry::Numbers{};
        e.ticks[g.positionOf(id)] = 0;
      }
      // Once per slot change of this host (not per view): the ring's sum without the reused positions.
      e.total = Entry::Numbers{};
      for (uint32_t p = 0; p < g.slots; ++p)
        e.total.add(e.slots[p]);
      for (WindowDistinct& d : e.distinct)
        d.roll(m.newest_slot, s, e.newest_tick, g, pools_);
      for (uint64_t id = m.newest_slot; id < last; ++id) {
        e.top_out.decay();
        e.top_in.decay();
      }
      m.newest_slot = s;
    } else if (s + g.slots <= m.newest_slot) {
      ++late_drops_;  // older than this entry's ring
      return;
    }
    new_tick = tick > e.newest_tick;
    if (new_tick) e.newest_tick = tick;
  }
  const uint32_t p = g.positionOf(s);
  e.slots[p].add(v.counters);
  e.total.add(v.counters);
  if (new_tick) ++e.ticks[p];
  e.top_out.merge(v.counters.top_out);
  e.top_in.merge(v.counters.top_in);
  for (int i = 0; i < kDistinctSets; ++i)
    e.distinct[i].prefetchFor(distinctOf(v.counters, i), tick, g);
  for (int i = 0; i < kDistinctSets; ++i)
    e.distinct[i].merge(distinctOf(v.counters, i), tick, e.newest_tick, g, pools_);
  if (v.first_ns < e.first_ns) e.first_ns = v.first_ns;
  if (v.last_ns > e.last_ns) e.last_ns = v.last_ns;
}

void HostWindow::advance(uint64_t tick) noexcept {
  noteTick(tick);
  sweep((std::size_t(mask_) + window_ticks_) / window_ticks_);
}

void HostWindow::sweep(std::size_t slots) noexcept {
  for (std::size_t i = 0; i < slots; ++i, sweep_cursor_ = (sweep_cursor_ + 1) & mask_) {
    Meta& m = meta_[sweep_cursor_];
    if (m.state != kUsed || !expired(m)) continue;
    releaseEntry(m.entry);
    m.state = kFreed;
    --size_;
  }
}

uint64_t HostWindow::Totals::distinctEstimate(DistinctSet which) const noexcept {
  const int i = int(which);
  if (owner_ == nullptr) return distinctOf(window, i).estimate();
  if (!(ready_ & (1u << i))) {
    cache_[i] = owner_->distinctEstimate(slot_, positions_, first_slot_, i);
    ready_ |= uint8_t(1u << i);
  }
  return cache_[i];
}

uint64_t HostWindow::distinctEstimate(uint32_t slot, uint32_t positions, uint64_t first_slot,
                                      int which) const noexcept {
  const Entry& e = entryAt(slot);
  uint8_t* scratch = const_cast<uint8_t*>(scratch_.data());
  return e.distinct[which].windowEstimate(positions, first_slot, e.newest_tick, geometry_, scratch);
}

void HostWindow::clearDistinct(Totals& t) noexcept {
  for (int i = 0; i < kDistinctSets; ++i)
    distinctOf(t.window, i).clear();
}

void HostWindow::fill(uint32_t slot, Totals& out, uint32_t window_slots, bool lazy_distinct) const noexcept {
  const WindowGeometry& g = geometry_;
  const Entry& e = entryAt(slot);
  const uint64_t newest_slot = meta_[slot].newest_slot;
  // Every field of `out` is written once below, not cleared first: views run per host and tick, and
  // `out = Totals{}` costs a 720-byte clear of a temporary and a copy of it.
  const uint64_t view_first = firstViewSlot(window_slots);
  const uint64_t first = std::max(view_first, g.ringFirst(newest_slot));
  // Every position of the host's ring inside the view: its running sum stands for the slots. Otherwise
  // the first slot is copied and the others added: no clearing first (short views are mostly one slot).
  const bool whole_ring = first == g.ringFirst(newest_slot);
  HostCounters& w = out.window;
  if (whole_ring) {
    e.total.copyTo(w);
  } else if (first > newest_slot) {
    Entry::Numbers{}.copyTo(w);
  }
  uint32_t positions = 0;
  uint32_t ticks_seen = 0;
  for (uint64_t id = first; id <= newest_slot; ++id) {
    const uint32_t p = g.positionOf(id);
    positions |= 1u << p;
    ticks_seen += e.ticks[p];
    if (whole_ring) continue;
    if (id == first) {
      e.slots[p].copyTo(w);
    } else {
      e.slots[p].addTo(w);
    }
  }
  out.ticks_seen = ticks_seen;
  out.owner_ = lazy_distinct ? this : nullptr;
  out.slot_ = slot;
  out.positions_ = positions;
  out.first_slot_ = first;
  out.ready_ = 0;
  // Scratch registers are logically const state of a read: results point into them (see the class comment).
  // Lazy views leave the window's distinct counters alone: forEachView() emptied them once for all hosts.
  uint8_t* scratch = const_cast<uint8_t*>(scratch_.data());
  for (int i = 0; i < kDistinctSets && !lazy_distinct; ++i) {
    distinctOf(w, i) =
        e.distinct[i].windowView(positions, first, e.newest_tick, g, scratch + std::size_t(i) * hll::kRegisters);
  }
  out.window.top_out = e.top_out;
  out.window.top_in = e.top_in;
  out.first_seen_ns = e.first_ns;
  out.last_seen_ns = e.last_ns;
  out.span_ticks = spanFrom(view_first);
  out.packets_bound = meta_[slot].weight;
}

bool HostWindow::lookup(const net::IpAddress& ip, Totals& out) const {
  const int64_t slot = findSlot(ip, hashAddress(ip));
  if (slot < 0 || !liveAt(uint32_t(slot))) return false;
  fill(uint32_t(slot), out, 0);
  return true;
}

std::vector<std::pair<net::IpAddress, uint64_t>> HostWindow::topByPackets(std::size_t n) const {
  std::vector<std::pair<net::IpAddress, uint64_t>> all;
  const uint64_t first_window = firstWindowSlot();
  for (uint32_t slot = 0; slot <= mask_; ++slot) {
    if (!liveAt(slot)) continue;
    const Entry& e = entryAt(slot);
    const uint64_t newest = meta_[slot].newest_slot;
    const uint64_t oldest = geometry_.ringFirst(newest);
    uint64_t packets = 0;
    for (uint64_t id = std::max(first_window, oldest); id <= newest; ++id) {
      const Entry::Numbers& s = e.slots[geometry_.positionOf(id)];
      packets += s.out.packets + s.in.packets;
    }
    all.emplace_back(meta_[slot].ip, packets);
  }
  const auto more = [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  };
  const std::size_t k = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(k), all.end(), more);
  all.resize(k);
  return all;
}

}  // namespace vigil::flow
