// Internet checksum (RFC 1071) arithmetic shared by the frame builder and the fragmenter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace vigil::pcapgen {

/// Adds n bytes at p to a running ones-complement sum of 16-bit words in native byte order
/// (RFC 1071 shows the result is byte-order independent when stored natively). Every chunk but
/// the last must have even length so word boundaries stay aligned across calls.
inline uint64_t checksumAdd(uint64_t sum, const uint8_t* p, std::size_t n) noexcept {
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    sum += (w & 0xffffffffu) + (w >> 32);
    p += 8;
    n -= 8;
  }
  while (n >= 2) {
    uint16_t w;
    std::memcpy(&w, p, 2);
    sum += w;
    p += 2;
    n -= 2;
  }
  if (n == 1) {
    uint16_t w = 0;
    std::memcpy(&w, p, 1);  // the odd byte is the first byte of a zero-padded word
    sum += w;
  }
  return sum;
}

/// Folds the sum and complements it; the result is stored with memcpy in native order.
inline uint16_t checksumFinish(uint64_t sum) noexcept {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum & 0xffff);
}

/// Stores a checksum computed by checksumFinish at p (no byte swap: see checksumAdd).
inline void checksumStore(uint8_t* p, uint16_t value) noexcept { std::memcpy(p, &value, 2); }

/// Writes v big-endian at p (network order header fields).
inline void putBe16(uint8_t* p, uint16_t v) noexcept {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
inline void putBe32(uint8_t* p, uint32_t v) noexcept {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}
inline uint16_t getBe16(const uint8_t* p) noexcept { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
inline uint32_t getBe32(const uint8_t* p) noexcept {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

}  // namespace vigil::pcapgen
