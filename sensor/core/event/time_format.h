// RFC 3339 timestamps in UTC with microseconds, the form IntelMQ's DateTime fields take.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::event {

/// "2026-11-22T10:00:01.123456+00:00" (nanoseconds truncated to microseconds).
std::string formatRfc3339(uint64_t ns_since_epoch);
/// Accepts "...Z" or "...+HH:MM"/"-HH:MM" (converted to UTC), a fraction of 1-9 digits or none.
/// nullopt for anything else, a time before 1970, or one past 2^64 - 1 ns (2554-07-21T23:34:33.709551615Z).
std::optional<uint64_t> parseRfc3339(std::string_view text);

}  // namespace vigil::event
