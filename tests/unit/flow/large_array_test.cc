// Tests for LargeArray: value-initialised, untouched until used when empty is zero, huge-page aligned, movable.
#include "flow/large_array.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <fstream>
#include <thread>
#include <utility>

namespace vigil::flow {
namespace {

struct Item {
  uint64_t a = 7;
  uint32_t b = 0;
};

TEST(LargeArrayTest, ElementsAreValueInitialised) {
  LargeArray<Item> items(100000);
  ASSERT_EQ(items.size(), 100000u);
  EXPECT_EQ(items[0].a, 7u);
  EXPECT_EQ(items[99999].a, 7u);
  EXPECT_EQ(items[12345].b, 0u);
  items[5].b = 9;
  EXPECT_EQ(items.data()[5].b, 9u);
}

std::size_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * std::size_t(sysconf(_SC_PAGESIZE));
}

struct ZeroItem {
  uint64_t a = 0;
  uint32_t b = 0;
};

TEST(LargeArrayTest, ZeroInitialisedElementsCostNoMemoryUntilUsed) {
  const std::size_t before = residentBytes();
  LargeArray<ZeroItem> items(std::size_t(16) << 20);  // 256 MiB
  EXPECT_LT(residentBytes() - before, std::size_t(16) << 20);
  EXPECT_EQ(items[(std::size_t(16) << 20) - 1].a, 0u);
  if (!items.populate()) GTEST_SKIP() << "MADV_POPULATE_WRITE not supported by this kernel";
  EXPECT_GE(residentBytes() - before, std::size_t(250) << 20);
  EXPECT_EQ(items[12345].b, 0u);
}

// Free stacks and owner lists of the sketch pools are a few KiB to 1 MiB: a huge page would clear 2 MiB
// at their first write.
TEST(LargeArrayTest, ArraysSmallerThanAHugePageFaultOnlyThePagesWritten) {
  const std::size_t before = residentBytes();
  LargeArray<uint32_t> stack(std::size_t(1) << 18);  // 1 MiB
  stack[0] = 1;
  stack[(std::size_t(1) << 18) - 1] = 2;
  EXPECT_LT(residentBytes() - before, std::size_t(512) << 10);
  EXPECT_EQ(stack[0], 1u);
}

// populate() runs beside the table's owner (SensorEngine): it must change no byte the owner writes.
TEST(LargeArrayTest, PopulateKeepsWhatAnotherThreadWrites) {
  constexpr std::size_t kCount = std::size_t(8) << 20;  // 64 MiB of uint64_t
  constexpr std::size_t kStride = 511;                  // a write every ~4 KiB, in every huge page
  LargeArray<uint64_t> items(kCount);
  std::atomic<bool> go{false};
  std::thread writer([&] {
    while (!go.load()) {
    }
    for (std::size_t i = 0; i < kCount; i += kStride)
      items[i] = i + 1;
  });
  go.store(true);
  const bool populated = items.populate();
  writer.join();
  for (std::size_t i = 0; i < kCount; i += kStride)
    ASSERT_EQ(items[i], i + 1) << i;
  EXPECT_EQ(items[1], 0u);
  if (!populated) GTEST_SKIP() << "MADV_POPULATE_WRITE not supported by this kernel";
}

TEST(LargeArrayTest, StartsOnAHugePageBoundary) {
  LargeArray<uint8_t> bytes(3u << 20);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(bytes.data()) % (2u << 20), 0u);
  bytes[(3u << 20) - 1] = 1;  // the last byte is usable
  EXPECT_EQ(bytes[0], 0);
}

TEST(LargeArrayTest, MovesOwnership) {
  LargeArray<uint32_t> a(1000);
  a[10] = 42;
  uint32_t* p = a.data();
  LargeArray<uint32_t> b(std::move(a));
  EXPECT_EQ(b.data(), p);
  EXPECT_EQ(b[10], 42u);
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from state is specified
  EXPECT_EQ(a.data(), nullptr);
  LargeArray<uint32_t> c(10);
  c = std::move(b);
  EXPECT_EQ(c[10], 42u);
  EXPECT_EQ(c.size(), 1000u);
}

TEST(LargeArrayTest, EmptyArrayMapsNothing) {
  LargeArray<uint64_t> none(0);
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.data(), nullptr);
  LargeArray<uint64_t> default_constructed;
  EXPECT_EQ(default_constructed.data(), nullptr);
}

}  // namespace
}  // namespace vigil::flow
