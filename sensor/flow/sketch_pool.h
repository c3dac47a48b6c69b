// SketchPool: a fixed set of equal-sized register blocks for dense sketches, allocated once, handed out in O(1).
#pragma once

#include <cstddef>
#include <cstdint>

#include "flow/large_array.h"

namespace vigil::flow {

/// Dense sketches are the exception (hosts with many distinct peers or ports), so tables keep a small
/// inline set per counter and take registers from a pool only when a set overflows. All storage is
/// allocated and zero-filled (so the pages are mapped) in the constructor; acquire/release never
/// allocate. When every block is in use acquire() returns nullptr and counts it in exhausted(): callers
/// degrade (a saturated counter) instead of growing.
///
/// Owned by one thread at a time together with the table that uses it. Not copyable.
class SketchPool {
 public:
  /// `blocks` blocks of `block_bytes` bytes each. With `track_owners`, the pool remembers who holds each
  /// block, so that an exhausted pool can take one back from a holder that needs it least (reclaim
  /// candidates: nextOwner(), transfer()).
  SketchPool(uint32_t blocks, std::size_t block_bytes, bool track_owners = false);
  SketchPool(const SketchPool&) = delete;
  SketchPool& operator=(const SketchPool&) = delete;

  /// A zeroed block, or nullptr when the pool is exhausted (counted). O(block_bytes) for the zeroing.
  /// `owner` is recorded when the pool tracks owners.
  uint8_t* acquire(void* owner = nullptr) noexcept;
  /// Owner of the next block in use after the pool's reclaim hand (which advances one block per
  /// call, round the pool), or nullptr when that block is free or owners are not tracked.
  void* nextOwner() noexcept;
  /// `block`, given up by its previous owner, now belongs to `owner`; returned zeroed. The acquire()
  /// that found the pool empty no longer counts as exhausted: it was served after all (reclaimed()).
  uint8_t* transfer(uint8_t* block, void* owner) noexcept;
  /// Blocks handed from one holder to another by transfer().
  uint64_t reclaimed() const noexcept { return reclaimed_; }
  /// Returns a block obtained from acquire(); null and foreign pointers are ignored.
  void release(uint8_t* block) noexcept;
  /// Every block becomes free at once, O(1); the exhausted() count restarts too. Blocks handed out
  /// before must no longer be used.
  void reset() noexcept;

  uint32_t capacity() const noexcept { return blocks_; }
  uint32_t inUse() const noexcept { return bump_ - free_count_; }
  /// acquire() calls that found no free block and were not served by a transfer() either, since
  /// construction or the last reset().
  uint64_t exhausted() const noexcept { return exhausted_; }
  std::size_t blockBytes() const noexcept { return block_bytes_; }

  /// What a pool of this shape allocates.
  static std::size_t memoryBytes(uint32_t blocks, std::size_t block_bytes) noexcept {
    return std::size_t(blocks) * (block_bytes + sizeof(uint32_t));
  }

 private:
  const uint32_t blocks_;
  const std::size_t block_bytes_;
  LargeArray<uint8_t> storage_;
  LargeArray<uint32_t> free_;  // stack of released block indices
  LargeArray<void*> owners_;   // per block, when tracked (empty otherwise)
  uint32_t hand_ = 0;          // reclaim clock hand
  uint32_t free_count_ = 0;
  uint32_t bump_ = 0;  // blocks [bump_, blocks_) have never been handed out since the last reset
  uint64_t exhausted_ = 0;
  uint64_t reclaimed_ = 0;
};

}  // namespace vigil::flow
