// SpscRing: a fixed-capacity, lock-free single-producer/single-consumer queue for handing work between threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <new>
#include <optional>

namespace vigil::pipeline {

/// Bounded ring (after DPDK's rte_ring in SP/SC mode): one producer thread calls tryPush, one consumer
/// thread calls tryPop. Head and tail live on separate cache lines so the two sides never share a
/// written line. Storage is allocated once in the constructor; push/pop never allocate or block.
/// T must be trivially copyable in practice (pointers, small structs).
template <typename T>
class SpscRing {
 public:
  /// capacity is rounded up to a power of two (minimum 2).
  explicit SpscRing(std::size_t capacity) : mask_(roundUp(capacity) - 1), slots_(new T[mask_ + 1]) {}

  SpscRing(const SpscRing&) = delete;
  SpscRing& operator=(const SpscRing&) = delete;

  /// Producer side. False when full.
  bool tryPush(const T& value) noexcept {
    const std::size_t head = head_.load(std::memory_order_relaxed);
    if (head - cached_tail_ > mask_) {
      cached_tail_ = tail_.load(std::memory_order_acquire);
      if (head - cached_tail_ > mask_) return false;
    }
    slots_[head & mask_] = value;
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

  /// Consumer side. nullopt when empty.
  std::optional<T> tryPop() noexcept {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail == cached_head_) {
      cached_head_ = head_.load(std::memory_order_acquire);
      if (tail == cached_head_) return std::nullopt;
    }
    T value = slots_[tail & mask_];
    tail_.store(tail + 1, std::memory_order_release);
    return value;
  }

  /// Consumer side: the oldest element without removing it, or nullptr when empty.
  const T* front() noexcept {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail == cached_head_) {
      cached_head_ = head_.load(std::memory_order_acquire);
      if (tail == cached_head_) return nullptr;
    }
    return &slots_[tail & mask_];
  }

  std::size_t capacity() const noexcept { return mask_ + 1; }

 private:
  static std::size_t roundUp(std::size_t n) {
    std::size_t p = 2;
    while (p < n) p <<= 1;
    return p;
  }

  static constexpr std::size_t kLine = 64;
  const std::size_t mask_;
  std::unique_ptr<T[]> slots_;
  alignas(kLine) std::atomic<std::size_t> head_{0};  // written by the producer
  std::size_t cached_tail_ = 0;                      // producer's last view of tail_
  alignas(kLine) std::atomic<std::size_t> tail_{0};  // written by the consumer
  std::size_t cached_head_ = 0;                      // consumer's last view of head_
};

}  // namespace vigil::pipeline
