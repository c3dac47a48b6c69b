// DistinctCounter: a mergeable distinct count, exact while small, a pooled HyperLogLog once it grows.
#pragma once

#include <cstddef>
#include <cstdint>

#include "flow/hyper_log_log.h"
#include "flow/sketch_pool.h"

namespace vigil::flow {

/// The two fixed pools a table's distinct counters grow into: item lists (256 bytes) for medium sets,
/// HyperLogLog register blocks (2 KiB) for large ones. Owned by the table, reset with it.
struct DistinctPools {
  DistinctPools(uint32_t lists, uint32_t dense);

  /// Every block free again, O(1); exhaustion counts restart.
  void reset() noexcept {
    lists.reset();
    dense.reset();
  }
  /// Promotions that found their pool empty since the last reset().
  uint64_t exhausted() const noexcept { return lists.exhausted() + dense.exhausted(); }
  static std::size_t memoryBytes(uint32_t lists, uint32_t dense) noexcept;

  SketchPool lists;
  SketchPool dense;
};

/// Counts distinct items (peer addresses, ports), each given as its 64-bit hash (flow_hash.h).
///
/// Three representations, the counter itself is always 40 bytes:
///  - inline: up to kInline distinct 32-bit items in the counter; estimate() is exact (up to 32-bit hash
///    collisions: about 1 in 10^7 for 64 items);
///  - list: up to kListCapacity items in a 256-byte block from DistinctPools::lists, still exact. Most
///    "busy" hosts (a few dozen peers or ports per tick) end here, at an eighth of a register block;
///  - dense: a HyperLogLog register block (2 KiB, p = 11, ~2.3 % standard error) from
///    DistinctPools::dense.
/// A promotion that finds its pool empty (a list is skipped straight to dense when only the list pool
/// is empty) leaves the counter "saturated": it keeps the items it has and estimate() is a lower bound
/// (isSaturated() tells; the pool counted the failure). Adding an item directly to a dense counter and
/// promoting a set that holds it give the same registers, so add and merge commute and merge is
/// associative in every combination.
///
/// Ownership: the counter does NOT own its blocks. They belong to the pools of the table holding the
/// counter, so a copy aliases the same blocks and is valid only while that table is not cleared.
/// Trivially copyable; never allocates. One thread at a time.
class DistinctCounter {
 public:
  static constexpr std::size_t kInline = 8;
  static constexpr std::size_t kListCapacity = 64;
  static constexpr std::size_t kListBytes = kListCapacity * sizeof(uint32_t);
  static constexpr std::size_t kDenseBytes = hll::kRegisters;
  /// Items a view over someone else's items may hold (overItems): as many as fill a register block,
  /// the size of the scratch blocks views are built in.
  static constexpr std::size_t kMaxViewItems = hll::kRegisters / sizeof(uint32_t);

  /// Adds the item for `hash`. O(items) up to kListCapacity, then O(1); a promotion copies the items.
  void add(uint64_t hash, DistinctPools& pools) noexcept { addItem(itemOf(hash), pools); }
  /// Adds a 32-bit item (itemOf(hash)).
  void addItem(uint32_t item, DistinctPools& pools) noexcept;
  /// this = this ∪ other. `pools` supply blocks if this counter must grow.
  void merge(const DistinctCounter& other, DistinctPools& pools) noexcept;

  /// Exact while inline or list (a lower bound if saturated); HyperLogLog estimate (rounded) when dense.
  uint64_t estimate() const noexcept;

  bool empty() const noexcept { return mode_ != kDense && count_ == 0; }
  bool isDense() const noexcept { return mode_ == kDense; }
  bool isList() const noexcept { return mode_ == kList; }
  bool isSaturated() const noexcept { return saturated_ != 0; }
  /// Items of an inline or list counter (none when dense): count and array.
  std::size_t itemCount() const noexcept { return mode_ == kDense ? 0 : count_; }
  const uint32_t* items() const noexcept { return mode_ == kList ? list_ : mode_ == kInlineMode ? items_ : nullptr; }
  /// Dense registers (kDenseBytes), or nullptr when not dense.
  const uint8_t* registers() const noexcept { return mode_ == kDense ? dense_ : nullptr; }

  /// Returns blocks to `pools` and empties the counter.
  void release(DistinctPools& pools) noexcept;
  /// Empties the counter without returning blocks (for when the pools themselves are reset).
  void clear() noexcept { *this = DistinctCounter{}; }

  /// A dense counter over registers owned by someone else (e.g. a window's scratch block).
  static DistinctCounter overRegisters(uint8_t* registers) noexcept;
  /// An inline counter holding `n` (<= kInline, extra ones dropped) items, assumed distinct.
  static DistinctCounter ofItems(const uint32_t* items, std::size_t n) noexcept;
  /// A counter over `n` (<= kMaxViewItems, extra ones dropped) distinct items owned by someone else (e.g.
  /// a window's scratch block): inline when they fit, else a list pointing at `items`, exact. A view, not
  /// for add(): never release() it. It may hold more than kListCapacity items (a window's long lists).
  static DistinctCounter overItems(uint32_t* items, std::size_t n) noexcept;
  /// Marks a non-dense counter as a lower bound (its source had saturated).
  void markSaturated() noexcept {
    if (mode_ != kDense) saturated_ = 1;
  }

  static constexpr uint32_t itemOf(uint64_t hash) noexcept { return uint32_t(hash >> 32); }

 private:
  enum Mode : uint8_t { kInlineMode = 0, kList = 1, kDense = 2 };

  /// Grows a full inline or list counter by one level; false (and saturated) if no pool has room.
  bool grow(DistinctPools& pools) noexcept;
  /// Moves the items into a fresh register block; false (and saturated) if the dense pool is empty.
  bool toDense(DistinctPools& pools) noexcept;

  union {
    uint32_t items_[kInline] = {};
    uint32_t* list_;
    uint8_t* dense_;
  };
  uint16_t count_ = 0;  // up to kListCapacity, or kMaxViewItems in a view
  uint8_t mode_ = kInlineMode;
  uint8_t saturated_ = 0;
};

static_assert(sizeof(DistinctCounter) == 40, "DistinctCounter is sized for per-host memory budgets");

}  // namespace vigil::flow
