// DistinctCounter: inline and list inserts, growth into pooled blocks, merges and estimates.
#include "flow/distinct_counter.h"

#include <cmath>
#include <cstring>

#include "flow/item_search.h"

namespace vigil::flow {

DistinctPools::DistinctPools(uint32_t lists_count, uint32_t dense_count)
    : lists(lists_count, DistinctCounter::kListBytes), dense(dense_count, DistinctCounter::kDenseBytes) {}

std::size_t DistinctPools::memoryBytes(uint32_t lists_count, uint32_t dense_count) noexcept {
  return SketchPool::memoryBytes(lists_count, DistinctCounter::kListBytes) +
         SketchPool::memoryBytes(dense_count, DistinctCounter::kDenseBytes);
}

void DistinctCounter::addItem(uint32_t item, DistinctPools& pools) noexcept {
  switch (mode_) {
    case kDense:
      hll::add(dense_, item);
      return;
    case kInlineMode:
      if (containsItem(items_, count_, item)) return;
      if (count_ < kInline) {
        items_[count_++] = item;
        return;
      }
      break;
    default:
      if (containsItem(list_, count_, item)) return;
      if (count_ < kListCapacity) {
        list_[count_++] = item;
        return;
      }
      break;
  }
  if (saturated_ || !grow(pools)) return;
  addItem(item, pools);  // one level up: recursion depth at most two
}

bool DistinctCounter::grow(DistinctPools& pools) noexcept {
  if (mode_ == kInlineMode) {
    if (uint8_t* block = pools.lists.acquire()) {
      auto* list = reinterpret_cast<uint32_t*>(block);
      for (uint32_t i = 0; i < count_; ++i)
        list[i] = items_[i];
      list_ = list;
      mode_ = kList;
      return true;
    }
  }
  return toDense(pools);
}

bool DistinctCounter::toDense(DistinctPools& pools) noexcept {
  uint8_t* block = pools.dense.acquire();
  if (block == nullptr) {
    saturated_ = 1;
    return false;
  }
  const uint32_t* from = mode_ == kList ? list_ : items_;
  for (uint32_t i = 0; i < count_; ++i)
    hll::add(block, from[i]);
  if (mode_ == kList) pools.lists.release(reinterpret_cast<uint8_t*>(list_));
  dense_ = block;
  count_ = 0;
  mode_ = kDense;
  saturated_ = 0;
  return true;
}

void DistinctCounter::merge(const DistinctCounter& other, DistinctPools& pools) noexcept {
  if (&other == this || other.empty()) return;
  if (other.mode_ == kDense) {
    if (mode_ != kDense && !toDense(pools)) return;
    hll::merge(dense_, other.dense_);
    return;
  }
  // Copy first: growing this counter must not disturb what we read (other never shares our blocks,
  // but a copy of this counter might be passed as `other`).
  uint32_t items[kMaxViewItems];
  const std::size_t n = other.itemCount();
  const uint32_t* from = other.items();
  for (std::size_t i = 0; i < n; ++i)
    items[i] = from[i];
  for (std::size_t i = 0; i < n; ++i)
    addItem(items[i], pools);
  // The other side lost items when it saturated, so an exact-looking result would claim too much.
  if (other.saturated_) markSaturated();
}

uint64_t DistinctCounter::estimate() const noexcept {
  if (mode_ == kDense) return uint64_t(std::llround(hll::estimate(dense_)));
  return count_;
}

void DistinctCounter::release(DistinctPools& pools) noexcept {
  if (mode_ == kList) pools.lists.release(reinterpret_cast<uint8_t*>(list_));
  if (mode_ == kDense) pools.dense.release(dense_);
  clear();
}

DistinctCounter DistinctCounter::overRegisters(uint8_t* registers) noexcept {
  DistinctCounter c;
  if (registers == nullptr) return c;
  c.dense_ = registers;
  c.mode_ = kDense;
  return c;
}

DistinctCounter DistinctCounter::overItems(uint32_t* items, std::size_t n) noexcept {
  if (n <= kInline) return ofItems(items, n);
  DistinctCounter c;
  c.list_ = items;
  c.count_ = uint16_t(n < kMaxViewItems ? n : kMaxViewItems);
  c.mode_ = kList;
  return c;
}

DistinctCounter DistinctCounter::ofItems(const uint32_t* items, std::size_t n) noexcept {
  DistinctCounter c;
  const std::size_t k = n < kInline ? n : kInline;
  for (std::size_t i = 0; i < k; ++i)
    c.items_[i] = items[i];
  c.count_ = uint16_t(k);
  return c;
}

}  // namespace vigil::flow
