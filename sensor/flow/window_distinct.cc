// WindowDistinct: stamped sparse items, per-slot register arrays, ageing and views.
#include "flow/window_distinct.h"

#include <cstring>

namespace vigil::flow {

void WindowDistinct::reset(SketchPool& pool) noexcept {
  if (block_ != nullptr) pool.release(block_);
  *this = WindowDistinct{};
}

void WindowDistinct::roll(uint64_t from_slot, uint64_t to_slot, uint64_t newest_tick, const WindowGeometry& g,
                          SketchPool& pool) noexcept {
  if (block_ != nullptr) {
    const uint64_t last = to_slot - from_slot >= g.slots ? from_slot + g.slots : to_slot;
    for (uint64_t s = from_slot + 1; s <= last; ++s) {
      const uint32_t p = g.positionOf(s);
      if (positions_ & (1u << p)) std::memset(slotArray(p), 0, hll::kRegisters);
      positions_ = uint8_t(positions_ & ~(1u << p));
    }
    if (positions_ == 0) {
      reset(pool);
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
  const uint64_t first_valid = to_slot + 1 >= g.slots ? to_slot + 1 - g.slots : 0;
  uint8_t kept = 0;
  for (uint8_t i = 0; i < count_; ++i) {
    if (g.slotOf(tickOf(stamps_[i], newest_tick)) < first_valid) continue;
    items_[kept] = items_[i];
    stamps_[kept] = stamps_[i];
    ++kept;
  }
  count_ = kept;
}

void WindowDistinct::beginTick(const WindowGeometry& g) noexcept {
  if (block_ != nullptr) std::memset(lastArray(g), 0, hll::kRegisters);
}

void WindowDistinct::addDense(uint32_t item, uint64_t tick, uint64_t newest_tick, const WindowGeometry& g) noexcept {
  const uint32_t p = g.positionOf(g.slotOf(tick));
  hll::add(slotArray(p), item);
  hll::add(unionArray(g), item);
  positions_ = uint8_t(positions_ | (1u << p));
  if (dense_items_ != UINT16_MAX) ++dense_items_;
  if (tick == newest_tick) hll::add(lastArray(g), item);
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
    if (candidate == nullptr || candidate == this || candidate->block_ == nullptr) continue;
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
  victim->positions_ = 0;
  victim->count_ = 0;
  victim->saturated_ = 1;
  victim->dense_items_ = 0;
  return pool.transfer(block, this);
}

bool WindowDistinct::promote(uint64_t newest_tick, const WindowGeometry& g, SketchPool& pool) noexcept {
  uint8_t* block = pool.acquire(this);
  if (block == nullptr) block = reclaim(newest_tick, g, pool);
  if (block == nullptr) {
    saturated_ = 1;
    return false;
  }
  block_ = block;
  positions_ = 0;
  saturated_ = 0;
  dense_items_ = 0;
  for (uint8_t i = 0; i < count_; ++i)
    addDense(items_[i], tickOf(stamps_[i], newest_tick), newest_tick, g);
  count_ = 0;
  return true;
}

void WindowDistinct::insert(uint32_t item, uint64_t tick, uint64_t newest_tick, const WindowGeometry& g,
                            SketchPool& pool) noexcept {
  if (block_ != nullptr) {
    addDense(item, tick, newest_tick, g);
    return;
  }
  const uint16_t age = uint16_t(newest_tick - tick);
  for (uint8_t i = 0; i < count_; ++i) {
    if (items_[i] != item) continue;
    if (age < uint16_t(uint16_t(newest_tick) - stamps_[i])) stamps_[i] = uint16_t(tick);
    return;
  }
  if (count_ < kInline) {
    items_[count_] = item;
    stamps_[count_] = uint16_t(tick);
    ++count_;
    return;
  }
  if (promote(newest_tick, g, pool)) {
    addDense(item, tick, newest_tick, g);
    return;
  }
  // Saturated: keep the most recently seen items, so the last tick and the newest slots stay best covered.
  uint8_t oldest = 0;
  for (uint8_t i = 1; i < count_; ++i) {
    if (uint16_t(uint16_t(newest_tick) - stamps_[i]) > uint16_t(uint16_t(newest_tick) - stamps_[oldest])) oldest = i;
  }
  if (age < uint16_t(uint16_t(newest_tick) - stamps_[oldest])) {
    items_[oldest] = item;
    stamps_[oldest] = uint16_t(tick);
  }
}

void WindowDistinct::merge(const DistinctCounter& c, uint64_t tick, uint64_t newest_tick, const WindowGeometry& g,
                           SketchPool& pool) noexcept {
  if (c.empty()) return;
  if (c.isDense()) {
    if (block_ == nullptr && !promote(newest_tick, g, pool)) return;  // saturated: the dense side is lost
    const uint32_t p = g.positionOf(g.slotOf(tick));
    hll::merge(slotArray(p), c.registers());
    hll::merge(unionArray(g), c.registers());
    positions_ = uint8_t(positions_ | (1u << p));
    if (tick == newest_tick) hll::merge(lastArray(g), c.registers());
    dense_items_ = UINT16_MAX;  // a tick's dense counter: many items, never a reclaim victim
    return;
  }
  const uint32_t* items = c.items();
  for (std::size_t i = 0; i < c.itemCount(); ++i)
    insert(items[i], tick, newest_tick, g, pool);
  if (c.isSaturated() && block_ == nullptr) saturated_ = 1;
}

DistinctCounter WindowDistinct::windowView(uint32_t valid_positions, uint64_t first_slot, uint64_t newest_tick,
                                           const WindowGeometry& g, uint8_t* scratch) const noexcept {
  if (block_ != nullptr) {
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
  uint32_t items[kInline];
  std::size_t n = 0;
  for (uint8_t i = 0; i < count_; ++i) {
    if (g.slotOf(tickOf(stamps_[i], newest_tick)) >= first_slot) items[n++] = items_[i];
  }
  DistinctCounter c = DistinctCounter::ofItems(items, n);
  if (saturated_) c.markSaturated();
  return c;
}

DistinctCounter WindowDistinct::lastTickView(uint64_t newest_tick, const WindowGeometry& g,
                                             uint8_t* scratch) const noexcept {
  if (block_ != nullptr) {
    std::memcpy(scratch, lastArray(g), hll::kRegisters);
    return DistinctCounter::overRegisters(scratch);
  }
  uint32_t items[kInline];
  std::size_t n = 0;
  for (uint8_t i = 0; i < count_; ++i) {
    if (stamps_[i] == uint16_t(newest_tick)) items[n++] = items_[i];
  }
  DistinctCounter c = DistinctCounter::ofItems(items, n);
  if (saturated_) c.markSaturated();
  return c;
}

}  // namespace vigil::flow
