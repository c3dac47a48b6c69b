// Parsing and printing of durations, SI-suffixed numbers and integers as written in rules files.
#include "rules/duration.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace vigil::rules {
namespace {

constexpr uint64_t kSaturated = std::numeric_limits<uint64_t>::max();

uint64_t saturatingMultiply(uint64_t value, uint64_t factor) noexcept {
  if (value != 0 && factor > kSaturated / value) return kSaturated;
  return value * factor;
}

bool allDigits(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<uint64_t> parseDurationMs(std::string_view text) noexcept {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
    ++digits;
  if (digits == 0) return std::nullopt;
  const std::string_view number = text.substr(0, digits);
  const std::string_view unit = text.substr(digits);

  uint64_t factor_ms = 0;
  if (unit.empty() || unit == "s") {
    factor_ms = 1000;
  } else if (unit == "ms") {
    factor_ms = 1;
  } else if (unit == "m") {
    factor_ms = 60'000;
  } else if (unit == "h") {
    factor_ms = 3'600'000;
  } else if (unit == "d") {
    factor_ms = 86'400'000;
  } else {
    return std::nullopt;
  }

  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec == std::errc::result_out_of_range) return kSaturated;
  if (ec != std::errc() || end != number.data() + number.size()) return std::nullopt;
  return saturatingMultiply(value, factor_ms);
}

std::optional<double> parseSiNumber(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  double multiplier = 1.0;
  switch (text.back()) {
    case 'k':
      multiplier = 1e3;
      break;
    case 'M':
      multiplier = 1e6;
      break;
    case 'G':
      multiplier = 1e9;
      break;
    default:
      break;
  }
  if (multiplier != 1.0) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;

  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  value *= multiplier;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<int64_t> parseInteger(std::string_view text) noexcept {
  const std::string_view digits = !text.empty() && text.front() == '-' ? text.substr(1) : text;
  if (!allDigits(digits)) return std::nullopt;
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string formatNumber(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

}  // namespace vigil::rules
