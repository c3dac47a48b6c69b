// AddressBlock: CIDR parsing and index-to-address arithmetic.
#include "pcapgen/traffic/address_block.h"

#include <array>
#include <charconv>

namespace vigil::pcapgen {

AddressBlock::AddressBlock(net::IpAddress base, uint32_t prefix_len) noexcept {
  const uint32_t max_len = base.isV4() ? 32 : 128;
  prefix_len_ = prefix_len > max_len ? max_len : prefix_len;
  const uint32_t full = base.isV4() ? 96 + prefix_len_ : prefix_len_;  // prefix over the 128-bit form
  std::array<uint8_t, 16> bytes = base.bytes();
  for (uint32_t bit = full; bit < 128; ++bit) bytes[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
  base_ = net::IpAddress::fromV6Bytes(bytes.data());
  const uint32_t host_bits = 128 - full;
  size_ = host_bits >= 32 ? (uint64_t{1} << 32) : (uint64_t{1} << host_bits);
}

std::optional<AddressBlock> AddressBlock::parse(std::string_view text) {
  const auto slash = text.find('/');
  const auto address = net::IpAddress::parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  uint32_t len = address->isV4() ? 32 : 128;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), len);
    if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty()) return std::nullopt;
    if (len > (address->isV4() ? 32u : 128u)) return std::nullopt;
  }
  return AddressBlock(*address, len);
}

net::IpAddress AddressBlock::at(uint64_t i) const noexcept {
  std::array<uint8_t, 16> bytes = base_.bytes();
  uint64_t carry = i % size_;
  for (int b = 15; b >= 0 && carry != 0; --b) {
    const uint64_t v = bytes[static_cast<size_t>(b)] + (carry & 0xff);
    bytes[static_cast<size_t>(b)] = static_cast<uint8_t>(v);
    carry = (carry >> 8) + (v >> 8);
  }
  return net::IpAddress::fromV6Bytes(bytes.data());
}

bool AddressBlock::contains(const net::IpAddress& a) const noexcept {
  return a.isV4() == isV4() && AddressBlock(a, prefix_len_).base_ == base_;
}

std::string AddressBlock::toString() const {
  const uint32_t max_len = isV4() ? 32 : 128;
  if (prefix_len_ == max_len) return base_.toString();
  return base_.toString() + "/" + std::to_string(prefix_len_);
}

}  // namespace vigil::pcapgen
