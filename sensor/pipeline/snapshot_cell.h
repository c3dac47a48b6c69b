// SnapshotCell: a value of plain 64-bit counters published by one thread and read by others without locks.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <type_traits>

namespace vigil::pipeline {

/// T must be trivially copyable and made of 64-bit counters only (its size a multiple of 8). The writer
/// copies its private counters in with relaxed stores now and then (per tick, every few thousand bursts);
/// readers (the metrics scrape) get each field whole, possibly from two publications: fine for monotonic
/// counters shown seconds apart. Costs the writer sizeof(T)/8 stores per publish and nothing per packet.
template <typename T>
class SnapshotCell {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) % 8 == 0, "SnapshotCell needs 64-bit counters");
  static constexpr std::size_t kWords = sizeof(T) / 8;

 public:
  void publish(const T& value) noexcept {
    const auto words = std::bit_cast<std::array<uint64_t, kWords>>(value);
    for (std::size_t i = 0; i < kWords; ++i)
      words_[i].store(words[i], std::memory_order_relaxed);
  }
  T read() const noexcept {
    std::array<uint64_t, kWords> words;
    for (std::size_t i = 0; i < kWords; ++i)
      words[i] = words_[i].load(std::memory_order_relaxed);
    return std::bit_cast<T>(words);
  }

 private:
  std::array<std::atomic<uint64_t>, kWords> words_{};
};

}  // namespace vigil::pipeline
