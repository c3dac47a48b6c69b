// MIME text encodings: quoted-printable, base64 lines, RFC 2047 header words, RFC 5322 dates, CRLF.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::notify {

/// LF or CRLF line ends -> CRLF (a lone CR becomes CRLF too).
std::string toCrlf(std::string_view text);
/// Quoted-printable (RFC 2045 6.7) of UTF-8 text with CRLF or LF line ends: lines of at most 76
/// characters with soft breaks, '=' and non-ASCII bytes encoded, trailing space/tab encoded, a leading
/// "From " or "." encoded so no transport can alter it. Output lines end in CRLF.
std::string quotedPrintable(std::string_view text);
/// Base64 in lines of 76 characters, each ending in CRLF.
std::string base64Lines(std::string_view bytes);
/// A header value safe to write: CR and LF become spaces (no header injection); non-ASCII text becomes
/// RFC 2047 encoded-words ("=?UTF-8?B?...?="), each at most 75 characters, joined by folding whitespace.
std::string headerValue(std::string_view text);
/// RFC 5322 date of a Unix ms time, in UTC: "Sun, 22 Nov 2026 00:00:00 +0000".
std::string rfc5322Date(int64_t ms);

}  // namespace vigil::notify
