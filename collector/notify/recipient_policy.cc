// RecipientPolicy: walks own organisation -> upstream AS organisation -> CERT desk, skipping disabled addresses.
#include "notify/recipient_policy.h"

#include <algorithm>

namespace vigil::notify {
namespace {

const enrich::Contact* firstEnabled(const enrich::Organisation& organisation, const std::set<std::string>& disabled) {
  for (const enrich::Contact& contact : organisation.contacts) {
    if (disabled.count(contact.email) == 0) return &contact;
  }
  return nullptr;
}

RecipientChoice chosen(const enrich::Organisation& organisation, const enrich::Contact& contact) {
  return {Recipient{organisation.name, contact}, {}};
}

}  // namespace

RecipientChoice RecipientPolicy::choose(const enrich::Resolver& resolver, const net::IpAddress& host,
                                        std::string_view tlp, const std::set<std::string>& disabled) const {
  if (tlp == "TLP:RED") return {std::nullopt, "TLP:RED never leaves the collector"};
  const enrich::Resolution resolution = resolver.lookup(host);
  const enrich::Organisation& own = *resolution.organisation;
  if (const enrich::Contact* contact = firstEnabled(own, disabled)) return chosen(own, *contact);

  if (resolution.origin_asn) {
    const enrich::Organisation* upstream = resolver.organisationOfAsn(*resolution.origin_asn);
    const bool may_leave = std::find(upstream_tlps_.begin(), upstream_tlps_.end(), tlp) != upstream_tlps_.end();
    if (upstream != nullptr && upstream != &own && may_leave) {
      if (const enrich::Contact* contact = firstEnabled(*upstream, disabled)) return chosen(*upstream, *contact);
    }
  }
  const enrich::Organisation& cert = resolver.fallback();
  if (&cert != &own) {
    if (const enrich::Contact* contact = firstEnabled(cert, disabled)) return chosen(cert, *contact);
  }
  return {std::nullopt, "no contact left for " + own.name + " (every address disabled or none listed)"};
}

}  // namespace vigil::notify
