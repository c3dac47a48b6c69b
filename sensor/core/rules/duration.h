// Text forms of the rules file's quantities: durations ("10s", "5m", "1h") and SI numbers ("10k", "1.5M").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::rules {

/// Parses an integer followed by one of the units ms, s, m, h, d, or a bare integer meaning
/// seconds, into milliseconds. Values too large for 64 bits saturate (the caller's upper bound
/// then rejects them with a meaningful message). nullopt when the text is not of that form.
/// Pure, no allocation.
std::optional<uint64_t> parseDurationMs(std::string_view text) noexcept;

/// Parses a decimal number (optionally with fraction and exponent) followed by an optional SI
/// multiplier k (1e3), M (1e6) or G (1e9): "10k", "1.5M", "100M", "0.2", "1e6". Negative values
/// parse (the caller reports the bound); infinities, NaN and trailing junk give nullopt.
/// Pure, no allocation.
std::optional<double> parseSiNumber(std::string_view text) noexcept;

/// Parses a plain decimal integer (optional leading '-'); nullopt on junk or when out of int64 range.
std::optional<int64_t> parseInteger(std::string_view text) noexcept;

/// Renders a threshold without noise: 256 -> "256", 0.25 -> "0.25", 1500000 -> "1500000".
std::string formatNumber(double value);

}  // namespace vigil::rules
