// E-mail addresses of abuse contacts: strict validation, normal form, and the first address in messy RIPE text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigil::enrich {

// Used at load/import time only (they allocate for the result); pure functions, any thread.
//
// What "valid" means here is deliberately narrower than RFC 5322: a local part that is a dot-atom
// (abuse, abuse.desk, noc+abuse) or a quoted string ("abuse contact"), '@', and a domain of at least
// two LDH labels (letters, digits, '-' inside), each at most 63 bytes, at most 253 in all. No IP
// literals, no comments, no non-ASCII: an abuse desk that a mail server cannot reach is worse than an
// operator error at load time.

/// True when `text` is one address as described above, and nothing else.
bool isEmailAddress(std::string_view text) noexcept;

/// The address with its domain lower-cased (domains are case-insensitive; local parts, in theory, are
/// not, so they are kept as written). Precondition: isEmailAddress(text).
std::string normalizeEmailAddress(std::string_view text);

/// The first valid address in a free-form RIPE `abuse-mailbox:` value, normalised; nullopt when there is
/// none. Tolerates what real dumps hold: several addresses separated by spaces, ',' or ';'
/// ("abuse@x.net, noc@x.net"), a display form ("Abuse <abuse@x.net>"), "mailto:", a trailing comment
/// ("abuse@x.net (preferred)", "abuse@x.net # 24/7"), a trailing comma, upper case, and a quoted local
/// part containing spaces ("\"abuse contact\"@x.com").
std::optional<std::string> firstEmailAddress(std::string_view text);

}  // namespace vigil::enrich
