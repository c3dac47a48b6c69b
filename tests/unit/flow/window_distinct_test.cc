// Tests for WindowDistinct: stamped sparse items, promotion to per-slot registers, ageing and views.
#include "flow/window_distinct.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "flow/flow_hash.h"

namespace vigil::flow {
namespace {

constexpr WindowGeometry kGeometry{6, 10};  // 60 ticks in 6 slots of 10

uint32_t item(uint64_t i) {
  return DistinctCounter::itemOf(mix64(i + 1));
}

DistinctCounter itemsFrom(uint64_t from, uint64_t to, DistinctPools& pools) {
  DistinctCounter c;
  for (uint64_t i = from; i < to; ++i)
    c.addItem(item(i), pools);
  return c;
}

// The estimate of registers holding items [from, to) of each range: what a view of those slots must give.
uint64_t referenceCount(std::initializer_list<std::pair<uint64_t, uint64_t>> ranges) {
  uint8_t registers[hll::kRegisters] = {};
  for (const auto& [from, to] : ranges) {
    for (uint64_t i = from; i < to; ++i)
      hll::add(registers, item(i));
  }
  return uint64_t(std::llround(hll::estimate(registers)));
}

class WindowDistinctTest : public ::testing::Test {
 protected:
  WindowDistinctTest() : pools_(16, 16), sets_(4, 4, kGeometry.slots) {}

  /// Ring positions holding slots (newest - 5 .. newest) that are >= first.
  static uint32_t positions(uint64_t first, uint64_t newest) {
    uint32_t p = 0;
    for (uint64_t s = first; s <= newest; ++s)
      p |= 1u << kGeometry.positionOf(s);
    return p;
  }
  uint64_t windowCount(const WindowDistinct& d, uint64_t first_slot, uint64_t newest_slot, uint64_t newest_tick) {
    return d.windowView(positions(first_slot, newest_slot), first_slot, newest_tick, kGeometry, scratch_).estimate();
  }

  DistinctPools pools_;
  WindowPools sets_;
  alignas(8) uint8_t scratch_[hll::kRegisters] = {};
};

TEST_F(WindowDistinctTest, SparseItemsAreExactAndAgeBySlot) {
  WindowDistinct d;
  d.merge(itemsFrom(0, 3, pools_), 100, 100, kGeometry, sets_);  // slot 10
  d.roll(10, 11, 100, kGeometry, sets_);
  d.merge(itemsFrom(2, 5, pools_), 112, 112, kGeometry, sets_);  // slot 11, item 2 seen again
  EXPECT_FALSE(d.isDense());
  EXPECT_EQ(windowCount(d, 6, 11, 112), 5u);
  EXPECT_EQ(windowCount(d, 11, 11, 112), 3u);  // slot 10 out of the window: items 0, 1 gone, 2 kept
  d.roll(11, 17, 112, kGeometry, sets_);       // slots 12..17 reuse every position: everything ages out
  EXPECT_EQ(windowCount(d, 12, 17, 170), 0u);
}

TEST_F(WindowDistinctTest, OverflowMovesToAStampedListThenToPerSlotRegisters) {
  WindowDistinct d;
  d.merge(itemsFrom(0, 6, pools_), 100, 100, kGeometry, sets_);
  d.roll(10, 11, 100, kGeometry, sets_);
  d.merge(itemsFrom(100, 106, pools_), 110, 110, kGeometry, sets_);
  ASSERT_TRUE(d.isList());
  EXPECT_EQ(sets_.lists[0].inUse(), 1u);
  EXPECT_EQ(windowCount(d, 6, 11, 110), 12u);  // still exact, and still ageing per item
  EXPECT_EQ(windowCount(d, 11, 11, 110), 6u);
  // Past the largest list class this fixture has (128 items: no 256-item blocks) the items move to
  // registers and the list block goes back.
  d.roll(11, 12, 110, kGeometry, sets_);
  d.merge(itemsFrom(200, 260, pools_), 120, 120, kGeometry, sets_);
  d.merge(itemsFrom(300, 360, pools_), 121, 121, kGeometry, sets_);
  ASSERT_TRUE(d.isDense());
  EXPECT_EQ(sets_.listsInUse(), 0u);
  EXPECT_EQ(sets_.dense.inUse(), 1u);
  EXPECT_EQ(windowCount(d, 7, 12, 121), referenceCount({{0, 6}, {100, 106}, {200, 260}, {300, 360}}));
  EXPECT_EQ(windowCount(d, 11, 11, 121), 6u);  // only slot 11's register array
  // Rolling past every position holding data gives the block back and the set is empty again.
  d.roll(12, 20, 121, kGeometry, sets_);
  EXPECT_FALSE(d.isDense());
  EXPECT_EQ(sets_.dense.inUse(), 0u);
  EXPECT_EQ(windowCount(d, 15, 20, 200), 0u);
}

TEST_F(WindowDistinctTest, ListsGrowThroughEveryClassExactlyThenGoToRegisters) {
  WindowPools pools(16, 4, kGeometry.slots);  // list blocks per class: 16, 4, 2, 2
  ASSERT_EQ(pools.lists[3].capacity(), 2u);
  WindowDistinct d;
  // 60 new items per tick in slot 10: the list moves up a class past 64, 128 and 256 items.
  const int expected_class[] = {0, 1, 2, 2, 3, 3, 3, 3};
  for (uint64_t t = 0; t < 8; ++t) {
    d.merge(itemsFrom(t * 60, t * 60 + 60, pools_), 100 + t, 100 + t, kGeometry, pools);
    ASSERT_TRUE(d.isList()) << "tick " << t;
    EXPECT_EQ(pools.lists[expected_class[t]].inUse(), 1u) << "tick " << t;
    EXPECT_EQ(pools.listsInUse(), 1u) << "tick " << t;  // the smaller block went back
    EXPECT_EQ(windowCount(d, 5, 10, 100 + t), (t + 1) * 60);
  }
  // An item seen again is not counted twice, however long the list.
  d.merge(itemsFrom(400, 410, pools_), 108, 108, kGeometry, pools);
  EXPECT_EQ(windowCount(d, 5, 10, 108), 480u);
  // Past the 512 items of the largest class the set is dense.
  d.merge(itemsFrom(480, 520, pools_), 109, 109, kGeometry, pools);
  ASSERT_TRUE(d.isDense());
  EXPECT_EQ(pools.listsInUse(), 0u);
  EXPECT_EQ(windowCount(d, 5, 10, 109), referenceCount({{0, 520}}));
}

TEST_F(WindowDistinctTest, ListsMoveDownAClassOnceTheirItemsFitHalfOfIt) {
  WindowPools pools(16, 4, kGeometry.slots);
  WindowDistinct d;
  d.merge(itemsFrom(0, 60, pools_), 100, 100, kGeometry, pools);  // slot 10
  d.merge(itemsFrom(60, 120, pools_), 101, 101, kGeometry, pools);
  d.roll(10, 11, 101, kGeometry, pools);
  d.merge(itemsFrom(120, 140, pools_), 110, 110, kGeometry, pools);  // slot 11: 140 items, the 256 class
  ASSERT_EQ(pools.lists[2].inUse(), 1u);
  d.roll(11, 16, 110, kGeometry, pools);  // slot 16 reuses slot 10's position: 20 items are left
  EXPECT_EQ(pools.lists[0].inUse(), 1u);  // straight to the smallest class they fill at most half of
  EXPECT_EQ(pools.listsInUse(), 1u);
  EXPECT_EQ(windowCount(d, 11, 16, 160), 20u);
  // 40 items left of a 128-item list: more than half of the 64 class, so the block is kept.
  WindowDistinct e;
  e.merge(itemsFrom(0, 60, pools_), 100, 100, kGeometry, pools);  // slot 10
  e.roll(10, 11, 100, kGeometry, pools);
  e.merge(itemsFrom(60, 100, pools_), 110, 110, kGeometry, pools);  // slot 11: 100 items
  ASSERT_EQ(pools.lists[1].inUse(), 1u);
  e.roll(11, 16, 110, kGeometry, pools);
  EXPECT_EQ(pools.lists[1].inUse(), 1u);
  EXPECT_EQ(windowCount(e, 11, 16, 160), 40u);
  e.roll(16, 17, 160, kGeometry, pools);  // slot 11's position reused too: empty, inline again
  EXPECT_FALSE(e.isList());
  EXPECT_EQ(pools.lists[1].inUse(), 0u);
}

TEST_F(WindowDistinctTest, ListsCountExactlyLikeAReferenceSetThroughGrowthRollsAndShrinking) {
  // Random ticks of new and seen-again items, up to a few hundred live at once: every class, moves up
  // and down, ageing on slot changes. Counts must match a plain map of item -> newest tick.
  WindowPools pools(64, 0, kGeometry.slots);
  WindowDistinct d;
  std::map<uint32_t, uint64_t> reference;
  std::mt19937_64 rng(5);
  uint64_t newest_slot = 10;
  bool largest_class = false;
  bool back_down = false;
  for (uint64_t tick = 100; tick < 400; ++tick) {
    const uint64_t slot = kGeometry.slotOf(tick);
    if (slot > newest_slot) {
      d.roll(newest_slot, slot, tick - 1, kGeometry, pools);
      newest_slot = slot;
    }
    // Busy and quiet stretches, so the set grows through the classes and shrinks back.
    const uint64_t per_tick = tick % 120 < 50 ? 8 : tick % 3 == 0 ? 1 : 0;
    DistinctCounter c;
    for (uint64_t i = 0; i < per_tick; ++i) {
      const uint32_t it = item(rng() % 3000);
      c.addItem(it, pools_);
      reference[it] = tick;
    }
    d.merge(c, tick, tick, kGeometry, pools);
    largest_class |= pools.lists[3].inUse() == 1;
    back_down |= largest_class && pools.lists[0].inUse() == 1;
    ASSERT_FALSE(d.isDense());
    ASSERT_FALSE(d.isSaturated());
    for (const uint64_t first : {newest_slot >= 5 ? newest_slot - 5 : 0, newest_slot}) {
      uint64_t expected = 0;
      for (const auto& [it, seen] : reference)
        expected += kGeometry.slotOf(seen) >= first ? 1 : 0;
      ASSERT_EQ(windowCount(d, first, newest_slot, tick), expected) << "tick " << tick << " first slot " << first;
      // The estimate alone (views computed on demand), which skips building the view when it can.
      ASSERT_EQ(d.windowEstimate(positions(first, newest_slot), first, tick, kGeometry, scratch_), expected);
    }
  }
  EXPECT_TRUE(largest_class);
  EXPECT_TRUE(back_down);
  EXPECT_EQ(pools.dense.exhausted(), 0u);
}

TEST_F(WindowDistinctTest, AListWhoseItemsAgeOutIsInlineAgain) {
  WindowDistinct d;
  d.merge(itemsFrom(0, 30, pools_), 100, 100, kGeometry, sets_);  // slot 10
  d.roll(10, 11, 100, kGeometry, sets_);
  d.merge(itemsFrom(28, 33, pools_), 110, 110, kGeometry, sets_);  // slot 11: items 28, 29 seen again
  ASSERT_TRUE(d.isList());
  EXPECT_EQ(windowCount(d, 6, 11, 110), 33u);
  d.roll(11, 16, 110, kGeometry, sets_);  // slot 16 reuses slot 10's position: 5 items are left
  EXPECT_FALSE(d.isList());
  EXPECT_EQ(sets_.listsInUse(), 0u);
  EXPECT_EQ(windowCount(d, 11, 16, 160), 5u);
  d.merge(itemsFrom(0, 2, pools_), 160, 160, kGeometry, sets_);
  EXPECT_EQ(windowCount(d, 11, 16, 160), 7u);
  EXPECT_EQ(windowCount(d, 16, 16, 160), 2u);
}

TEST_F(WindowDistinctTest, AnEmptyListPoolGoesStraightToRegisters) {
  WindowPools no_lists(0, 1, kGeometry.slots);
  WindowDistinct d;
  d.merge(itemsFrom(0, 12, pools_), 100, 100, kGeometry, no_lists);
  ASSERT_TRUE(d.isDense());
  EXPECT_FALSE(d.isSaturated());
  EXPECT_EQ(windowCount(d, 5, 10, 100), 12u);
  EXPECT_EQ(no_lists.dense.exhausted(), 0u);
  d.reset(no_lists);
  EXPECT_EQ(no_lists.dense.inUse(), 0u);
}

TEST_F(WindowDistinctTest, ViewsOfAllOneOrSomePositionsMatchTheirItemsAlsoAfterARoll) {
  WindowDistinct d;
  d.merge(itemsFrom(0, 200, pools_), 100, 100, kGeometry, sets_);  // slot 10 (a dense tick counter)
  d.roll(10, 11, 100, kGeometry, sets_);
  d.merge(itemsFrom(150, 300, pools_), 110, 110, kGeometry, sets_);  // slot 11, overlapping slot 10
  d.roll(11, 12, 110, kGeometry, sets_);
  d.merge(itemsFrom(1000, 1003, pools_), 120, 120, kGeometry, sets_);  // slot 12, items added one by one
  ASSERT_TRUE(d.isDense());
  EXPECT_EQ(windowCount(d, 7, 12, 120), referenceCount({{0, 300}, {1000, 1003}}));     // every position: the union
  EXPECT_EQ(windowCount(d, 11, 12, 120), referenceCount({{150, 300}, {1000, 1003}}));  // two of three
  EXPECT_EQ(windowCount(d, 12, 12, 120), 3u);                                          // one position
  // Slot 16 reuses slot 10's position: its items leave the union, which is rebuilt from the others.
  d.roll(12, 16, 120, kGeometry, sets_);
  d.merge(itemsFrom(2000, 2002, pools_), 160, 160, kGeometry, sets_);
  EXPECT_EQ(windowCount(d, 11, 16, 160), referenceCount({{150, 300}, {1000, 1003}, {2000, 2002}}));
}

TEST_F(WindowDistinctTest, DenseTickCounterMergesIntoItsSlot) {
  WindowDistinct d;
  const DistinctCounter big = itemsFrom(0, 5000, pools_);
  ASSERT_TRUE(big.isDense());
  d.merge(big, 100, 100, kGeometry, sets_);
  ASSERT_TRUE(d.isDense());
  EXPECT_NEAR(double(windowCount(d, 6, 10, 100)), 5000.0, 250.0);
  d.reset(sets_);
  EXPECT_EQ(sets_.dense.inUse(), 0u);
}

TEST_F(WindowDistinctTest, EmptyPoolsSaturateKeepingNewestItems) {
  WindowPools none(0, 0, kGeometry.slots);
  WindowDistinct d;
  d.merge(itemsFrom(0, 8, pools_), 100, 100, kGeometry, none);  // slot 10
  d.roll(10, 11, 100, kGeometry, none);
  d.merge(itemsFrom(50, 52, pools_), 110, 110, kGeometry, none);  // slot 11
  EXPECT_TRUE(d.isSaturated());
  EXPECT_FALSE(d.isDense());
  const DistinctCounter newest = d.windowView(positions(11, 11), 11, 110, kGeometry, scratch_);
  EXPECT_EQ(newest.estimate(), 2u);  // the newest items replaced the oldest
  EXPECT_TRUE(newest.isSaturated());
  EXPECT_EQ(windowCount(d, 6, 11, 110), 8u);
  EXPECT_EQ(none.dense.exhausted(), 2u);
}

TEST_F(WindowDistinctTest, AFullListWithoutRegistersSaturatesKeepingNewestItems) {
  WindowPools lists_only(1, 0, kGeometry.slots);
  WindowDistinct d;
  d.merge(itemsFrom(0, 60, pools_), 100, 100, kGeometry, lists_only);  // slot 10
  d.roll(10, 11, 100, kGeometry, lists_only);
  d.merge(itemsFrom(100, 110, pools_), 110, 110, kGeometry, lists_only);  // slot 11
  ASSERT_TRUE(d.isList());
  EXPECT_TRUE(d.isSaturated());
  const DistinctCounter window = d.windowView(0x3f, 6, 110, kGeometry, scratch_);
  EXPECT_EQ(window.estimate(), WindowDistinct::listCapacity(0));  // a lower bound of the 70 seen
  EXPECT_TRUE(window.isSaturated());
  EXPECT_EQ(windowCount(d, 11, 11, 110), 10u);  // all of the newest slot kept
  EXPECT_EQ(lists_only.dense.exhausted(), 6u);  // items 104..109 found no block
}

}  // namespace
}  // namespace vigil::flow
