// Tests for pfx2as files: CAIDA and pyasn DAT lines, multi-origin AS fields, located errors, unreadable files.
#include "net/pfx2as_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace vigil::net {
namespace {

std::vector<std::string> describe(const std::vector<Pfx2AsEntry>& entries) {
  std::vector<std::string> out;
  for (const Pfx2AsEntry& e : entries)
    out.push_back(e.prefix.toString() + " AS" + std::to_string(e.asn));
  return out;
}

std::string errorOf(std::string_view text) {
  const auto r = parsePfx2As(text, "rv.pfx2as");
  return r.ok() ? "ok" : r.error();
}

TEST(Pfx2AsFileTest, ReadsCaidaLinesIpv4AndIpv6) {
  const auto r = parsePfx2As(
      "1.0.0.0\t24\t13335\n"
      "1.0.4.0\t22\t38803_56203\n"    // multi-origin: the first
      "1.0.64.0\t18\t18144,7545\r\n"  // AS set, CRLF
      "\n"
      "2001:200::\t32\t2500\n"
      "2001:200:900::\t40\t7660_2500\n"
      "223.255.255.0  24   4294967295",  // spaces, no final newline, the largest AS
      "rv.pfx2as");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(describe(*r), (std::vector<std::string>{"1.0.0.0/24 AS13335", "1.0.4.0/22 AS38803", "1.0.64.0/18 AS18144",
                                                    "2001:200::/32 AS2500", "2001:200:900::/40 AS7660",
                                                    "223.255.255.0/24 AS4294967295"}));
}

TEST(Pfx2AsFileTest, ReadsPyasnDatWithComments) {
  const auto r = parsePfx2As(
      "; IP-ASN32-DAT file\n"
      "; Original source: rib.20240601.0000.bz2\n"
      "; Prefixes-v4: 2\n"
      "1.0.0.0/24\t13335\n"
      "  ; indented comment\n"
      "2001:db8::/32\t64496\n"
      "8.8.8.8\t15169\n",  // no slash: a CAIDA line missing its AS field
      "ipasn.dat");
  EXPECT_EQ(r.error(), "ipasn.dat:7: missing field: expected 'prefix<TAB>length<TAB>AS', found 2 fields");
  const auto ok = parsePfx2As("; only comments\n1.0.0.0/24\t13335\n2001:db8::/32\t64496\n", "ipasn.dat");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(describe(*ok), (std::vector<std::string>{"1.0.0.0/24 AS13335", "2001:db8::/32 AS64496"}));
  EXPECT_EQ(parsePfx2As("; nothing\n\n", "empty.dat")->size(), 0u);
  EXPECT_EQ(parsePfx2As("", "empty.dat")->size(), 0u);
}

TEST(Pfx2AsFileTest, BadPrefixesNameFileAndLine) {
  EXPECT_EQ(errorOf("1.0.0.0\t24\t13335\n1.0.0.999\t24\t1\n"),
            "rv.pfx2as:2: bad prefix: '1.0.0.999/24' is not an IP address or CIDR");
  EXPECT_EQ(errorOf("1.0.0.1\t24\t13335\n"),
            "rv.pfx2as:1: bad prefix: '1.0.0.1/24' has host bits set (did you mean 1.0.0.0/24?)");
  EXPECT_EQ(errorOf("1.0.0.0\t33\t13335\n"), "rv.pfx2as:1: bad prefix: '1.0.0.0/33': IPv4 prefix length must be 0-32");
  EXPECT_EQ(errorOf("1.0.0.0\t2x\t13335\n"), "rv.pfx2as:1: bad prefix length '2x'");
  EXPECT_EQ(errorOf("2001:db8::1/32\t64496\n"),
            "rv.pfx2as:1: bad prefix: '2001:db8::1/32' has host bits set (did you mean 2001:db8::/32?)");
}

TEST(Pfx2AsFileTest, BadAsFieldsAreErrorsNotSkipped) {
  EXPECT_EQ(errorOf("1.0.0.0\t24\t0\n"), "rv.pfx2as:1: bad AS '0': AS 0 cannot originate a route (RFC 7607)");
  EXPECT_EQ(errorOf("1.0.0.0\t24\t13335_0\n"),
            "rv.pfx2as:1: bad AS '13335_0': AS 0 cannot originate a route (RFC 7607)");
  EXPECT_EQ(errorOf("1.0.0.0\t24\tAS13335\n"), "rv.pfx2as:1: bad AS 'AS13335': 'AS13335' is not an AS number");
  EXPECT_EQ(errorOf("1.0.0.0\t24\t30_x_20\n"), "rv.pfx2as:1: bad AS '30_x_20': 'x' is not an AS number");
  EXPECT_EQ(errorOf("1.0.0.0\t24\t30__20\n"), "rv.pfx2as:1: bad AS '30__20': empty AS number in a multi-origin list");
  EXPECT_EQ(errorOf("1.0.0.0\t24\t30,\n"), "rv.pfx2as:1: bad AS '30,': empty AS number in a multi-origin list");
  EXPECT_EQ(errorOf("1.0.0.0\t24\t1.5\n"), "rv.pfx2as:1: bad AS '1.5': '1.5' is not an AS number");  // asdot
  EXPECT_EQ(errorOf("1.0.0.0\t24\t4294967296\n"),
            "rv.pfx2as:1: bad AS '4294967296': '4294967296' is out of range (AS numbers are 1-4294967295)");
  EXPECT_EQ(errorOf("1.0.0.0\t24\t123456789012345678901234\n"),
            "rv.pfx2as:1: bad AS '123456789012345678901234': '123456789012345678901234' is out of range (AS "
            "numbers are 1-4294967295)");
  EXPECT_EQ(errorOf("1.0.0.0/24\t-1\n"), "rv.pfx2as:1: bad AS '-1': '-1' is not an AS number");
}

TEST(Pfx2AsFileTest, MissingAndExtraFields) {
  EXPECT_EQ(errorOf("1.0.0.0\t24\n"),
            "rv.pfx2as:1: missing field: expected 'prefix<TAB>length<TAB>AS', found 2 fields");
  EXPECT_EQ(errorOf("1.0.0.0\n"), "rv.pfx2as:1: missing field: expected 'prefix<TAB>length<TAB>AS', found 1 field");
  EXPECT_EQ(errorOf("1.0.0.0/24\n"), "rv.pfx2as:1: missing field: expected 'CIDR<TAB>AS', found 1 field");
  EXPECT_EQ(errorOf("1.0.0.0/24\t24\t13335\n"), "rv.pfx2as:1: extra field: expected 'CIDR<TAB>AS', found 3 fields");
  EXPECT_EQ(errorOf("1.0.0.0\t24\t13335\t7\t8\n"),
            "rv.pfx2as:1: extra field: expected 'prefix<TAB>length<TAB>AS', found 5 fields");
}

TEST(Pfx2AsFileTest, ReadsFilesAndRefusesMissingOrCompressedOnes) {
  EXPECT_EQ(readPfx2AsFile("/nonexistent/rv.pfx2as").error(),
            "/nonexistent/rv.pfx2as: cannot open: No such file or directory");
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir());
  const std::string plain = (dir / "pfx2as_file_test.pfx2as").string();
  std::ofstream(plain, std::ios::binary) << "1.0.0.0\t24\t13335\n1.0.0.0\t23\t0\n";
  EXPECT_EQ(readPfx2AsFile(plain).error(), plain + ":2: bad AS '0': AS 0 cannot originate a route (RFC 7607)");
  std::ofstream(plain, std::ios::binary) << "1.0.0.0\t24\t13335\n";
  const auto r = readPfx2AsFile(plain);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(describe(*r), std::vector<std::string>{"1.0.0.0/24 AS13335"});
  const std::string gz = (dir / "pfx2as_file_test.dat.gz").string();
  std::ofstream(gz, std::ios::binary) << "\x1f\x8b\x08";
  EXPECT_EQ(readPfx2AsFile(gz).error(), gz + ": gzip-compressed; decompress it first (zcat " + gz + " > FILE)");
  std::filesystem::remove(plain);
  std::filesystem::remove(gz);
}

}  // namespace
}  // namespace vigil::net
