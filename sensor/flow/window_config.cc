// WindowConfig: derived slot geometry and sizes.
#include "flow/window_config.h"

#include <algorithm>

#include "flow/host_window.h"
#include "flow/state_config.h"

namespace vigil::flow {

uint32_t WindowConfig::windowTicks() const noexcept {
  return std::clamp<uint32_t>(window_ticks, 1, kMaxWindowTicks);
}

uint32_t WindowConfig::slotTicks() const noexcept {
  return (windowTicks() + kWindowSlots - 1) / kWindowSlots;
}

uint32_t WindowConfig::slots() const noexcept {
  return (windowTicks() + slotTicks() - 1) / slotTicks();
}

uint32_t WindowConfig::hostSlots() const noexcept {
  return roundUpPowerOfTwo(host_capacity);
}

uint32_t WindowConfig::denseSketches() const noexcept {
  return dense_sketches != 0 ? dense_sketches : std::max<uint32_t>(64, hostSlots() / 8);
}

uint32_t WindowConfig::listSketches() const noexcept {
  return list_sketches != 0 ? list_sketches : std::max<uint32_t>(64, hostSlots() / 2);
}

std::size_t WindowConfig::memoryBytes() const {
  return HostWindow::memoryBytes(*this);
}

}  // namespace vigil::flow
