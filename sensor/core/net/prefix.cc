// Prefix: strict CIDR parsing, masking and containment over 16-byte addresses.
#include "net/prefix.h"

#include <charconv>

namespace vigil::net {
namespace {

/// `ip` with every bit after the first `bits` (of 128) cleared.
IpAddress masked(const IpAddress& ip, unsigned bits, bool set_host_bits = false) {
  std::array<uint8_t, 16> b = ip.bytes();
  for (unsigned i = 0; i < 16; ++i) {
    const unsigned start = i * 8;
    if (start + 8 <= bits) continue;
    const unsigned keep = bits > start ? bits - start : 0;
    const uint8_t mask = keep == 0 ? 0 : uint8_t(0xff << (8 - keep));
    b[i] = set_host_bits ? uint8_t(b[i] | ~mask) : uint8_t(b[i] & mask);
  }
  return IpAddress::fromV6Bytes(b.data());
}

}  // namespace

common::Result<Prefix> Prefix::parseStrict(std::string_view text) {
  const std::string quoted = "'" + std::string(text) + "'";
  const std::size_t slash = text.find('/');
  const std::optional<IpAddress> ip = IpAddress::parse(text.substr(0, slash));
  if (!ip) return common::fail(quoted + " is not an IP address or CIDR");
  Prefix p;
  p.v4_ = ip->isV4();
  const unsigned max = p.v4_ ? 32 : 128;
  unsigned length = max;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || digits.size() > 3) {
      return common::fail(quoted + " is not an IP address or CIDR");
    }
    if (length > max) {
      return common::fail(quoted + (p.v4_ ? ": IPv4 prefix length must be 0-32" : ": IPv6 prefix length must be 0-128"));
    }
  }
  p.length_ = uint8_t(length);
  p.address_ = masked(*ip, p.bits());
  if (p.address_ != *ip) {
    return common::fail(quoted + " has host bits set (did you mean " + p.toString() + "?)");
  }
  return p;
}

std::optional<Prefix> Prefix::parse(std::string_view text) {
  common::Result<Prefix> p = parseStrict(text);
  if (!p) return std::nullopt;
  return p.value();
}

Prefix Prefix::host(const IpAddress& ip) noexcept {
  Prefix p;
  p.address_ = ip;
  p.v4_ = ip.isV4();
  p.length_ = p.v4_ ? 32 : 128;
  return p;
}

bool Prefix::contains(const IpAddress& ip) const noexcept {
  if (ip.isV4() != v4_) return false;
  return masked(ip, bits()) == address_;
}

bool Prefix::contains(const Prefix& other) const noexcept {
  return other.v4_ == v4_ && other.length_ >= length_ && contains(other.address_);
}

IpAddress Prefix::last() const noexcept { return masked(address_, bits(), /*set_host_bits=*/true); }

std::string Prefix::toString() const { return address_.toString() + "/" + std::to_string(length_); }

}  // namespace vigil::net
