// Tests for the shared wording of capture errors, including libpcap messages rewritten into it.
#include "capture/source_errors.h"

#include <gtest/gtest.h>

namespace vigil::capture {
namespace {

TEST(SourceErrorsTest, AcceptsDecodableLinkTypes) {
  EXPECT_EQ(checkLinkType("x", 1).value(), decode::LinkType::kEthernet);
  EXPECT_EQ(checkLinkType("x", 12).value(), decode::LinkType::kRaw);  // what pcap_datalink() says for 101
  EXPECT_EQ(checkLinkType("x", 276).value(), decode::LinkType::kLinuxSll2);
}

TEST(SourceErrorsTest, NamesUnsupportedLinkType) {
  auto wifi = checkLinkType("x.pcap", 105);
  ASSERT_FALSE(wifi.ok());
  EXPECT_EQ(wifi.error(),
            "x.pcap: unsupported link type 105 (IEEE802_11); supported: ethernet, linux-sll, linux-sll2, raw, "
            "null, loop");
  auto unnamed = checkLinkType("x.pcap", 60000);
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(unnamed.error(),
            "x.pcap: unsupported link type 60000; supported: ethernet, linux-sll, linux-sll2, raw, null, loop");
}

TEST(SourceErrorsTest, RecordMessages) {
  EXPECT_EQ(truncatedRecordWarning("a.pcap", 27450, 6, 16),
            "a.pcap: truncated final record at offset 27450 (got 6 of 16 bytes)");
  EXPECT_EQ(corruptRecordError("a.pcap", 24, 4000000000u), "a.pcap: corrupt record at offset 24: caplen 4000000000");
}

TEST(SourceErrorsTest, TrimsLibpcapMessages) {
  EXPECT_EQ(describePcapError("x.pcap", "x.pcap", "x.pcap: No such file or directory\n"),
            "x.pcap: No such file or directory");
  EXPECT_EQ(describePcapError("stdin", "-", "unknown file format"), "stdin: not a pcap or pcapng file");
  EXPECT_EQ(describePcapError("stdin", "-", "truncated dump file; tried to read 4 file header bytes, only got 0"),
            "stdin: empty input (no pcap header)");
  EXPECT_EQ(describePcapError("stdin", "-", "truncated dump file; tried to read 4 file header bytes, only got 3"),
            "stdin: truncated pcap header (got 3 of 24 bytes)");
  // The second header read counts only the 20 bytes after the magic.
  EXPECT_EQ(describePcapError("stdin", "-", "truncated dump file; tried to read 24 file header bytes, only got 6"),
            "stdin: truncated pcap header (got 10 of 24 bytes)");
  EXPECT_EQ(describePcapError("y", "y", "error reading dump file: Is a directory"), "y: read error: is a directory");
  EXPECT_EQ(describePcapError("y", "y", "archaic pcap savefile format  \n"), "y: archaic pcap savefile format");
}

}  // namespace
}  // namespace vigil::capture
