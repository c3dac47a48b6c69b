// One-line operator messages shared by the capture sources, so every reader words a problem the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "decode/link_type.h"

namespace vigil::capture {

/// Maps a file's link-type number to a decodable LinkType, or fails with
/// "<label>: unsupported link type 105 (IEEE802_11); supported: ethernet, linux-sll, ...".
common::Result<decode::LinkType> checkLinkType(std::string_view label, uint32_t number);

/// "<label>: truncated final record at offset N (got X of Y bytes)": a warning, not an error.
std::string truncatedRecordWarning(std::string_view label, uint64_t offset, uint64_t got, uint64_t want);

/// "<label>: corrupt record at offset N: caplen X": reading stops here.
std::string corruptRecordError(std::string_view label, uint64_t offset, uint64_t caplen);

/// Turns a libpcap error buffer into "<label>: <problem>": drops a leading copy of the path and
/// any trailing newline, and rewrites the header messages libpcap gives for streams into the
/// wording InputFile::checkHead() uses for files.
std::string describePcapError(std::string_view label, std::string_view path, std::string_view message);

}  // namespace vigil::capture
