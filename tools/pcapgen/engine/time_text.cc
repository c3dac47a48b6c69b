// Time text: proleptic-Gregorian day arithmetic (Hinnant's civil-date algorithms) for RFC 3339.
#include "pcapgen/engine/time_text.h"

#include <charconv>
#include <cstdio>

namespace vigil::pcapgen {
namespace {

constexpr uint64_t kMaxSeconds = 0xffffffffULL;

int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool digits(std::string_view s, size_t pos, size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return true;
}

// Digits after a decimal point as nanoseconds (extra digits beyond 9 are ignored).
bool fraction(std::string_view s, size_t& pos, uint64_t& ns) {
  ns = 0;
  size_t n = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    if (n < 9) ns = ns * 10 + static_cast<uint64_t>(s[pos] - '0');
    ++n;
    ++pos;
  }
  for (size_t i = n; i < 9; ++i) ns *= 10;
  return n > 0;
}

std::optional<uint64_t> parseEpoch(std::string_view text) {
  uint64_t seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc{} || end == text.data()) return std::nullopt;
  size_t pos = static_cast<size_t>(end - text.data());
  uint64_t ns = 0;
  if (pos < text.size()) {
    if (text[pos] != '.') return std::nullopt;
    ++pos;
    if (!fraction(text, pos, ns) || pos != text.size()) return std::nullopt;
  }
  if (seconds > kMaxSeconds) return std::nullopt;
  return seconds * 1000000000ULL + ns;
}

}  // namespace

std::optional<uint64_t> parseTime(std::string_view text) {
  if (text.size() < 20 || text[4] != '-') return parseEpoch(text);
  unsigned year, month, day, hour, minute, second;
  if (!digits(text, 0, 4, year) || !digits(text, 5, 2, month) || text[7] != '-' || !digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, hour) || text[13] != ':' ||
      !digits(text, 14, 2, minute) || text[16] != ':' || !digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  size_t pos = 19;
  uint64_t ns = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (!fraction(text, pos, ns)) return std::nullopt;
  }
  int64_t offset = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    unsigned oh, om;
    if (!digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !digits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = (text[pos] == '+' ? 1 : -1) * static_cast<int64_t>(oh * 3600 + om * 60);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const int64_t seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  if (seconds < 0 || static_cast<uint64_t>(seconds) > kMaxSeconds) return std::nullopt;
  return static_cast<uint64_t>(seconds) * 1000000000ULL + ns;
}

std::string formatRfc3339(uint64_t ns, int fraction_digits) {
  const uint64_t seconds = ns / 1000000000ULL;
  const auto sub = static_cast<uint32_t>(ns % 1000000000ULL);
  int64_t y;
  unsigned m, d;
  civilFromDays(static_cast<int64_t>(seconds / 86400), y, m, d);
  const auto sod = static_cast<unsigned>(seconds % 86400);
  char buf[48];
  int n = std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02u:%02u:%02u", static_cast<long long>(y), m, d,
                        sod / 3600, sod / 60 % 60, sod % 60);
  if (fraction_digits == 3 || fraction_digits == 6 || fraction_digits == 9) {
    unsigned divisor = 1;
    for (int i = fraction_digits; i < 9; ++i) divisor *= 10;
    n += std::snprintf(buf + n, sizeof(buf) - static_cast<size_t>(n), ".%0*u", fraction_digits, sub / divisor);
  }
  std::snprintf(buf + n, sizeof(buf) - static_cast<size_t>(n), "Z");
  return buf;
}

}  // namespace vigil::pcapgen
