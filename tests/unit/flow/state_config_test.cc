// Tests for StateConfig: rounding, derived defaults and the memory the tables take.
#include "flow/state_config.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "flow/host_table.h"

namespace vigil::flow {
namespace {

TEST(StateConfigTest, SizesAndMemory) {
  StateConfig c;
  c.host_capacity = 1000;
  c.flow_capacity = 3000;
  EXPECT_EQ(c.hostSlots(), 1024u);
  EXPECT_EQ(c.flowSlots(), 4096u);
  EXPECT_EQ(c.denseSketches(), 64u);
  EXPECT_EQ(c.listSketches(), 256u);
  EXPECT_EQ(c.flowSweepTicks(), 15u);  // a quarter of the 60 s idle timeout
  EXPECT_EQ(c.flowTableBytes(), 4096u * (64u + 1u) + 7u);  // entries, tags and the repeated first tags
  EXPECT_EQ(c.hostTableBytes(), 1024u * (32u + 640u) + 256u * (256u + 4u) + 64u * (2048u + 4u));
  EXPECT_EQ(c.memoryBytes(), c.flowTableBytes() + c.hostTableBytes());
  const StateConfig defaults;
  std::printf("default StateConfig: flow table %zu MiB, host table %zu MiB\n", defaults.flowTableBytes() >> 20,
              defaults.hostTableBytes() >> 20);
}

TEST(StateConfigTest, CapacitiesRoundToPowersOfTwo) {
  EXPECT_EQ(roundUpPowerOfTwo(0), 16u);
  EXPECT_EQ(roundUpPowerOfTwo(16), 16u);
  EXPECT_EQ(roundUpPowerOfTwo(17), 32u);
  EXPECT_EQ(roundUpPowerOfTwo(1u << 20), 1u << 20);
  EXPECT_EQ(roundUpPowerOfTwo(0xffffffffu), 1u << 31);
  StateConfig c;
  c.host_capacity = 1000;
  EXPECT_EQ(HostTable(c).capacity(), 1024u);
}

TEST(StateConfigTest, SweepTicksFollowTheShortestTimeout) {
  StateConfig c;
  c.flow_idle_timeout_ns = 8'000'000'000;
  EXPECT_EQ(c.flowSweepTicks(), 2u);
  c.flow_idle_timeout_ns = 1'000'000'000;
  EXPECT_EQ(c.flowSweepTicks(), 1u);
  c.flow_sweep_ticks = 7;
  EXPECT_EQ(c.flowSweepTicks(), 7u);
}

}  // namespace
}  // namespace vigil::flow
