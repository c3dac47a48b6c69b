// Value text: strict parsers (whole string must match) for command-line and incident values.
#include "pcapgen/traffic/value_text.h"

#include <charconv>
#include <cmath>

namespace vigil::pcapgen {
namespace {

double suffixScale(std::string_view& text) {
  if (text.empty()) return 1;
  switch (text.back()) {
    case 'k':
    case 'K':
      text.remove_suffix(1);
      return 1e3;
    case 'M':
      text.remove_suffix(1);
      return 1e6;
    case 'G':
      text.remove_suffix(1);
      return 1e9;
    default:
      return 1;
  }
}

std::optional<uint32_t> parseUint(std::string_view text) {
  uint32_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<double> parseNumber(std::string_view text) {
  const double scale = suffixScale(text);
  if (text.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v * scale;
}

std::optional<uint64_t> parseCount(std::string_view text) {
  const auto v = parseNumber(text);
  if (!v || *v < 0 || *v > 1e18 || std::floor(*v) != *v) return std::nullopt;
  return static_cast<uint64_t>(*v);
}

std::optional<bool> parseFlag(std::string_view text) {
  if (text == "true" || text == "yes" || text == "on" || text == "1") return true;
  if (text == "false" || text == "no" || text == "off" || text == "0") return false;
  return std::nullopt;
}

std::optional<std::vector<uint16_t>> parsePortList(std::string_view text) {
  std::vector<uint16_t> ports;
  std::vector<bool> seen(65536, false);
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view piece = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    const auto range = parseRange(piece);
    if (!range || range->first == 0 || range->second > 65535) return std::nullopt;
    for (uint32_t p = range->first; p <= range->second; ++p) {
      if (!seen[p]) ports.push_back(static_cast<uint16_t>(p));
      seen[p] = true;
    }
  }
  if (ports.empty()) return std::nullopt;
  return ports;
}

std::optional<std::pair<uint32_t, uint32_t>> parseRange(std::string_view text) {
  const auto dash = text.find('-');
  const auto lo = parseUint(text.substr(0, dash));
  if (!lo) return std::nullopt;
  if (dash == std::string_view::npos) return std::pair{*lo, *lo};
  const auto hi = parseUint(text.substr(dash + 1));
  if (!hi || *hi < *lo) return std::nullopt;
  return std::pair{*lo, *hi};
}

}  // namespace vigil::pcapgen
