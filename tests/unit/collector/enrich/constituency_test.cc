// Tests for the constituency file: the commented example loads with every field, and each error is exact.
#include "enrich/constituency.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace vigil::enrich {
namespace {

const std::string kData = std::string(VIGIL_SOURCE_DIR) + "/tests/unit/collector/enrich/data";

net::Prefix prefix(const char* text) {
  return *net::Prefix::parse(text);
}
net::IpAddress ip(const char* text) {
  return *net::IpAddress::parse(text);
}

TEST(ConstituencyTest, ExampleFileLoadsEveryField) {
  auto c = loadConstituency(kData + "/constituency.yaml");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->file, kData + "/constituency.yaml");
  EXPECT_EQ(c->fallback, (Organisation{"CERT-XX", {}, {}, {Contact{"incidents@cert.example"}}, {}}));
  ASSERT_EQ(c->organisations.size(), 3u);

  const Organisation& isp = c->organisations[0];
  EXPECT_EQ(isp.name, "Example ISP");
  EXPECT_EQ(isp.asns, (std::vector<uint32_t>{64500, 64501}));
  EXPECT_EQ(isp.networks, (std::vector<net::Prefix>{prefix("192.0.2.0/24"), prefix("2001:db8::/32")}));
  ASSERT_EQ(isp.contacts.size(), 2u);
  EXPECT_EQ(isp.contacts[0],
            (Contact{"abuse@isp.example", kData + "/keys/isp.asc", "0123456789ABCDEF0123456789ABCDEF0123ABCD",
                     ReportFormat::kXarf, 900, Encryption::kRequired}));
  EXPECT_EQ(isp.contacts[1], (Contact{"NOC@isp.example", "", "", ReportFormat::kCsv, 86400, Encryption::kNone}));
  ASSERT_EQ(isp.inhibitions.size(), 2u);
  EXPECT_EQ(isp.inhibitions[0], (Inhibition{"scan-horizontal", prefix("192.0.2.128/25"), int64_t{1798761600000},
                                            "research scanner, ticket 2026-117"}));
  // 2026-06-30T12:00:00+02:00 is 10:00 UTC.
  EXPECT_EQ(isp.inhibitions[1],
            (Inhibition{"", std::nullopt, int64_t{1782813600000}, "maintenance window, all findings held back"}));

  EXPECT_EQ(c->organisations[1],
            (Organisation{"Example Hosting", {}, {prefix("192.0.2.64/26")}, {Contact{"abuse@hosting.example"}}, {}}));
  EXPECT_EQ(c->organisations[2], (Organisation{"Example University", {64510}, {}, {Contact{"cert@uni.example"}}, {}}));
}

TEST(ConstituencyTest, MinimalFileNeedsOnlyTheFallback) {
  auto c = parseConstituency(
      "fallback:\n  organisation: CERT\n  contacts: [{email: cert@cert.example}]\n"
      "organisations:\n",
      "c.yaml", kData);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->fallback.name, "CERT");
  EXPECT_TRUE(c->organisations.empty());
}

TEST(ConstituencyTest, InhibitionAppliesByIdentifierNetworkAndExpiry) {
  const Inhibition scanner{"scan-horizontal", prefix("192.0.2.128/25"), int64_t{1'000'000}, "research"};
  EXPECT_TRUE(scanner.applies(ip("192.0.2.200"), "scan-horizontal", 999'999));
  EXPECT_FALSE(scanner.applies(ip("192.0.2.200"), "scan-horizontal", 1'000'000));  // expired at that instant
  EXPECT_FALSE(scanner.applies(ip("192.0.2.200"), "scan-vertical", 0));
  EXPECT_FALSE(scanner.applies(ip("192.0.2.1"), "scan-horizontal", 0));
  const Inhibition everything{"", std::nullopt, std::nullopt, "sinkhole"};
  EXPECT_TRUE(everything.applies(ip("2001:db8::1"), "spam", INT64_MAX));
}

// Every case is the fallback plus one organisation (or a changed top level), so each message is exact.
const std::string kFallback = "fallback:\n  organisation: CERT\n  contacts: [{email: cert@cert.example}]\n";

std::string withOrganisations(const std::string& organisations) {
  return kFallback + "organisations:\n" + organisations;
}

TEST(ConstituencyTest, ErrorsNameFileLineColumnAndProblem) {
  const std::pair<std::string, std::string> cases[] = {
      {"fallbak: {}\n", "c.yaml:1:1: unknown key 'fallbak' at top level (did you mean 'fallback'?)"},
      {"organisations: []\n", "c.yaml: 'fallback' is required (the organisation and contacts for unresolved hosts)"},
      {"- a\n- b\n", "c.yaml: a constituency file must be a mapping with 'fallback' and 'organisations'"},
      {"fallback: [\n", "c.yaml:2:1: YAML syntax: end of sequence flow not found"},
      {"fallback: CERT\n", "c.yaml:1:11: 'fallback' must be a mapping of organisation and contacts (got 'CERT')"},
      {"fallback:\n  organisation: CERT\n", "c.yaml:2:3: 'fallback' is missing 'contacts'"},
      {"fallback:\n  organisation: CERT\n  contacts: []\n", "c.yaml:3:13: 'contacts' must list at least one contact"},
      {kFallback + "organisations: {name: x}\n",
       "c.yaml:4:16: 'organisations' must be a list of organisations (got a mapping)"},
      {withOrganisations("  - Example ISP\n"),
       "c.yaml:5:5: 'organisations' entry must be a mapping with name, networks or asns, and contacts (got "
       "'Example ISP')"},
      {withOrganisations("  - networks: [192.0.2.0/24]\n"), "c.yaml:5:5: organisation is missing 'name'"},
      {withOrganisations("  - name: ISP\n    network: [192.0.2.0/24]\n"),
       "c.yaml:6:5: unknown key 'network' in an organisation (did you mean 'networks'?)"},
      {withOrganisations("  - name: ISP\n    networks: [192.0.2.0/24]\n"),
       "c.yaml:5:5: organisation 'ISP' is missing 'contacts'"},
      {withOrganisations("  - name: ISP\n    contacts: [{email: a@isp.example}]\n"),
       "c.yaml:5:5: organisation 'ISP' has neither 'networks' nor 'asns', so no host can resolve to it"},
      {withOrganisations("  - name: ISP\n    networks: 192.0.2.0/24\n"),
       "c.yaml:6:15: 'networks' must be a list of CIDRs such as 192.0.2.0/24 (got '192.0.2.0/24')"},
      {withOrganisations("  - name: ISP\n    networks: [192.0.2.1/24]\n"),
       "c.yaml:6:16: 'networks' entry '192.0.2.1/24' has host bits set (did you mean 192.0.2.0/24?)"},
      {withOrganisations("  - name: ISP\n    networks: [192.0.2.0/33]\n"),
       "c.yaml:6:16: 'networks' entry '192.0.2.0/33': IPv4 prefix length must be 0-32"},
      {withOrganisations("  - name: ISP\n    asns: [AS0]\n"),
       "c.yaml:6:12: 'asns' entry must be an AS number from 1 to 4294967295 such as 64500 or AS64500 (got 'AS0')"},
      {withOrganisations("  - name: ISP\n    asns: [4294967296]\n"),
       "c.yaml:6:12: 'asns' entry must be an AS number from 1 to 4294967295 such as 64500 or AS64500 (got "
       "'4294967296')"},
      {withOrganisations("  - name: ISP\n    networks: [192.0.2.0/24]\n    contacts: [{email: a@isp.example}]\n"
                         "  - name: isp\n    networks: [198.51.100.0/24]\n    contacts: [{email: a@isp.example}]\n"),
       "c.yaml:8:11: duplicate organisation name 'isp' (first at line 5)"},
      {withOrganisations("  - name: ISP\n    networks: [192.0.2.0/24]\n    contacts: [{email: a@isp.example}]\n"
                         "  - name: Hosting\n    networks: [198.51.100.0/24, 192.0.2.0/24]\n"
                         "    contacts: [{email: a@isp.example}]\n"),
       "c.yaml:9:33: network 192.0.2.0/24 already belongs to organisation 'ISP' (line 6)"},
      {withOrganisations("  - name: ISP\n    asns: [64500, AS64500]\n    contacts: [{email: a@isp.example}]\n"),
       "c.yaml:6:19: AS64500 already belongs to organisation 'ISP' (line 6)"},
      {withOrganisations("  - name: ISP\n    asns: [64500]\n    contacts:\n      - emial: a@isp.example\n"),
       "c.yaml:8:9: unknown key 'emial' in a contact (did you mean 'email'?)"},
      {withOrganisations("  - name: ISP\n    asns: [64500]\n    contacts:\n      - format: csv\n"),
       "c.yaml:8:9: contact is missing 'email'"},
      {withOrganisations("  - name: ISP\n    asns: [64500]\n    contacts:\n      - abuse@isp.example\n"),
       "c.yaml:8:9: 'contacts' entry must be a mapping with at least 'email' (got 'abuse@isp.example')"},
      {withOrganisations("  - name: ISP\n    asns: [64500]\n    contacts: [{email: abuse@isp}]\n"),
       "c.yaml:7:24: 'email' must be an e-mail address such as abuse@isp.example (got 'abuse@isp')"},
      {withOrganisations("  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example, format: pdf}]\n"),
       "c.yaml:7:47: 'format' must be one of text, csv, xarf, iodef (got 'pdf')"},
      {withOrganisations(
           "  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example, notification_interval: 1x}]\n"),
       "c.yaml:7:62: 'notification_interval' must be a duration such as 10s, 5m or 1h, or a number of seconds "
       "(got '1x')"},
      {withOrganisations(
           "  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example, notification_interval: 10s}]\n"),
       "c.yaml:7:62: notification_interval must be at least 1m (got '10s')"},
      {withOrganisations("  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example, encryption: yes}]\n"),
       "c.yaml:7:51: 'encryption' must be one of required, preferred, none (got 'yes')"},
      {withOrganisations(
           "  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example, encryption: required}]\n"),
       "c.yaml:7:51: 'encryption: required' needs 'pgp_key' or 'pgp_fingerprint' for a@isp.example"},
      {withOrganisations(
           "  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example, pgp_fingerprint: 0123ABCD}]\n"),
       "c.yaml:7:56: 'pgp_fingerprint' must be 40 hexadecimal digits (spaces allowed) (got '0123ABCD')"},
      {withOrganisations(
           "  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example, pgp_key: keys/absent.asc}]\n"),
       "c.yaml:7:48: 'pgp_key' keys/absent.asc: cannot open: No such file or directory"},
      {withOrganisations(
           "  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example, pgp_key: keys/private.asc}]\n"),
       "c.yaml:7:48: 'pgp_key' keys/private.asc: holds a private key; give the organisation's public key"},
      {withOrganisations(
           "  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example, pgp_key: constituency.yaml}]\n"),
       "c.yaml:7:48: 'pgp_key' constituency.yaml: not an OpenPGP public key (expected '-----BEGIN PGP PUBLIC "
       "KEY BLOCK-----')"},
      {withOrganisations("  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example}]\n"
                         "    inhibitions: [{reason: x, expires: 2027-02-30}]\n"),
       "c.yaml:8:40: 'expires' must be a date such as 2027-01-01 or an RFC 3339 time such as "
       "2027-01-01T12:00:00Z (got '2027-02-30')"},
      {withOrganisations("  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example}]\n"
                         "    inhibitions: [{reason: x, network: 192.0.2.0/40}]\n"),
       "c.yaml:8:40: 'network' '192.0.2.0/40': IPv4 prefix length must be 0-32"},
      {withOrganisations("  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example}]\n"
                         "    inhibitions: [{reason: x, identifier: Scan Horizontal}]\n"),
       "c.yaml:8:43: 'identifier' must be lower-case letters, digits and '-', starting with a letter or digit, at "
       "most 64 characters (got 'Scan Horizontal')"},
      {withOrganisations("  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example}]\n"
                         "    inhibitions: [{identifier: spam}]\n"),
       "c.yaml:8:19: inhibition is missing 'reason' (analysts see it on every finding it holds back)"},
      {withOrganisations("  - name: ISP\n    asns: [64500]\n    contacts: [{email: a@isp.example}]\n"
                         "    inhibitions: [{reason: x, expiry: 2027-01-01}]\n"),
       "c.yaml:8:31: unknown key 'expiry' in an inhibition (did you mean 'expires'?)"},
  };
  for (const auto& [text, message] : cases) {
    auto c = parseConstituency(text, "c.yaml", kData);
    ASSERT_FALSE(c.ok()) << text;
    EXPECT_EQ(c.error(), message) << text;
  }
}

TEST(ConstituencyTest, UnreadableFileIsAnError) {
  EXPECT_EQ(loadConstituency(kData + "/absent.yaml").error(),
            kData + "/absent.yaml: cannot open: No such file or directory");
}

}  // namespace
}  // namespace vigil::enrich
