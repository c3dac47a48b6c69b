// XarfReport: the X-ARF 0.2 report part (YAML) of a one-incident notification, and its evidence.
#pragma once

#include <string>

#include "common/result.h"
#include "notify/digest.h"

namespace vigil::notify {

/// X-ARF 0.2 (CERT-FORMATS 4.1): Reported-From, Category, Report-Type, Report-ID, Date, Source,
/// Source-Type, Attachment, Schema-URL, User-Agent, Version, plus Port and Service when known. Report types
/// by identifier: scan-* port-scan, bruteforce-* login-attack, *-flood ddos, amplification-* open-service,
/// c2-contact malware, spam spam, others info. X-ARF carries one report per mail: a digest with other than
/// exactly one item is an error (the scheduler makes one digest per incident for X-ARF contacts). Every
/// value is a double-quoted YAML scalar, so no text can break the document.
common::Result<std::string> xarfReport(const Digest& digest, const Reporter& reporter);
/// The evidence part: the item's events as JSON lines (IntelMQ names), "" when there are none.
std::string xarfEvidence(const Digest& digest);

}  // namespace vigil::notify
