// Tests for the RIPE split-dump importer: ranges to CIDRs, abuse-c/org/role resolution, messy data, errors.
#include "enrich/ripe_db.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace vigil::enrich {
namespace {

const std::string kData = std::string(VIGIL_SOURCE_DIR) + "/tests/unit/collector/enrich/data/ripe/";

net::Prefix prefix(const char* text) {
  return *net::Prefix::parse(text);
}

std::vector<std::string> texts(const std::vector<net::Prefix>& prefixes) {
  std::vector<std::string> out;
  for (const net::Prefix& p : prefixes)
    out.push_back(p.toString());
  return out;
}

uint32_t v4(const char* text) {
  return net::IpAddress::parse(text)->v4();
}

TEST(RipeDbTest, RangesBecomeMinimalCidrLists) {
  using List = std::vector<std::string>;
  EXPECT_EQ(texts(ipv4RangeToPrefixes(v4("192.0.2.0"), v4("192.0.2.255"))), (List{"192.0.2.0/24"}));
  EXPECT_EQ(texts(ipv4RangeToPrefixes(v4("10.0.0.0"), v4("10.0.2.255"))), (List{"10.0.0.0/23", "10.0.2.0/24"}));
  EXPECT_EQ(texts(ipv4RangeToPrefixes(v4("192.0.2.1"), v4("192.0.2.1"))), (List{"192.0.2.1/32"}));
  EXPECT_EQ(texts(ipv4RangeToPrefixes(v4("192.0.2.1"), v4("192.0.2.6"))),
            (List{"192.0.2.1/32", "192.0.2.2/31", "192.0.2.4/31", "192.0.2.6/32"}));
  EXPECT_EQ(texts(ipv4RangeToPrefixes(v4("0.0.0.0"), v4("255.255.255.255"))), (List{"0.0.0.0/0"}));
  EXPECT_EQ(texts(ipv4RangeToPrefixes(v4("255.255.255.254"), v4("255.255.255.255"))), (List{"255.255.255.254/31"}));
  // The worst case: everything but the two ends of the space.
  EXPECT_EQ(ipv4RangeToPrefixes(1, 0xfffffffe).size(), 62u);
}

TEST(RipeDbTest, SplitFilesInAnyOrderResolveAbuseContacts) {
  RipeDbImporter importer;
  // Networks first: references are resolved only in finish().
  for (const char* file : {"ripe.db.inetnum", "ripe.db.inet6num", "ripe.db.role", "ripe.db.organisation"}) {
    auto read = importer.readFile(kData + file);
    ASSERT_TRUE(read.ok()) << read.error();
  }
  const std::vector<NetworkRecord> records = importer.finish();
  const std::string isp = "Example ISP GmbH";  // org-name with a '+' continuation line
  const std::vector<NetworkRecord> expected = {
      {prefix("192.0.2.0/24"), "EXAMPLE-NET", "ORG-EXA1-TEST", isp, "ABUSE@isp.example"},
      // No org: the netname names it. Role handle written in lower case in the role file.
      {prefix("10.0.0.0/23"), "UNI-NET", "", "UNI-NET", "cert@uni.example"},
      {prefix("10.0.2.0/24"), "UNI-NET", "", "UNI-NET", "cert@uni.example"},
      // Lower-case org handle; no abuse-c of its own, so the org's; org-name in latin-1.
      {prefix("198.51.100.0/25"), "HOSTING-NET", "ORG-MUL1-TEST", "M\xc3\xbcller Hosting",
       "\"abuse team\"@hosting.example"},
      // abuse-c names no role: falls back to the org's abuse-c.
      {prefix("203.0.113.0/26"), "MISSING-ROLE", "ORG-EXA1-TEST", isp, "ABUSE@isp.example"},
      // org names no organisation, no abuse-c.
      {prefix("203.0.113.64/26"), "ORPHAN", "ORG-GONE-TEST", "ORPHAN", ""},
      // abuse-c names a role whose mailbox holds no address.
      {prefix("203.0.113.128/25"), "BAD-MAILBOX", "", "BAD-MAILBOX", ""},
      {prefix("2001:db8::/32"), "EXAMPLE-V6", "ORG-EXA1-TEST", isp, "ABUSE@isp.example"},
      // The organisation has no abuse-c.
      {prefix("2001:db8:1234::/48"), "CUSTOMER-V6", "ORG-NOAB-TEST", "Customer AG", ""},
  };
  EXPECT_EQ(records, expected);

  RipeImportStats stats;
  stats.objects = 19;  // 8 well-formed in inetnum, 3 inet6num, 5 role, 3 organisation
  stats.inetnums = 7;
  stats.inet6nums = 3;
  stats.organisations = 3;
  stats.roles = 3;
  stats.other_objects = 1;        // aut-num
  stats.malformed_lines = 1;      // "this line is not an attribute"
  stats.skipped_objects = 1;      // BROKEN
  stats.bad_networks = 2;         // BACKWARDS range, HOST-BITS inet6num
  stats.bad_mailboxes = 1;        // AR4-TEST
  stats.unresolved_orgs = 1;      // ORG-GONE-TEST
  stats.unresolved_abuse_c = 2;   // AR9-TEST (absent), AR4-TEST (no usable mailbox)
  stats.without_abuse_email = 3;  // ORPHAN, BAD-MAILBOX, CUSTOMER-V6
  stats.records = 9;
  EXPECT_EQ(importer.stats(), stats);
  EXPECT_TRUE(importer.finish().empty());  // the importer was emptied
}

TEST(RipeDbTest, StreamsInputAndKeepsLastDefinitionOfAHandle) {
  RipeDbImporter importer;
  std::istringstream roles(
      "role: Old\nnic-hdl: AR1-X\nabuse-mailbox: old@x.example\n\n"
      "role: New\nnic-hdl: AR1-X\nabuse-mailbox: bad value\nabuse-mailbox: new@x.example\n");
  std::istringstream networks("inetnum: 192.0.2.0 - 192.0.2.127 # trailing comment\nnetname: N\nabuse-c: ar1-x\n");
  ASSERT_TRUE(importer.read(networks, "nets").ok());
  ASSERT_TRUE(importer.read(roles, "roles").ok());
  const std::vector<NetworkRecord> records = importer.finish();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0], (NetworkRecord{prefix("192.0.2.0/25"), "N", "", "N", "new@x.example"}));
  EXPECT_EQ(importer.stats().roles, 2u);
  EXPECT_EQ(importer.stats().bad_mailboxes, 0u);  // the second mailbox line was usable
}

TEST(RipeDbTest, UnusableFilesAreErrorsWithTheirName) {
  RipeDbImporter importer;
  EXPECT_EQ(importer.readFile(kData + "absent").error(), kData + "absent: cannot open: No such file or directory");
  EXPECT_EQ(importer.readFile(kData).error(), kData + ": is a directory");
  std::istringstream html("<!DOCTYPE html>\n<html>\n");
  EXPECT_EQ(importer.read(html, "ripe.db.inetnum").error(),
            "ripe.db.inetnum:1: not RPSL: expected 'attribute: value' (got '<!DOCTYPE html>')");
}

TEST(RipeDbTest, LatinOneAndUtf8NamesBothEndAsUtf8) {
  RipeDbImporter importer;
  std::istringstream in(
      "organisation: ORG-A\norg-name: Caf\xe9 Net\n\n"
      "organisation: ORG-B\norg-name: Caf\xc3\xa9 Net\n\n"
      "inetnum: 192.0.2.0 - 192.0.2.255\nnetname: A\norg: ORG-A\n\n"
      "inet6num: 2001:db8::/48\nnetname: B\norg: ORG-B\n");
  ASSERT_TRUE(importer.read(in, "mixed").ok());
  const std::vector<NetworkRecord> records = importer.finish();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].org_name, "Caf\xc3\xa9 Net");
  EXPECT_EQ(records[1].org_name, "Caf\xc3\xa9 Net");
}

}  // namespace
}  // namespace vigil::enrich
