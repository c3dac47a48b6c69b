// SketchPool: bump allocation plus a free stack over one preallocated array.
#include "flow/sketch_pool.h"

#include <cstring>

namespace vigil::flow {

SketchPool::SketchPool(uint32_t blocks, std::size_t block_bytes, bool track_owners)
    : blocks_(blocks),
      block_bytes_(block_bytes),
      storage_(std::size_t(blocks) * block_bytes),
      free_(blocks),
      owners_(track_owners ? blocks : 0) {}

void* SketchPool::nextOwner() noexcept {
  if (owners_.size() == 0 || bump_ == 0) return nullptr;
  if (hand_ >= bump_) hand_ = 0;
  return owners_[hand_++];
}

uint8_t* SketchPool::transfer(uint8_t* block, void* owner) noexcept {
  const std::size_t index = std::size_t(block - storage_.data()) / block_bytes_;
  if (owners_.size() != 0) owners_[index] = owner;
  if (exhausted_ > 0) --exhausted_;
  ++reclaimed_;
  std::memset(block, 0, block_bytes_);
  return block;
}

uint8_t* SketchPool::acquire(void* owner) noexcept {
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
  if (owners_.size() != 0) owners_[index] = owner;
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
  if (owners_.size() != 0) owners_[index] = nullptr;
}

void SketchPool::reset() noexcept {
  bump_ = 0;
  free_count_ = 0;
  exhausted_ = 0;
  reclaimed_ = 0;
  hand_ = 0;
  for (std::size_t i = 0; i < owners_.size(); ++i)
    owners_[i] = nullptr;
}

}  // namespace vigil::flow
