// SketchPool: bump allocation plus a free stack over one preallocated array.
#include "flow/sketch_pool.h"

#include <cstring>

namespace vigil::flow {

SketchPool::SketchPool(uint32_t blocks, std::size_t block_bytes)
    : blocks_(blocks), block_bytes_(block_bytes), storage_(std::size_t(blocks) * block_bytes), free_(blocks) {}

uint8_t* SketchPool::acquire() noexcept {
  uint32_t index;
  if (free_count_ > 0) {
    index = free_[--free_count_];
  } else if (bump_ < blocks_) {
    index = bump_++;
  } else {
    ++exhausted_;
    return nullptr;
  }
  uint8_t* block = storage_.data() + std::size_t(index) * block_bytes_;
  std::memset(block, 0, block_bytes_);
  return block;
}

void SketchPool::release(uint8_t* block) noexcept {
  // Integer arithmetic: comparing a foreign pointer with ours is not defined for raw pointers.
  const auto base = reinterpret_cast<std::uintptr_t>(storage_.data());
  const auto address = reinterpret_cast<std::uintptr_t>(block);
  if (block == nullptr || block_bytes_ == 0 || address < base) return;
  const std::size_t offset = address - base;
  const std::size_t index = offset / block_bytes_;
  if (index >= bump_ || offset % block_bytes_ != 0 || free_count_ >= blocks_) return;
  free_[free_count_++] = uint32_t(index);
}

void SketchPool::reset() noexcept {
  bump_ = 0;
  free_count_ = 0;
  exhausted_ = 0;
}

}  // namespace vigil::flow
