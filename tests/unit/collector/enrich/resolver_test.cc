// Tests for the Resolver: the precedence table, synthetic organisations, origin ASNs, misses, inhibitions.
#include "enrich/resolver.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace vigil::enrich {
namespace {

net::Prefix prefix(const char* text) {
  return *net::Prefix::parse(text);
}
net::IpAddress ip(const char* text) {
  return *net::IpAddress::parse(text);
}

constexpr int64_t k2026 = 1767225600000;  // 2026-01-01T00:00:00Z
constexpr int64_t k2027 = 1798761600000;  // 2027-01-01T00:00:00Z

std::unique_ptr<Resolver> makeResolver() {
  auto constituency = parseConstituency(R"(
fallback:
  organisation: CERT-XX
  contacts: [{email: incidents@cert.example}]
organisations:
  - name: ISP
    asns: [64500]
    networks: [192.0.2.0/24, 2001:db8::/32]
    contacts: [{email: abuse@isp.example, format: xarf}]
    inhibitions:
      - {identifier: scan-horizontal, network: 192.0.2.128/25, expires: 2027-01-01, reason: research scanner}
      - {network: 192.0.2.7/32, reason: sinkhole}
      - {identifier: spam, reason: own mail relays are checked by hand}
  - name: Hosting
    networks: [192.0.2.64/26]
    contacts: [{email: abuse@hosting.example}]
  - name: University
    asns: [64510]
    contacts: [{email: cert@uni.example}]
    inhibitions: [{identifier: bruteforce-ssh, reason: honeypot study}]
)",
                                        "c.yaml", "/tmp");
  EXPECT_TRUE(constituency.ok()) << constituency.error();
  std::vector<NetworkRecord> imported = {
      {prefix("192.0.2.0/25"), "IN-ISP", "ORG-R1", "RIPE Org", "abuse@ripe-org.example"},
      {prefix("198.51.100.0/24"), "UNIHOST", "ORG-U1", "Uni Hosting", "abuse@unihost.example"},
      {prefix("198.51.100.128/25"), "SUB", "", "SUB", ""},  // no address: the /24 answers for it
      {prefix("203.0.113.0/24"), "BIG", "ORG-B1", "Big Org", "abuse@big.example"},
      {prefix("203.0.113.0/26"), "BIG-SUB", "ORG-B1", "Big Org", "abuse@big.example"},
      {prefix("2001:db8:1::/48"), "IN-ISP-V6", "ORG-R1", "RIPE Org", "abuse@ripe-org.example"},
  };
  std::vector<net::Pfx2AsEntry> routes = {
      {prefix("192.0.2.0/24"), 64500},       {prefix("198.51.100.0/24"), 64510}, {prefix("100.64.0.0/10"), 64510},
      {prefix("100.64.1.0/24"), 64999},      {prefix("203.0.113.0/24"), 64496},  {prefix("2001:db8::/32"), 64500},
      {prefix("2001:db8:ffff::/48"), 64510},
  };
  return std::make_unique<Resolver>(std::move(*constituency), std::move(imported), std::move(routes));
}

struct Expected {
  const char* address;
  const char* organisation;
  MatchKind kind;
  const char* prefix;  // "" = none
  std::optional<uint32_t> origin;
};

TEST(ResolverTest, PrecedenceTable) {
  const auto resolver = makeResolver();
  const Expected cases[] = {
      // A manual network beats a more specific imported one (192.0.2.0/25).
      {"192.0.2.10", "ISP", MatchKind::kManualNetwork, "192.0.2.0/24", 64500},
      // The most specific manual network wins.
      {"192.0.2.70", "Hosting", MatchKind::kManualNetwork, "192.0.2.64/26", 64500},
      {"2001:db8:1::1", "ISP", MatchKind::kManualNetwork, "2001:db8::/32", 64500},
      // An imported network beats a manual AS (198.51.100.0/24 is routed by University's AS64510).
      {"198.51.100.1", "Uni Hosting", MatchKind::kImportedNetwork, "198.51.100.0/24", 64510},
      // A more specific imported network without an address leaves the covering one to answer.
      {"198.51.100.200", "Uni Hosting", MatchKind::kImportedNetwork, "198.51.100.0/24", 64510},
      // The most specific imported network wins.
      {"203.0.113.5", "Big Org", MatchKind::kImportedNetwork, "203.0.113.0/26", 64496},
      {"203.0.113.100", "Big Org", MatchKind::kImportedNetwork, "203.0.113.0/24", 64496},
      // Origin AS of the most specific routed prefix, listed under an organisation.
      {"100.64.2.1", "University", MatchKind::kManualAsn, "100.64.0.0/10", 64510},
      {"2001:db8:ffff::1", "ISP", MatchKind::kManualNetwork, "2001:db8::/32", 64510},
      // The most specific route's origin (AS64999) is nobody's: the covering route's AS does not count.
      {"100.64.1.1", "CERT-XX", MatchKind::kFallback, "", 64999},
      {"10.0.0.1", "CERT-XX", MatchKind::kFallback, "", std::nullopt},
      {"2001:db9::1", "CERT-XX", MatchKind::kFallback, "", std::nullopt},
  };
  for (const Expected& e : cases) {
    const Resolution r = resolver->resolve(ip(e.address));
    EXPECT_EQ(r.name(), e.organisation) << e.address;
    EXPECT_EQ(r.matched_by, e.kind) << e.address;
    EXPECT_EQ(r.prefix.has_value() ? r.prefix->toString() : "", e.prefix) << e.address;
    EXPECT_EQ(r.origin_asn, e.origin) << e.address;
  }
  EXPECT_EQ(resolver->misses(), 3u);
}

TEST(ResolverTest, ImportedNetworksResolveToSharedSyntheticOrganisations) {
  const auto resolver = makeResolver();
  EXPECT_EQ(resolver->importedNetworks(), 5u);        // SUB dropped
  EXPECT_EQ(resolver->syntheticOrganisations(), 3u);  // RIPE Org, Uni Hosting, Big Org
  const Resolution small = resolver->resolve(ip("203.0.113.5"));
  const Resolution large = resolver->resolve(ip("203.0.113.100"));
  EXPECT_EQ(small.organisation, large.organisation);
  ASSERT_NE(small.record, nullptr);
  EXPECT_EQ(small.record->netname, "BIG-SUB");
  EXPECT_EQ(large.record->netname, "BIG");
  ASSERT_EQ(small.contacts().size(), 1u);
  EXPECT_EQ(small.contacts()[0],
            (Contact{"abuse@big.example", "", "", ReportFormat::kText, 3600, Encryption::kPreferred}));
  EXPECT_EQ(resolver->resolve(ip("192.0.2.10")).record, nullptr);
}

TEST(ResolverTest, ManualAndFallbackContactsComeFromTheFile) {
  const auto resolver = makeResolver();
  const Resolution isp = resolver->resolve(ip("192.0.2.1"));
  ASSERT_EQ(isp.contacts().size(), 1u);
  EXPECT_EQ(isp.contacts()[0].email, "abuse@isp.example");
  EXPECT_EQ(isp.contacts()[0].format, ReportFormat::kXarf);
  const Resolution none = resolver->resolve(ip("10.1.1.1"));
  EXPECT_EQ(none.organisation, &resolver->fallback());
  EXPECT_EQ(none.contacts()[0].email, "incidents@cert.example");
  EXPECT_EQ(resolver->organisations().size(), 3u);
}

TEST(ResolverTest, EmptyResolverSendsEverythingToTheFallback) {
  Constituency constituency;
  constituency.fallback.name = "CERT";
  const Resolver resolver(std::move(constituency), {}, {});
  const Resolution r = resolver.resolve(ip("192.0.2.1"));
  EXPECT_EQ(r.name(), "CERT");
  EXPECT_EQ(r.matched_by, MatchKind::kFallback);
  EXPECT_EQ(resolver.misses(), 1u);
}

TEST(ResolverTest, InhibitionsFollowTheResolvedOrganisation) {
  const auto resolver = makeResolver();
  auto reason = [&](const char* address, const char* identifier, int64_t now) -> std::string {
    const std::optional<Inhibition> inhibition = resolver->inhibition(ip(address), identifier, now);
    return inhibition.has_value() ? inhibition->reason : "-";
  };
  EXPECT_EQ(reason("192.0.2.200", "scan-horizontal", k2026), "research scanner");
  EXPECT_EQ(reason("192.0.2.200", "scan-horizontal", k2027 - 1), "research scanner");
  EXPECT_EQ(reason("192.0.2.200", "scan-horizontal", k2027), "-");  // expired
  EXPECT_EQ(reason("192.0.2.200", "scan-vertical", k2026), "-");
  EXPECT_EQ(reason("192.0.2.10", "scan-horizontal", k2026), "-");   // outside 192.0.2.128/25
  EXPECT_EQ(reason("192.0.2.7", "c2-contact", k2027), "sinkhole");  // no identifier, no expiry
  EXPECT_EQ(reason("192.0.2.10", "spam", k2026), "own mail relays are checked by hand");
  EXPECT_EQ(reason("192.0.2.70", "spam", k2026), "-");                         // Hosting's host, not ISP's
  EXPECT_EQ(reason("100.64.2.1", "bruteforce-ssh", k2026), "honeypot study");  // matched by AS
  EXPECT_EQ(reason("198.51.100.1", "spam", k2026), "-");                       // imported: no inhibitions
  EXPECT_EQ(reason("10.0.0.1", "spam", k2026), "-");                           // fallback
  EXPECT_EQ(resolver->misses(), 0u);                                           // inhibition() never counts a miss
}

TEST(ResolverTest, ConcurrentLookupsCountEveryMiss) {
  const auto resolver = makeResolver();
  auto work = [&] {
    for (int i = 0; i < 10000; ++i) {
      (void)resolver->resolve(ip("10.0.0.1"));
      (void)resolver->resolve(ip("192.0.2.1"));
    }
  };
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  EXPECT_EQ(resolver->misses(), 20000u);
}

TEST(ResolverTest, MatchKindNames) {
  EXPECT_EQ(matchKindName(MatchKind::kManualNetwork), "manual-network");
  EXPECT_EQ(matchKindName(MatchKind::kImportedNetwork), "imported-network");
  EXPECT_EQ(matchKindName(MatchKind::kManualAsn), "manual-asn");
  EXPECT_EQ(matchKindName(MatchKind::kFallback), "fallback");
}

}  // namespace
}  // namespace vigil::enrich
