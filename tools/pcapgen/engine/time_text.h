// Time text: RFC 3339 / epoch-seconds parsing and RFC 3339 formatting of nanosecond timestamps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::pcapgen {

/// "2025-01-01T00:00:00Z", "2025-01-01T00:00:00.5+02:00" (a space may replace the T), or epoch
/// seconds "1735689600" / "1735689600.25". Returns ns since the Unix epoch; nullopt when
/// invalid or before 1970 / after 2106 (the pcap seconds field is 32 bits).
std::optional<uint64_t> parseTime(std::string_view text);

/// "YYYY-MM-DDTHH:MM:SS.fffffffffZ" in UTC with `fraction_digits` (0, 3, 6 or 9) digits.
std::string formatRfc3339(uint64_t ns, int fraction_digits);

}  // namespace vigil::pcapgen
