// Constituency: the operator's YAML file of organisations, their networks/ASNs, abuse contacts and inhibitions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "net/prefix.h"

namespace vigil::enrich {

// The file (tests/unit/collector/enrich/data/constituency.yaml is a full, commented example):
//
//   key                                   type / values                            default
//   fallback                              mapping, required: where unresolved hosts go (the CERT itself)
//     organisation                        string, required
//     contacts                            list of contacts (below), at least one
//   organisations                         list, may be empty or absent
//     - name                              string, required, unique (case-insensitively)
//       asns                              list of 64500 or "AS64500" (1-4294967295)  []
//       networks                          list of CIDRs or addresses                 []
//                                         (asns and networks may not both be empty; a network or an
//                                         AS may belong to one organisation only)
//       contacts                          list, at least one
//         - email                         address, required (domain lower-cased)
//           pgp_key                       path of a key file, relative to this file  none
//           pgp_fingerprint               40 hex digits (spaces allowed, upper-cased) none
//           format                        text | csv | xarf | iodef                  text
//           notification_interval         duration 1m-30d ("15m", "1h", "1d")        1h
//           encryption                    required | preferred | none                preferred
//                                         (required needs pgp_key or pgp_fingerprint)
//       inhibitions                       list                                       []
//         - identifier                    classification.identifier                  any
//           network                       CIDR                                       the whole organisation
//           expires                       date (2027-01-01, 00:00 UTC) or RFC 3339   never
//           reason                        string, required (shown to analysts)
//
// Errors are one line, "FILE:LINE:COLUMN: what is wrong", from the rules module's YAML helpers.

/// How findings are rendered for a contact.
enum class ReportFormat : uint8_t { kText, kCsv, kXarf, kIodef };
/// Whether mail to a contact must, should or must not be PGP-encrypted.
enum class Encryption : uint8_t { kRequired, kPreferred, kNone };

/// "text", "csv", "xarf", "iodef" and back; nullopt for any other text.
std::string_view reportFormatName(ReportFormat format) noexcept;
std::optional<ReportFormat> parseReportFormat(std::string_view text) noexcept;
/// "required", "preferred", "none" and back.
std::string_view encryptionName(Encryption encryption) noexcept;
std::optional<Encryption> parseEncryption(std::string_view text) noexcept;

inline constexpr uint32_t kDefaultNotificationIntervalSeconds = 3600;

/// One abuse desk address and how it wants to be notified. Plain value.
struct Contact {
  std::string email;
  std::string pgp_key_file;     // resolved path of the key file, empty when none
  std::string pgp_fingerprint;  // 40 upper-case hex digits, empty when none
  ReportFormat format = ReportFormat::kText;
  uint32_t notification_interval_s = kDefaultNotificationIntervalSeconds;
  Encryption encryption = Encryption::kPreferred;

  friend bool operator==(const Contact&, const Contact&) = default;
};

/// "Do not notify about this": an operator's standing exception (a research scanner, a known sinkhole).
struct Inhibition {
  std::string identifier;              // classification.identifier; empty = any
  std::optional<net::Prefix> network;  // nullopt = every host of the organisation
  std::optional<int64_t> expires_ms;   // Unix ms (UTC); applies while now < expires; nullopt = never
  std::string reason;

  /// True when this inhibition covers a finding of kind `finding` (classification.identifier) about `ip`
  /// at `now_ms`.
  bool applies(const net::IpAddress& ip, std::string_view finding, int64_t now_ms) const noexcept;

  friend bool operator==(const Inhibition&, const Inhibition&) = default;
};

/// An organisation the CERT notifies. Plain value.
struct Organisation {
  std::string name;
  std::vector<uint32_t> asns;
  std::vector<net::Prefix> networks;
  std::vector<Contact> contacts;
  std::vector<Inhibition> inhibitions;

  friend bool operator==(const Organisation&, const Organisation&) = default;
};

/// The whole file, as loaded. Plain value; the Resolver copies what it needs.
struct Constituency {
  std::string file;                         // display path, for messages
  Organisation fallback;                    // only name and contacts are set
  std::vector<Organisation> organisations;  // in file order
};

/// Loads the constituency file at `path` (shown as given in messages). Relative pgp_key paths resolve
/// against the file's directory, and each key file must be a readable regular file. Load time only:
/// reads files, allocates; never throws; thread-safe.
common::Result<Constituency> loadConstituency(const std::string& path);
/// The same from text (tests): `display` names it in messages, relative paths resolve under `base_dir`.
common::Result<Constituency> parseConstituency(std::string_view text, const std::string& display,
                                               const std::string& base_dir);

}  // namespace vigil::enrich
