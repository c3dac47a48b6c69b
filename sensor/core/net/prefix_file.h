// Prefix files: one IP or CIDR per line, as blocklists and home-network lists are written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "net/prefix.h"

namespace vigil::net {

/// '#' starts a comment (a whole line or after the entry); blank lines are ignored; surrounding
/// whitespace (and a CR of CRLF files) is trimmed. The first bad line fails the whole file with
/// "NAME:LINE: <reason>", e.g. "c2.txt:7: '1.2.3.999' is not an IP address or CIDR".
common::Result<std::vector<Prefix>> parsePrefixList(std::string_view text, std::string_view name);
/// Reads `path` and parses it; "PATH: cannot open: REASON" when it cannot be read. An empty file
/// is valid and gives no prefixes.
common::Result<std::vector<Prefix>> readPrefixFile(const std::string& path);

}  // namespace vigil::net
