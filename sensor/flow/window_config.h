// WindowConfig: size and length of the aggregator's sliding host window, and how it is cut into slots.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vigil::flow {

/// The window keeps, per host, kWindowSlots ring slots of slot_ticks ticks each rather than one copy per
/// tick (see host_window.h for the granularity this implies).
inline constexpr uint32_t kWindowSlots = 6;
/// Upper bound on window_ticks: sparse distinct sets stamp items with 16-bit tick numbers.
inline constexpr uint32_t kMaxWindowTicks = 30000;

struct WindowConfig {
  uint32_t host_capacity = 1u << 18;  // hosts tracked over the window (rounded up to a power of two)
  uint32_t window_ticks = 60;         // window length in ticks, 1..kMaxWindowTicks
  /// Dense distinct-count blocks for hosts whose peers/ports overflow the inline set within the window;
  /// each block holds one register array per slot plus the union ((slots() + 1) * 2 KiB).
  /// 0 = host_capacity / 8, at least 64: sets past the 512 items of the largest list (a busy server's
  /// clients, a scanner's targets) need one each, and a set that finds the pool empty stays a lower
  /// bound for its whole window.
  uint32_t dense_sketches = 0;
  /// Item-list blocks of the smallest class (64 items, 384 bytes) for sets that outgrow the inline items;
  /// the larger classes (128 to 512 items) get a quarter, an eighth and an eighth as many blocks
  /// (WindowPools::listBlocks). 0 = host_capacity / 2, at least 64.
  uint32_t list_sketches = 0;

  /// window_ticks clamped to [1, kMaxWindowTicks].
  uint32_t windowTicks() const noexcept;
  /// Ticks per slot: ceil(windowTicks() / kWindowSlots).
  uint32_t slotTicks() const noexcept;
  /// Slots in use: ceil(windowTicks() / slotTicks()) <= kWindowSlots.
  uint32_t slots() const noexcept;
  uint32_t hostSlots() const noexcept;
  uint32_t denseSketches() const noexcept;
  uint32_t listSketches() const noexcept;
  /// What a HostWindow with this configuration allocates.
  std::size_t memoryBytes() const;
};

}  // namespace vigil::flow
