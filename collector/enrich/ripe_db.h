// RipeDbImporter: RIPE database split files (inetnum, inet6num, organisation, role) -> NetworkRecords with abuse
// e-mail.
#pragma once

#include <cstdint>
#include <istream>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "enrich/network_record.h"
#include "enrich/rpsl_reader.h"
#include "net/prefix.h"

namespace vigil::enrich {

/// What an import saw. Unresolvable references and messy values are counted here, never fatal: a dump
/// of millions of objects always holds some, and one should not stop the other million from loading.
struct RipeImportStats {
  uint64_t objects = 0;  // well-formed objects read, any class
  uint64_t inetnums = 0;
  uint64_t inet6nums = 0;
  uint64_t organisations = 0;
  uint64_t roles = 0;                // role (and person) objects with a usable abuse-mailbox
  uint64_t other_objects = 0;        // aut-num, mntner, ...: skipped
  uint64_t malformed_lines = 0;      // see RpslReader; each also skips its object
  uint64_t skipped_objects = 0;      // objects holding a malformed line
  uint64_t bad_networks = 0;         // inetnum range / inet6num prefix that does not parse: object skipped
  uint64_t bad_mailboxes = 0;        // abuse-mailbox values with no valid address in them
  uint64_t unresolved_orgs = 0;      // network objects whose org: names no organisation object
  uint64_t unresolved_abuse_c = 0;   // network objects whose own abuse-c names no role with a mailbox
  uint64_t without_abuse_email = 0;  // network objects left without an abuse address after all fallbacks
  uint64_t records = 0;              // NetworkRecords produced (a range may give several)

  friend bool operator==(const RipeImportStats&, const RipeImportStats&) = default;
};

/// Builds NetworkRecords from the RIPE database's split dumps (ripe.db.inetnum, ripe.db.inet6num,
/// ripe.db.organisation, ripe.db.role), given decompressed, in any order and any number of reads:
/// objects are recognised by class, and references are resolved in finish(), after everything is read.
///
/// Resolution, as RIPE defines it: a network's abuse contact is its own abuse-c, else its org's abuse-c;
/// either names a role whose abuse-mailbox holds the address (the first valid one, domain lower-cased:
/// see firstEmailAddress). org_name is the organisation's org-name, else the netname. An inetnum range
/// "a - b" becomes the minimal list of CIDRs, one record each. A more specific network without any
/// abuse address keeps an empty abuse_email; the Resolver then uses the covering network's.
/// Handles are case-insensitive (upper-cased before joining); text that is not UTF-8 is read as
/// latin-1, which older objects are in.
///
/// Memory: the files are streamed (RpslReader), so reading costs one object at a time. What is kept:
/// the records (about 200 bytes each; the full RIPE dump gives some 5 million), for each organisation
/// its org-name and abuse-c handle, and for each role only its address. Single-threaded.
class RipeDbImporter {
 public:
  /// Reads one file (the path is shown in messages). Errors, one line: "PATH: cannot open: REASON",
  /// "PATH: is a directory", "PATH: gzip-compressed; decompress it first", "PATH:LINE: not RPSL: ...".
  common::Result<void> readFile(const std::string& path);
  /// The same from a stream (a pipe from zcat, a test string), named `name` in messages.
  common::Result<void> read(std::istream& in, std::string_view name);

  /// Resolves org and abuse-c references and hands back the records in read order. Leaves the importer
  /// empty (stats() stays).
  std::vector<NetworkRecord> finish();

  const RipeImportStats& stats() const noexcept { return stats_; }

 private:
  struct OrgInfo {
    std::string name;     // org-name, UTF-8
    std::string abuse_c;  // upper-cased handle, may be empty
  };
  /// A network object awaiting finish(): its records are [first, next object's first).
  struct PendingObject {
    uint32_t first = 0;
    std::string abuse_c;  // upper-cased handle, may be empty
  };

  void addNetwork(std::span<const RpslAttribute> object, bool v6);
  void addOrganisation(std::span<const RpslAttribute> object);
  void addRole(std::span<const RpslAttribute> object);

  std::vector<NetworkRecord> records_;  // org_name and abuse_email filled in by finish()
  std::vector<PendingObject> pending_;
  std::unordered_map<std::string, OrgInfo> organisations_;  // by upper-cased handle
  std::unordered_map<std::string, std::string> roles_;      // upper-cased nic-hdl -> abuse address
  RipeImportStats stats_;
};

/// The minimal list of CIDRs covering exactly [first, last] (host-order IPv4 values, first <= last), in
/// address order: 192.0.2.0-192.0.2.255 -> {192.0.2.0/24}; 10.0.0.0-10.0.2.255 -> {10.0.0.0/23,
/// 10.0.2.0/24}. At most 62 prefixes.
std::vector<net::Prefix> ipv4RangeToPrefixes(uint32_t first, uint32_t last);

}  // namespace vigil::enrich
