// WindowDistinct: stamped inline and list items, per-slot register arrays, ageing and views.
#include "flow/window_distinct.h"

#include <cstring>

#include "flow/item_search.h"

namespace vigil::flow {

static_assert(WindowPools::kListClasses == 4, "the pools below are built one per class");

WindowPools::WindowPools(uint32_t lists_count, uint32_t dense_count, uint32_t slots)
    : lists{{listBlocks(lists_count, 0), WindowDistinct::listBytes(0)},
            {listBlocks(lists_count, 1), WindowDistinct::listBytes(1)},
            {listBlocks(lists_count, 2), WindowDistinct::listBytes(2)},
            {listBlocks(lists_count, 3), WindowDistinct::listBytes(3)}},
      dense(dense_count, WindowDistinct::blockBytes(slots), /*track_owners=*/true) {}

std::size_t WindowPools::memoryBytes(uint32_t lists_count, uint32_t dense_count, uint32_t slots) noexcept {
  std::size_t bytes = SketchPool::memoryBytes(dense_count, WindowDistinct::blockBytes(slots));
  for (int c = 0; c < kListClasses; ++c)
    bytes += SketchPool::memoryBytes(listBlocks(lists_count, c), WindowDistinct::listBytes(c));
  return bytes;
}

uint32_t WindowPools::listsInUse() const noexcept {
  uint32_t n = 0;
  for (const SketchPool& pool : lists)
    n += pool.inUse();
  return n;
}

void WindowDistinct::filterAdd(uint32_t item) noexcept {
  uint64_t* filter = listFilter(block_, list_class_);
  const auto [a, b] = filterBitsOf(item, list_class_);
  filter[a / 64] |= uint64_t(1) << (a % 64);
  filter[b / 64] |= uint64_t(1) << (b % 64);
}

bool WindowDistinct::filterMayHold(uint32_t item) const noexcept {
  const uint64_t* filter = listFilter(block_, list_class_);
  const auto [a, b] = filterBitsOf(item, list_class_);
  return ((filter[a / 64] >> (a % 64)) & (filter[b / 64] >> (b % 64)) & 1) != 0;
}

void WindowDistinct::rebuildFilter() noexcept {
  std::memset(listFilter(block_, list_class_), 0, filterBits(list_class_) / 8);
  const uint32_t* items = itemArray();
  for (uint32_t i = 0; i < count_; ++i)
    filterAdd(items[i]);
}

void WindowDistinct::releaseList(WindowPools& pools) noexcept {
  if (mode_ == kList) pools.lists[list_class_].release(block_);
}

void WindowDistinct::reset(WindowPools& pools) noexcept {
  releaseList(pools);
  if (mode_ == kDense) pools.dense.release(block_);
  *this = WindowDistinct{};
}

void WindowDistinct::roll(uint64_t from_slot, uint64_t to_slot, uint64_t newest_tick, const WindowGeometry& g,
                          WindowPools& pools) noexcept {
  if (mode_ == kDense) {
    const uint64_t last = to_slot - from_slot >= g.slots ? from_slot + g.slots : to_slot;
    for (uint64_t s = from_slot + 1; s <= last; ++s) {
      const uint32_t p = g.positionOf(s);
      if (positions_ & (1u << p)) std::memset(slotArray(p), 0, hll::kRegisters);
      positions_ = uint8_t(positions_ & ~(1u << p));
    }
    if (positions_ == 0) {
      reset(pools);
      return;
    }
    // Registers cannot be taken out of a union: rebuild it from the positions left.
    uint8_t* all = unionArray(g);
    std::memset(all, 0, hll::kRegisters);
    for (uint32_t p = 0; p < g.slots; ++p) {
      if (positions_ & (1u << p)) hll::merge(all, slotArray(p));
    }
    return;
  }
  const uint64_t first_valid = g.ringFirst(to_slot);
  uint32_t* items = itemArray();
  uint16_t* stamps = stampArray();
  uint16_t kept = 0;
  for (uint32_t i = 0; i < count_; ++i) {
    if (g.slotOf(tickOf(stamps[i], newest_tick)) < first_valid) continue;
    items[kept] = items[i];
    stamps[kept] = stamps[i];
    ++kept;
  }
  const bool aged_out = kept != count_;
  count_ = kept;
  if (mode_ != kList) return;
  if (count_ <= kInline) {
    // Small again: back inline, so the list block serves a set that needs it.
    for (uint32_t i = 0; i < count_; ++i) {
      items_[i] = items[i];
      stamps_[i] = stamps[i];
    }
    releaseList(pools);
    block_ = nullptr;
    mode_ = kInlineMode;
    return;
  }
  // Down to the smallest class the items fill at most half of, so that a set hovering at a class's
  // capacity does not move back and forth. If that pool is empty the set keeps its block.
  int smaller = 0;
  while (smaller < list_class_ && count_ > listCapacity(smaller) / 2)
    ++smaller;
  // toList() builds the new block's filter; a list that stays must forget the items that left it.
  if (smaller < list_class_ && toList(smaller, pools)) return;
  if (aged_out) rebuildFilter();
}

void WindowDistinct::addDense(uint32_t item, uint64_t tick, const WindowGeometry& g) noexcept {
  const uint32_t p = g.positionOf(g.slotOf(tick));
  hll::add(slotArray(p), item);
  hll::add(unionArray(g), item);
  positions_ = uint8_t(positions_ | (1u << p));
  if (dense_items_ != UINT16_MAX) ++dense_items_;
}

uint16_t WindowDistinct::occupiedRegisters(const WindowGeometry& g, uint16_t limit) const noexcept {
  // Registers set in the union: each item sets one, so below a few dozen this is the set's size (linear
  // counting: m ln(m / (m - V)) ~ V for V << m). Eight registers at a time; stops at `limit`.
  const uint8_t* all = unionArray(g);
  uint32_t n = 0;
  for (std::size_t r = 0; r < hll::kRegisters; r += 8) {
    uint64_t word = 0;
    std::memcpy(&word, all + r, sizeof word);
    word |= word >> 4;
    word |= word >> 2;
    word |= word >> 1;
    // One bit per nonzero register, summed by a multiply (no popcount instruction on baseline x86-64).
    n += uint32_t(((word & 0x0101010101010101ull) * 0x0101010101010101ull) >> 56);
    if (n >= limit) return limit;
  }
  return uint16_t(n);
}

uint8_t* WindowDistinct::reclaim(uint64_t newest_tick, const WindowGeometry& g, SketchPool& pool) noexcept {
  // One sampling per set and tick: a saturated set sees many items per tick, and each would sample again.
  const uint16_t stamp = uint16_t(newest_tick + 1);
  if (reclaim_tick_ == stamp) return nullptr;
  reclaim_tick_ = stamp;
  WindowDistinct* victim = nullptr;
  uint16_t smallest = kReclaimBelow;
  for (int i = 0; i < kReclaimCandidates; ++i) {
    auto* candidate = static_cast<WindowDistinct*>(pool.nextOwner());
    if (candidate == nullptr || candidate == this || candidate->mode_ != kDense) continue;
    // The count of items added bounds the size from above and costs nothing; only when it is not
    // already small are the registers looked at.
    const uint16_t size =
        candidate->dense_items_ < smallest ? candidate->dense_items_ : candidate->occupiedRegisters(g, smallest);
    if (size < smallest) {
      smallest = size;
      victim = candidate;
    }
  }
  if (victim == nullptr) return nullptr;
  uint8_t* block = victim->block_;
  victim->block_ = nullptr;
  victim->mode_ = kInlineMode;
  victim->positions_ = 0;
  victim->count_ = 0;
  victim->saturated_ = 1;
  victim->dense_items_ = 0;
  return pool.transfer(block, this);
}

bool WindowDistinct::toList(int list_class, WindowPools& pools) noexcept {
  uint8_t* block = pools.lists[list_class].acquire();
  if (block == nullptr) return false;
  std::memcpy(block, itemArray(), count_ * sizeof(uint32_t));  // the items, then their stamps
  std::memcpy(listStamps(block, list_class), stampArray(), count_ * sizeof(uint16_t));
  releaseList(pools);
  block_ = block;
  mode_ = kList;
  list_class_ = uint8_t(list_class);
  rebuildFilter();  // the block came zeroed: this sets the items' bits
  return true;
}

bool WindowDistinct::promote(uint64_t newest_tick, const WindowGeometry& g, WindowPools& pools) noexcept {
  uint8_t* block = pools.dense.acquire(this);
  if (block == nullptr) block = reclaim(newest_tick, g, pools.dense);
  if (block == nullptr) {
    saturated_ = 1;
    return false;
  }
  const uint32_t* items = itemArray();
  const uint16_t* stamps = stampArray();
  uint8_t* list = mode_ == kList ? block_ : nullptr;
  const int list_class = list_class_;
  const uint32_t n = count_;
  block_ = block;
  mode_ = kDense;
  count_ = 0;
  positions_ = 0;
  saturated_ = 0;
  dense_items_ = 0;
  for (uint32_t i = 0; i < n; ++i)
    addDense(items[i], tickOf(stamps[i], newest_tick), g);
  if (list != nullptr) pools.lists[list_class].release(list);
  return true;
}

void WindowDistinct::insert(uint32_t item, uint64_t tick, uint64_t newest_tick, const WindowGeometry& g,
                            WindowPools& pools) noexcept {
  if (mode_ == kDense) {
    addDense(item, tick, g);
    return;
  }
  const uint16_t age = uint16_t(newest_tick - tick);
  uint32_t* items = itemArray();
  uint16_t* stamps = stampArray();
  const std::size_t found = mode_ == kList && !filterMayHold(item) ? count_ : findItem(items, count_, item);
  if (found < count_) {
    if (age < uint16_t(uint16_t(newest_tick) - stamps[found])) stamps[found] = uint16_t(tick);
    return;
  }
  // Room left, else a block of the next list class up (if there is one and its pool has a block).
  const int next = mode_ == kList ? list_class_ + 1 : 0;
  if (count_ < capacity() || (next < WindowPools::kListClasses && toList(next, pools))) {
    itemArray()[count_] = item;
    stampArray()[count_] = uint16_t(tick);
    ++count_;
    if (mode_ == kList) filterAdd(item);
    return;
  }
  if (promote(newest_tick, g, pools)) {
    addDense(item, tick, g);
    return;
  }
  // Saturated: keep the most recently seen items, so the newest slots stay best covered.
  uint32_t oldest = 0;
  for (uint32_t i = 1; i < count_; ++i) {
    if (uint16_t(uint16_t(newest_tick) - stamps[i]) > uint16_t(uint16_t(newest_tick) - stamps[oldest])) oldest = i;
  }
  if (age < uint16_t(uint16_t(newest_tick) - stamps[oldest])) {
    items[oldest] = item;
    stamps[oldest] = uint16_t(tick);
    if (mode_ == kList) filterAdd(item);  // the replaced item's bits stay until the next rebuild: harmless
  }
}

void WindowDistinct::prefetchFor(const DistinctCounter& c, uint64_t tick, const WindowGeometry& g) const noexcept {
  if (mode_ == kInlineMode || c.empty() || c.isDense()) return;  // inline: in the set; dense: whole arrays
  if (mode_ == kList) {
    const auto* items = reinterpret_cast<const char*>(itemArray());
    __builtin_prefetch(items);
    __builtin_prefetch(items + 64);
    return;
  }
  const uint32_t* items = c.items();
  const uint8_t* position = slotArray(g.positionOf(g.slotOf(tick)));
  const uint8_t* all = unionArray(g);
  for (std::size_t i = 0; i < c.itemCount(); ++i) {
    __builtin_prefetch(position + hll::registerIndex(items[i]), 1);
    __builtin_prefetch(all + hll::registerIndex(items[i]), 1);
  }
}

void WindowDistinct::merge(const DistinctCounter& c, uint64_t tick, uint64_t newest_tick, const WindowGeometry& g,
                           WindowPools& pools) noexcept {
  if (c.empty()) return;
  if (c.isDense()) {
    if (mode_ != kDense && !promote(newest_tick, g, pools)) return;  // saturated: the dense side is lost
    const uint32_t p = g.positionOf(g.slotOf(tick));
    hll::merge(slotArray(p), c.registers());
    hll::merge(unionArray(g), c.registers());
    positions_ = uint8_t(positions_ | (1u << p));
    dense_items_ = UINT16_MAX;  // a tick's dense counter: many items, never a reclaim victim
    return;
  }
  const uint32_t* items = c.items();
  for (std::size_t i = 0; i < c.itemCount(); ++i)
    insert(items[i], tick, newest_tick, g, pools);
  if (c.isSaturated() && mode_ != kDense) saturated_ = 1;
}

DistinctCounter WindowDistinct::windowView(uint32_t valid_positions, uint64_t first_slot, uint64_t newest_tick,
                                           const WindowGeometry& g, uint8_t* scratch) const noexcept {
  if (mode_ == kDense) {
    const uint32_t use = valid_positions & positions_;
    if (use == positions_) {
      std::memcpy(scratch, unionArray(g), hll::kRegisters);
    } else if ((use & (use - 1)) == 0) {
      if (use == 0)
        std::memset(scratch, 0, hll::kRegisters);
      else
        std::memcpy(scratch, slotArray(uint32_t(__builtin_ctz(use))), hll::kRegisters);
    } else {
      std::memset(scratch, 0, hll::kRegisters);
      for (uint32_t p = 0; p < g.slots; ++p) {
        if (use & (1u << p)) hll::merge(scratch, slotArray(p));
      }
    }
    return DistinctCounter::overRegisters(scratch);
  }
  return stampedView(first_slot, newest_tick, g, scratch);
}

uint64_t WindowDistinct::windowEstimate(uint32_t valid_positions, uint64_t first_slot, uint64_t newest_tick,
                                        const WindowGeometry& g, uint8_t* scratch) const noexcept {
  // roll() left no stamped item older than the ring.
  if (mode_ != kDense && first_slot <= g.ringFirst(g.slotOf(newest_tick))) return count_;
  return windowView(valid_positions, first_slot, newest_tick, g, scratch).estimate();
}

DistinctCounter WindowDistinct::stampedView(uint64_t first_slot, uint64_t newest_tick, const WindowGeometry& g,
                                            uint8_t* scratch) const noexcept {
  const uint32_t* items = itemArray();
  const uint16_t* stamps = stampArray();
  auto* out = reinterpret_cast<uint32_t*>(scratch);
  std::size_t n = 0;
  for (uint32_t i = 0; i < count_; ++i) {
    if (g.slotOf(tickOf(stamps[i], newest_tick)) >= first_slot) out[n++] = items[i];
  }
  DistinctCounter c = DistinctCounter::overItems(out, n);
  if (saturated_) c.markSaturated();
  return c;
}

}  // namespace vigil::flow
