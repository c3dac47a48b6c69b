// Tests for prefix files: comments, blank lines, CRLF, located errors, unreadable files.
#include "net/prefix_file.h"

#include <gtest/gtest.h>

namespace vigil::net {
namespace {

TEST(PrefixFileTest, ReadsEntriesCommentsAndBlankLines) {
  const auto r = parsePrefixList("# C2 list\n\n192.0.2.1\r\n  198.51.100.0/24   # botnet\n2001:db8::/32\n", "c2.txt");
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].toString(), "192.0.2.1/32");
  EXPECT_EQ((*r)[1].toString(), "198.51.100.0/24");
  EXPECT_EQ((*r)[2].toString(), "2001:db8::/32");
  EXPECT_TRUE(parsePrefixList("", "empty.txt")->empty());
}

TEST(PrefixFileTest, TheFirstBadLineNamesFileAndLine) {
  EXPECT_EQ(parsePrefixList("192.0.2.1\n# ok\n1.2.3.999\n", "c2.txt").error(),
            "c2.txt:3: '1.2.3.999' is not an IP address or CIDR");
  EXPECT_EQ(parsePrefixList("10.1.2.3/16", "home.txt").error(),
            "home.txt:1: '10.1.2.3/16' has host bits set (did you mean 10.1.0.0/16?)");
}

TEST(PrefixFileTest, MissingFileSaysSo) {
  EXPECT_EQ(readPrefixFile("/nonexistent/c2.txt").error(), "/nonexistent/c2.txt: cannot open: No such file or directory");
}

}  // namespace
}  // namespace vigil::net
