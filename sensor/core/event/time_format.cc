// RFC 3339 formatting and parsing with civil-date arithmetic (no locale, no time zone database).
#include "event/time_format.h"

#include <cstdio>
#include <limits>

namespace vigil::event {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard Hinnant's civil algorithms).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + int64_t(doe) - 719468;
}

void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = int64_t(yoe) + era * 400 + (m <= 2);
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + unsigned(c - '0');
  }
  return true;
}

unsigned daysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

std::string formatRfc3339(uint64_t ns) {
  const uint64_t seconds = ns / 1'000'000'000;
  const unsigned micros = unsigned((ns % 1'000'000'000) / 1000);
  int64_t y;
  unsigned m, d;
  civilFromDays(int64_t(seconds / 86400), y, m, d);
  const unsigned sod = unsigned(seconds % 86400);
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02u:%02u:%02u.%06u+00:00", static_cast<long long>(y), m, d,
                sod / 3600, sod / 60 % 60, sod % 60, micros);
  return buf;
}

std::optional<uint64_t> parseRfc3339(std::string_view s) {
  unsigned year, month, day, hour, minute, second;
  if (!digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
      !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, hour) ||
      s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' || !digits(s, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 ||
      second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  uint64_t fraction_ns = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t n = 0;
    uint64_t scale = 100'000'000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (++n > 9) return std::nullopt;
      fraction_ns += uint64_t(s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (n == 0) return std::nullopt;
  }
  int64_t offset_s = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
    // UTC
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    unsigned oh, om;
    if (!digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_s = int64_t(oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
  } else {
    return std::nullopt;
  }
  const int64_t t = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset_s;
  // Past 2554-07-21T23:34:33.709551615Z the nanosecond count would wrap around to an early time.
  if (t < 0 || uint64_t(t) > (std::numeric_limits<uint64_t>::max() - fraction_ns) / 1'000'000'000) {
    return std::nullopt;
  }
  return uint64_t(t) * 1'000'000'000 + fraction_ns;
}

}  // namespace vigil::event
