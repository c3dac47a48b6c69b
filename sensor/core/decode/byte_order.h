// Unaligned big- and little-endian loads used by every layer decoder (compile to one load + bswap).
#pragma once

#include <cstdint>

namespace vigil::decode::detail {

/// Callers have already checked that the bytes lie inside the captured frame.
inline uint16_t loadBe16(const uint8_t* p) noexcept {
  return static_cast<uint16_t>(p[0] << 8 | p[1]);
}

inline uint32_t loadBe32(const uint8_t* p) noexcept {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

inline uint32_t loadLe32(const uint8_t* p) noexcept {
  return uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | uint32_t(p[0]);
}

}  // namespace vigil::decode::detail
