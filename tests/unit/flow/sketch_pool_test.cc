// Tests for SketchPool: O(1) acquire and release, exhaustion counting, reset.
#include "flow/sketch_pool.h"

#include <gtest/gtest.h>

namespace vigil::flow {
namespace {

TEST(SketchPoolTest, AcquireReleaseReset) {
  SketchPool pool(2, 64);
  uint8_t* a = pool.acquire();
  uint8_t* b = pool.acquire();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(pool.acquire(), nullptr);
  EXPECT_EQ(pool.exhausted(), 1u);
  a[5] = 42;
  pool.release(a);
  uint8_t foreign[64];
  pool.release(foreign);  // ignored
  pool.release(nullptr);  // ignored
  uint8_t* c = pool.acquire();
  EXPECT_EQ(c, a);
  EXPECT_EQ(c[5], 0);  // zeroed on acquire
  EXPECT_EQ(pool.inUse(), 2u);
  pool.reset();
  EXPECT_EQ(pool.inUse(), 0u);
  EXPECT_EQ(pool.exhausted(), 0u);
  EXPECT_NE(pool.acquire(), nullptr);
  EXPECT_EQ(SketchPool::memoryBytes(2, 64), 2u * (64 + 4));
}

TEST(SketchPoolTest, ZeroBlocksAlwaysExhausted) {
  SketchPool pool(0, 64);
  EXPECT_EQ(pool.acquire(), nullptr);
  EXPECT_EQ(pool.acquire(), nullptr);
  EXPECT_EQ(pool.exhausted(), 2u);
  EXPECT_EQ(pool.capacity(), 0u);
}

}  // namespace
}  // namespace vigil::flow
