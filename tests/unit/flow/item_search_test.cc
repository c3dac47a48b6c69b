// Tests for the vectorised item scans: every position in and around the four-item steps, and absence.
#include "flow/item_search.h"

#include <gtest/gtest.h>

#include <vector>

namespace vigil::flow {
namespace {

TEST(ItemSearchTest, FindsTheFirstMatchAtEveryPositionOfEveryLength) {
  for (std::size_t n = 0; n <= 13; ++n) {
    // Past the end, up to the next multiple of four (read by containsItem) and one more: never found.
    std::vector<uint32_t> items((n + 3) / 4 * 4 + 1, 7);
    for (std::size_t i = 0; i < n; ++i)
      items[i] = uint32_t(100 + i);
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(findItem(items.data(), n, uint32_t(100 + i)), i) << "n=" << n;
      EXPECT_TRUE(containsItem(items.data(), n, uint32_t(100 + i))) << "n=" << n;
    }
    EXPECT_EQ(findItem(items.data(), n, 7), n) << "n=" << n;
    EXPECT_FALSE(containsItem(items.data(), n, 7)) << "n=" << n;
  }
}

TEST(ItemSearchTest, DuplicatesGiveTheFirstIndex) {
  const uint32_t items[] = {1, 2, 3, 9, 5, 9, 9, 8, 9};
  EXPECT_EQ(findItem(items, 9, 9), 3u);
  EXPECT_EQ(findItem(items + 4, 5, 9), 1u);
}

}  // namespace
}  // namespace vigil::flow
