// StateConfig: derived sizes and the memory the tables will allocate.
#include "flow/state_config.h"

#include <algorithm>

#include "flow/flow_table.h"
#include "flow/host_table.h"

namespace vigil::flow {

uint32_t roundUpPowerOfTwo(uint32_t n) noexcept {
  uint32_t p = 16;
  while (p < n && p < (1u << 31))
    p <<= 1;
  return p;
}

uint32_t StateConfig::hostSlots() const noexcept {
  return roundUpPowerOfTwo(host_capacity);
}
uint32_t StateConfig::flowSlots() const noexcept {
  return roundUpPowerOfTwo(flow_capacity);
}

uint32_t StateConfig::listSketches() const noexcept {
  return list_sketches != 0 ? list_sketches : std::max<uint32_t>(64, hostSlots() / 4);
}

uint32_t StateConfig::denseSketches() const noexcept {
  return dense_sketches != 0 ? dense_sketches : std::max<uint32_t>(64, hostSlots() / 64);
}

uint32_t StateConfig::flowSweepTicks() const noexcept {
  if (flow_sweep_ticks != 0) return flow_sweep_ticks;
  const uint64_t tick = tick_ns == 0 ? 1 : tick_ns;
  const uint64_t shortest = std::min(flow_idle_timeout_ns, flow_active_timeout_ns);
  return uint32_t(std::clamp<uint64_t>(shortest / tick / 4, 1, 1u << 20));
}

std::size_t StateConfig::hostTableBytes() const {
  return HostTable::memoryBytes(*this);
}
std::size_t StateConfig::flowTableBytes() const {
  return FlowTable::memoryBytes(*this);
}
std::size_t StateConfig::memoryBytes() const {
  return flowTableBytes() + hostTableBytes();
}

}  // namespace vigil::flow
