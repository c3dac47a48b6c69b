// pfx2as files: CAIDA routeviews prefix-to-AS and pyasn IPASN DAT text, the collector's offline IP -> AS source.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "net/prefix.h"

namespace vigil::net {

/// One routed prefix and the AS originating it (the first one when several do).
struct Pfx2AsEntry {
  Prefix prefix;
  uint32_t asn = 0;
  friend bool operator==(const Pfx2AsEntry& a, const Pfx2AsEntry& b) noexcept = default;
};

/// Both line forms are accepted, in any mix, fields separated by tabs (or spaces):
///  - CAIDA routeviews(6)-prefix2as: `prefix<TAB>length<TAB>AS`, e.g. `1.0.0.0<TAB>24<TAB>13335`, IPv6 alike;
///  - pyasn IPASN DAT: `CIDR<TAB>AS`, e.g. `1.0.0.0/24<TAB>13335`; lines starting with ';' are comments.
/// A line is DAT when its first field holds a '/'. AS is asplain (1-4294967295). A multi-origin AS
/// `30_10_20` (CAIDA orders the origins by how many peers saw each) gives the first; an AS set `1,2`
/// is read the same way. Every origin listed must be valid: AS 0 (RFC 7607) or a token that is not a
/// number is an error, never silently skipped, as are host bits, a missing field and an extra one.
/// Blank lines are ignored and a CR of CRLF files trimmed. The first bad line fails the whole file
/// with "NAME:LINE: <reason>", e.g. "rv.pfx2as:7: bad AS '30_x': 'x' is not an AS number".
/// About 0.6 s per million lines (tools/bench/prefix_table_bench.cc); the result is in file order (PrefixTable sorts).
common::Result<std::vector<Pfx2AsEntry>> parsePfx2As(std::string_view text, std::string_view name);
/// Reads `path` and parses it, naming errors after `path`; "PATH: cannot open: REASON" when it cannot be
/// read. pyasn can write gzip: such a file is refused with a hint to decompress it first.
common::Result<std::vector<Pfx2AsEntry>> readPfx2AsFile(const std::string& path);

}  // namespace vigil::net
