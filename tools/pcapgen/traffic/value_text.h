// Value text: parsing of the numbers, flags, port lists and ranges used by flags and incident keys.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil::pcapgen {

/// A non-negative integer with an optional k/M/G suffix (x1000) or exponent: "1000", "10M", "1e6".
std::optional<uint64_t> parseCount(std::string_view text);

/// A finite decimal number: "0.5", "2e3", "100k" (k/M/G suffixes allowed).
std::optional<double> parseNumber(std::string_view text);

/// true/false, yes/no, on/off, 1/0.
std::optional<bool> parseFlag(std::string_view text);

/// "22,80,8000-8100": ports in the order given (ranges ascending), duplicates removed, 1-65535.
std::optional<std::vector<uint16_t>> parsePortList(std::string_view text);

/// "N" or "MIN-MAX" (inclusive, MIN <= MAX).
std::optional<std::pair<uint32_t, uint32_t>> parseRange(std::string_view text);

}  // namespace vigil::pcapgen
