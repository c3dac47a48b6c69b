// WindowDistinct: one host's distinct set (peers or ports) over the sliding window.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "flow/distinct_counter.h"
#include "flow/hyper_log_log.h"
#include "flow/sketch_pool.h"

namespace vigil::flow {

/// Slot geometry of a window: slot(tick) = tick / slot_ticks, ring position = slot % slots.
struct WindowGeometry {
  uint32_t slots = 1;
  uint32_t slot_ticks = 1;

  uint64_t slotOf(uint64_t tick) const noexcept { return tick / slot_ticks; }
  uint32_t positionOf(uint64_t slot) const noexcept { return uint32_t(slot % slots); }
  /// Oldest slot of the ring that ends at `newest_slot` (the `slots` slots up to it, none before 0).
  uint64_t ringFirst(uint64_t newest_slot) const noexcept {
    return newest_slot + 1 >= slots ? newest_slot + 1 - slots : 0;
  }
};

/// The fixed pools a window's distinct sets grow into: stamped item lists in kListClasses sizes for
/// medium sets, and per-slot register blocks for large ones. Owned by the HostWindow, used on its thread.
struct WindowPools {
  static constexpr int kListClasses = 4;

  /// `lists` blocks of the smallest list class, and fewer of each larger one (listBlocks()); `dense`
  /// register blocks for `slots` ring positions (owners tracked, so an exhausted dense pool can reclaim).
  WindowPools(uint32_t lists, uint32_t dense, uint32_t slots);
  static std::size_t memoryBytes(uint32_t lists, uint32_t dense, uint32_t slots) noexcept;
  /// Blocks of list class `list_class` for a configured `lists`: all of them for the smallest class, then
  /// a quarter, an eighth and an eighth (far more sets hold a few dozen items than a few hundred, but
  /// the largest class also holds every set on its way to registers: on the 10M-packet 64-byte bench
  /// capture 2,005 sets of 5,935 hosts needed it). Together the larger classes cost twice the bytes of
  /// the smallest, and a fifth of the default dense pool's.
  static constexpr uint32_t listBlocks(uint32_t lists, int list_class) noexcept {
    return list_class == 0 ? lists : lists >> (list_class == 3 ? 3 : list_class + 1);
  }
  /// List blocks in use, every class.
  uint32_t listsInUse() const noexcept;

  SketchPool lists[kListClasses];  // class c holds WindowDistinct::listCapacity(c) items per block
  SketchPool dense;
};

/// Three representations, the set itself is always 64 bytes:
///  - inline: up to kInline items, each stamped with the (16-bit) tick it was last seen in, so window
///    counts are exact and items age out individually;
///  - list: the same, in a block from WindowPools::lists, of the smallest class that holds the items:
///    64, 128, 256 or 512 stamped items, and a presence filter of 4 bits per item (416 bytes to
///    3.25 KiB). The filter lets an item new to the list skip the scan of its items: on the 10M-packet
///    bench captures, 93-95 % of the items compared were in scans that found nothing. A full list moves
///    to the next class. Most sets that outgrow the inline items stay here, exact: a client's few dozen
///    servers, a server's clients, and the few hundred ephemeral ports a busy host uses in a window,
///    which would otherwise each take a register block 5 to 37 times larger, and cost a register
///    rebuild per slot change. A list whose items age out to at most half of a smaller class moves down
///    to the smallest such class; at kInline items it is inline again;
///  - dense: a block from WindowPools::dense with one HyperLogLog register array per ring position and
///    one for the union of the positions holding data. The window estimate is
///    the union of the arrays of the positions still inside the window: detectors ask for it every
///    tick, so the union of all positions is kept up to date as items arrive (one more register
///    update) and rebuilt only when a position is reused; a view covering every position copies it, a
///    view of one position copies that one. When every position has aged out the block goes back to
///    the pool and the set is inline (empty) again.
/// A set that finds the pool of its next list class empty goes straight to dense. If the dense pool is
/// empty when a set must become dense, the set takes the block of the smallest of a few dense sets it
/// samples from the pool (clock order), provided that one holds fewer than kReclaimBelow items: a set
/// that small decides no sensible rule, while the new one may be a scan that has just begun. A
/// candidate's size is the count of items added since it became dense when that is already small (an
/// upper bound, free), else the registers set in any of its slots, counted only up to kReclaimBelow
/// (below that, the linear-counting size). A set samples at most once per tick. Without a block to take
/// it stays inline or list and "saturated": it keeps the most recently seen items and its views are
/// flagged as lower bounds (the dense pool counts the failure). A set that gave its block up becomes an
/// empty saturated inline set (a lower bound) and may grow again later.
///
/// This class holds no geometry or ring state of its own: HostWindow drives it (roll on slot change,
/// merge per tick table) for the entry it belongs to, on the aggregator thread.
class WindowDistinct {
 public:
  static constexpr std::size_t kInline = 8;
  /// Stamped items in a list block of class `list_class` (0 .. WindowPools::kListClasses - 1).
  static constexpr std::size_t listCapacity(int list_class) noexcept {
    return DistinctCounter::kListCapacity << list_class;
  }
  /// Bits of a list block's presence filter: four per item it can hold.
  static constexpr std::size_t filterBits(int list_class) noexcept { return listCapacity(list_class) * 4; }
  /// Where a list block's presence filter starts: after the items and their stamps.
  static constexpr std::size_t filterOffset(int list_class) noexcept {
    return listCapacity(list_class) * (sizeof(uint32_t) + sizeof(uint16_t));
  }
  /// A list block: the items, then their stamps, then the presence filter.
  static constexpr std::size_t listBytes(int list_class) noexcept {
    return filterOffset(list_class) + filterBits(list_class) / 8;
  }
  /// Items of the largest list class.
  static constexpr std::size_t kMaxListItems = DistinctCounter::kListCapacity << (WindowPools::kListClasses - 1);
  /// Reclaiming: dense sets sampled per exhausted promotion, and the size below which one gives up its block.
  static constexpr int kReclaimCandidates = 8;
  static constexpr uint16_t kReclaimBelow = 32;

  /// Bytes of one dense block for `slots` ring positions (plus the union).
  static constexpr std::size_t blockBytes(uint32_t slots) noexcept {
    return (std::size_t(slots) + 1) * hll::kRegisters;
  }

  /// Returns any block to `pools` and empties the set.
  void reset(WindowPools& pools) noexcept;
  /// The entry's newest slot moves from `from_slot` to `to_slot` (> from_slot): the ring positions of
  /// the slots in between are reused, so their contents leave the window. `newest_tick` is the newest
  /// tick merged so far (reference for the 16-bit stamps).
  void roll(uint64_t from_slot, uint64_t to_slot, uint64_t newest_tick, const WindowGeometry& g,
            WindowPools& pools) noexcept;
  /// Hints the lines that merge(c, tick, ...) reads first: the head of a list (whose later lines the
  /// hardware prefetcher streams in as the item search walks them), or the registers of c's items in
  /// the slot's and the union's arrays. The blocks of thousands of sets do not stay in cache from one
  /// tick to the next; hinted first, for all four sets of a host, their misses overlap.
  void prefetchFor(const DistinctCounter& c, uint64_t tick, const WindowGeometry& g) const noexcept;
  /// Adds one tick table's counter for `tick` (<= newest_tick, inside the entry's window).
  void merge(const DistinctCounter& c, uint64_t tick, uint64_t newest_tick, const WindowGeometry& g,
             WindowPools& pools) noexcept;

  /// The set over the ring positions in `valid_positions` (bit per position) and, for stamped items,
  /// slots >= first_slot. List and dense results are built in `scratch` (hll::kRegisters bytes, 4-byte
  /// aligned) and point to it.
  DistinctCounter windowView(uint32_t valid_positions, uint64_t first_slot, uint64_t newest_tick,
                             const WindowGeometry& g, uint8_t* scratch) const noexcept;
  /// windowView(...).estimate(), without building the view when every stamped item is inside it (a view
  /// that starts no later than the oldest slot of the ring ending at `newest_tick`: roll() keeps nothing
  /// older).
  uint64_t windowEstimate(uint32_t valid_positions, uint64_t first_slot, uint64_t newest_tick, const WindowGeometry& g,
                          uint8_t* scratch) const noexcept;

  bool isDense() const noexcept { return mode_ == kDense; }
  bool isList() const noexcept { return mode_ == kList; }
  bool isSaturated() const noexcept { return saturated_ != 0; }

 private:
  enum Mode : uint8_t { kInlineMode = 0, kList = 1, kDense = 2 };

  /// Items the current representation holds before it must grow.
  std::size_t capacity() const noexcept { return mode_ == kList ? listCapacity(list_class_) : kInline; }
  uint8_t* slotArray(uint32_t position) const noexcept { return block_ + std::size_t(position) * hll::kRegisters; }
  uint8_t* unionArray(const WindowGeometry& g) const noexcept { return slotArray(g.slots); }
  /// Stamped items of an inline or list set.
  uint32_t* itemArray() noexcept { return mode_ == kList ? reinterpret_cast<uint32_t*>(block_) : items_; }
  const uint32_t* itemArray() const noexcept { return const_cast<WindowDistinct*>(this)->itemArray(); }
  uint16_t* stampArray() noexcept { return mode_ == kList ? listStamps(block_, list_class_) : stamps_; }
  const uint16_t* stampArray() const noexcept { return const_cast<WindowDistinct*>(this)->stampArray(); }
  /// The stamps of list block `block` of class `list_class`, after its items.
  static uint16_t* listStamps(uint8_t* block, int list_class) noexcept {
    return reinterpret_cast<uint16_t*>(block + listCapacity(list_class) * sizeof(uint32_t));
  }
  /// A list's presence filter (filterBits() bits, after the stamps): two bits per item ever added since
  /// the filter was last rebuilt. A clear bit proves an item absent, which is most lookups into long lists
  /// (a scanner's or a busy server's new peers and ports); those then skip the scan of the items.
  static uint64_t* listFilter(uint8_t* block, int list_class) noexcept {
    return reinterpret_cast<uint64_t*>(block + filterOffset(list_class));
  }
  /// The two filter bits of `item` (items are hash bits, so any two slices of them are independent).
  static std::pair<uint32_t, uint32_t> filterBitsOf(uint32_t item, int list_class) noexcept {
    const uint32_t mask = uint32_t(filterBits(list_class) - 1);
    return {item & mask, (item >> 16) & mask};
  }
  void filterAdd(uint32_t item) noexcept;
  bool filterMayHold(uint32_t item) const noexcept;
  /// Clears the list's filter and sets the bits of the items it holds now (after items leave it).
  void rebuildFilter() noexcept;
  /// Absolute tick of stamp i, given the newest tick (every stamp is at most ~kMaxWindowTicks older).
  static uint64_t tickOf(uint16_t stamp, uint64_t newest_tick) noexcept {
    return newest_tick - uint16_t(uint16_t(newest_tick) - stamp);
  }
  void addDense(uint32_t item, uint64_t tick, const WindowGeometry& g) noexcept;
  void insert(uint32_t item, uint64_t tick, uint64_t newest_tick, const WindowGeometry& g, WindowPools& pools) noexcept;
  /// Moves the stamped items into a list block of class `list_class` (and gives a previous list block
  /// back); false if that class's pool is empty.
  bool toList(int list_class, WindowPools& pools) noexcept;
  /// A list block, or nothing, goes back to its pool.
  void releaseList(WindowPools& pools) noexcept;
  /// Moves the stamped items into a dense block (taken or reclaimed); false (and saturated) if none.
  bool promote(uint64_t newest_tick, const WindowGeometry& g, WindowPools& pools) noexcept;
  /// A block taken from the smallest sampled dense set of `pool` (see above), or nullptr.
  uint8_t* reclaim(uint64_t newest_tick, const WindowGeometry& g, SketchPool& pool) noexcept;
  /// Registers set in the union of the ring positions, counted up to `limit` (dense sets only).
  uint16_t occupiedRegisters(const WindowGeometry& g, uint16_t limit) const noexcept;
  /// Stamped items of the slots >= first_slot, as a counter over `scratch`.
  DistinctCounter stampedView(uint64_t first_slot, uint64_t newest_tick, const WindowGeometry& g,
                              uint8_t* scratch) const noexcept;

  uint32_t items_[kInline] = {};
  uint16_t stamps_[kInline] = {};
  uint8_t* block_ = nullptr;   // list: listBytes(list_class_); dense: blockBytes(slots)
  uint16_t count_ = 0;         // inline and list: stamped items
  uint16_t dense_items_ = 0;   // dense: items added since it became dense (an upper bound of its size)
  uint16_t reclaim_tick_ = 0;  // low bits of (tick + 1) of this set's last sampling for a block
  uint8_t positions_ = 0;      // dense: ring positions whose register array holds data
  uint8_t mode_ : 2 = kInlineMode;
  uint8_t saturated_ : 1 = 0;
  uint8_t list_class_ : 2 = 0;  // list: the class of block_
};

static_assert(sizeof(WindowDistinct) == 64);
static_assert(WindowDistinct::filterOffset(0) % sizeof(uint64_t) == 0 &&
                  WindowDistinct::filterBits(WindowPools::kListClasses - 1) <= (1u << 16),
              "the filter starts on a word boundary, and 16-bit slices of an item index it");
static_assert(WindowDistinct::kMaxListItems <= DistinctCounter::kMaxViewItems &&
                  WindowDistinct::kMaxListItems <= UINT16_MAX,
              "a view of the largest list fits one scratch block, as one DistinctCounter; count_ holds it");

}  // namespace vigil::flow
