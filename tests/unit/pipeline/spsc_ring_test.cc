// Tests for SpscRing: capacity, FIFO order, and a two-thread transfer that loses and reorders nothing.
#include "pipeline/spsc_ring.h"

#include <gtest/gtest.h>

#include <thread>

namespace vigil::pipeline {
namespace {

TEST(SpscRingTest, RoundsCapacityUpAndRefusesWhenFull) {
  SpscRing<int> ring(3);
  EXPECT_EQ(ring.capacity(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(ring.tryPush(i));
  EXPECT_FALSE(ring.tryPush(99));
  ASSERT_NE(ring.front(), nullptr);
  EXPECT_EQ(*ring.front(), 0);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(ring.tryPop(), i);
  EXPECT_EQ(ring.tryPop(), std::nullopt);
  EXPECT_EQ(ring.front(), nullptr);
}

TEST(SpscRingTest, WrapsAround) {
  SpscRing<int> ring(2);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(ring.tryPush(i));
    ASSERT_EQ(ring.tryPop(), i);
  }
}

TEST(SpscRingTest, TwoThreadsTransferEverythingInOrder) {
  constexpr uint64_t kCount = 2'000'000;
  SpscRing<uint64_t> ring(64);
  std::thread producer([&] {
    for (uint64_t i = 0; i < kCount; ++i) {
      while (!ring.tryPush(i)) std::this_thread::yield();
    }
  });
  uint64_t expected = 0;
  while (expected < kCount) {
    if (std::optional<uint64_t> v = ring.tryPop()) {
      ASSERT_EQ(*v, expected);
      ++expected;
    }
  }
  producer.join();
  EXPECT_EQ(ring.tryPop(), std::nullopt);
}

}  // namespace
}  // namespace vigil::pipeline
