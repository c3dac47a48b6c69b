// Tests for WindowConfig: slot geometry, clamping and reported memory.
#include "flow/window_config.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "flow/host_window.h"

namespace vigil::flow {
namespace {

WindowConfig windowConfig(uint32_t ticks = 60) {
  WindowConfig w;
  w.host_capacity = 1024;
  w.window_ticks = ticks;
  return w;
}

TEST(WindowConfigTest, GeometryOfTheWindow) {
  EXPECT_EQ(windowConfig().slots(), 6u);
  EXPECT_EQ(windowConfig().slotTicks(), 10u);
  EXPECT_EQ(windowConfig(5).slots(), 5u);
  EXPECT_EQ(windowConfig(5).slotTicks(), 1u);
  EXPECT_EQ(windowConfig(0).windowTicks(), 1u);
  EXPECT_EQ(windowConfig(61).slotTicks(), 11u);  // rounded up: six slots cover 66 ticks
  EXPECT_EQ(windowConfig(61).slots(), 6u);
  EXPECT_EQ(windowConfig(40000).windowTicks(), kMaxWindowTicks);
  EXPECT_EQ(HostWindow(windowConfig(1000)).capacity(), 1024u);
}

TEST(WindowConfigTest, MemoryIsReported) {
  const WindowConfig w;
  const std::size_t bytes = HostWindow::memoryBytes(w);
  EXPECT_EQ(bytes, w.memoryBytes());
  EXPECT_GT(bytes, std::size_t(w.hostSlots()) * 2000);
  std::printf("default WindowConfig: %zu MiB\n", bytes >> 20);
}

}  // namespace
}  // namespace vigil::flow
