// Resolver: prefix tables over manual networks, imported networks and routes, and the precedence between them.
#include "enrich/resolver.h"

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vigil::enrich {
namespace {

using TableEntries = std::vector<std::pair<net::Prefix, uint32_t>>;

/// (organisation name, abuse address) of an imported record.
using SyntheticKey = std::pair<std::string_view, std::string_view>;
struct SyntheticKeyHash {
  std::size_t operator()(const SyntheticKey& key) const noexcept {
    const std::size_t name = std::hash<std::string_view>()(key.first);
    return name ^ (std::hash<std::string_view>()(key.second) + 0x9e3779b97f4a7c15ULL + (name << 6) + (name >> 2));
  }
};

}  // namespace

std::string_view matchKindName(MatchKind kind) noexcept {
  switch (kind) {
    case MatchKind::kManualNetwork:
      return "manual-network";
    case MatchKind::kImportedNetwork:
      return "imported-network";
    case MatchKind::kManualAsn:
      return "manual-asn";
    case MatchKind::kFallback:
      return "fallback";
  }
  return "fallback";
}

Resolver::Resolver(Constituency constituency, std::vector<NetworkRecord> imported, std::vector<net::Pfx2AsEntry> routes)
    : fallback_(std::move(constituency.fallback)), organisations_(std::move(constituency.organisations)) {
  TableEntries manual;
  for (uint32_t i = 0; i < organisations_.size(); ++i) {
    for (const net::Prefix& prefix : organisations_[i].networks)
      manual.emplace_back(prefix, i);
    for (uint32_t asn : organisations_[i].asns)
      asns_.emplace_back(asn, i);
  }
  manual_ = net::PrefixTable(manual);
  std::sort(asns_.begin(), asns_.end());

  TableEntries route_entries;
  route_entries.reserve(routes.size());
  for (const net::Pfx2AsEntry& route : routes)
    route_entries.emplace_back(route.prefix, route.asn);
  routes = {};
  routes_ = net::PrefixTable(route_entries);

  indexImported(std::move(imported));
}

void Resolver::indexImported(std::vector<NetworkRecord> imported) {
  // Records without an address are dropped: the covering record then answers for their addresses.
  std::erase_if(imported, [](const NetworkRecord& record) { return record.abuse_email.empty(); });
  imported.shrink_to_fit();
  imported_ = std::move(imported);

  // One synthetic organisation per (name, address): an ISP's thousands of assignments share one. The keys
  // view into imported_, which no longer moves, so building the index allocates only per organisation.
  std::unordered_map<SyntheticKey, uint32_t, SyntheticKeyHash> synthetic_index;
  synthetic_index.reserve(imported_.size() / 16);
  TableEntries entries;
  entries.reserve(imported_.size());
  imported_organisation_.reserve(imported_.size());
  for (uint32_t i = 0; i < imported_.size(); ++i) {
    const NetworkRecord& record = imported_[i];
    const std::string& name = record.org_name.empty() ? record.abuse_email : record.org_name;
    const auto [found, inserted] =
        synthetic_index.try_emplace(SyntheticKey{name, record.abuse_email}, static_cast<uint32_t>(synthetic_.size()));
    if (inserted) {
      Organisation organisation;
      organisation.name = name;
      organisation.contacts.push_back(Contact{record.abuse_email,
                                              {},
                                              {},
                                              ReportFormat::kText,
                                              kDefaultNotificationIntervalSeconds,
                                              Encryption::kPreferred});
      synthetic_.push_back(std::move(organisation));
    }
    imported_organisation_.push_back(found->second);
    entries.emplace_back(record.prefix, i);
  }
  imported_table_ = net::PrefixTable(entries);
}

Resolution Resolver::find(const net::IpAddress& ip) const noexcept {
  Resolution out;
  const std::optional<net::PrefixTable::Match> route = routes_.lookup(ip);
  if (route.has_value()) out.origin_asn = route->value;

  if (const auto manual = manual_.lookup(ip)) {
    out.organisation = &organisations_[manual->value];
    out.matched_by = MatchKind::kManualNetwork;
    out.prefix = manual->prefix;
    return out;
  }
  if (const auto imported = imported_table_.lookup(ip)) {
    out.organisation = &synthetic_[imported_organisation_[imported->value]];
    out.matched_by = MatchKind::kImportedNetwork;
    out.prefix = imported->prefix;
    out.record = &imported_[imported->value];
    return out;
  }
  if (route.has_value()) {
    if (const Organisation* by_asn = organisationOfAsn(route->value)) {
      out.organisation = by_asn;
      out.matched_by = MatchKind::kManualAsn;
      out.prefix = route->prefix;
      return out;
    }
  }
  out.organisation = &fallback_;
  out.matched_by = MatchKind::kFallback;
  return out;
}

Resolution Resolver::resolve(const net::IpAddress& ip) const noexcept {
  Resolution out = find(ip);
  if (out.matched_by == MatchKind::kFallback) misses_.fetch_add(1, std::memory_order_relaxed);
  return out;
}

const Organisation* Resolver::organisationOfAsn(uint32_t asn) const noexcept {
  const auto found = std::lower_bound(asns_.begin(), asns_.end(), std::pair<uint32_t, uint32_t>(asn, 0));
  return found != asns_.end() && found->first == asn ? &organisations_[found->second] : nullptr;
}

std::optional<Inhibition> Resolver::inhibition(const net::IpAddress& ip, std::string_view identifier,
                                               int64_t now_ms) const {
  const Resolution resolution = find(ip);
  if (resolution.matched_by != MatchKind::kManualNetwork && resolution.matched_by != MatchKind::kManualAsn) {
    return std::nullopt;
  }
  for (const Inhibition& inhibition : resolution.organisation->inhibitions) {
    if (inhibition.applies(ip, identifier, now_ms)) return inhibition;
  }
  return std::nullopt;
}

}  // namespace vigil::enrich
