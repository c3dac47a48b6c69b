// RecipientPolicy: who may receive a notification about a host: its own organisation first, TLP rules, disabled
// addresses.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "enrich/resolver.h"

namespace vigil::notify {

/// The chosen recipient of a notification about one host.
struct Recipient {
  std::string organisation;
  enrich::Contact contact;
};

/// Either a recipient or why nobody may or can be told.
struct RecipientChoice {
  std::optional<Recipient> recipient;
  std::string held_reason;  // set when recipient is empty
};

/// The order of recipients, and why:
///  1. The first address of the host's own organisation that is not disabled (an address is disabled after
///     repeated permanent delivery failures; the organisation's next contact takes over).
///  2. Then the organisation owning the host's origin AS (the upstream), but only for TLPs that may leave
///     the host's organisation (TLP 2.0: AMBER and AMBER+STRICT are for the recipient's own organisation;
///     by default CLEAR and GREEN may go upstream).
///  3. Then the CERT's own desk (the constituency's fallback): the CERT may always read its own findings.
/// TLP:RED never leaves the collector: no recipient at all.
/// Immutable; safe from any thread.
class RecipientPolicy {
 public:
  explicit RecipientPolicy(std::vector<std::string> upstream_tlps) : upstream_tlps_(std::move(upstream_tlps)) {}

  RecipientChoice choose(const enrich::Resolver& resolver, const net::IpAddress& host, std::string_view tlp,
                         const std::set<std::string>& disabled) const;

 private:
  std::vector<std::string> upstream_tlps_;
};

}  // namespace vigil::notify
