// Tests for the classic pcap header/record parsing shared by the buffered reader and the factory.
#include "capture/pcap_format.h"

#include <gtest/gtest.h>

#include <bit>

#include "capture_test_support.h"

namespace vigil::capture {
namespace {

using testing_support::Bytes;
using testing_support::HeaderSpec;
using testing_support::pcapHeader;

TEST(PcapFormatTest, ClassifiesMagics) {
  EXPECT_TRUE(isClassicPcapMagic(0xa1b2c3d4));
  EXPECT_TRUE(isClassicPcapMagic(0xd4c3b2a1));
  EXPECT_TRUE(isClassicPcapMagic(0xa1b23c4d));
  EXPECT_TRUE(isClassicPcapMagic(0x4d3cb2a1));
  EXPECT_FALSE(isClassicPcapMagic(kPcapngMagic));
  EXPECT_FALSE(isClassicPcapMagic(kPcapMagicKuznetzov));
  EXPECT_TRUE(isReadableCaptureMagic(kPcapngMagic));
  EXPECT_TRUE(isReadableCaptureMagic(kPcapMagicKuznetzovSwapped));
  EXPECT_FALSE(isReadableCaptureMagic(0x7f454c46));  // ELF
}

TEST(PcapFormatTest, ParsesLittleEndianMicrosecondHeader) {
  const Bytes head = pcapHeader({.linktype = 113, .snaplen = 262144});
  auto h = parsePcapFileHeader("x.pcap", head);
  ASSERT_TRUE(h.ok()) << h.error();
  EXPECT_FALSE(h->swapped);
  EXPECT_FALSE(h->nanosecond);
  EXPECT_EQ(h->version_major, 2);
  EXPECT_EQ(h->version_minor, 4);
  EXPECT_EQ(h->snaplen, 262144u);
  EXPECT_EQ(h->linktype, 113u);
  EXPECT_EQ(h->length_order, LengthOrder::kNormal);
  EXPECT_EQ(h->effectiveSnaplen(), 262144u);
}

TEST(PcapFormatTest, ParsesBigEndianNanosecondHeader) {
  const Bytes head = pcapHeader({.linktype = 276, .nanosecond = true, .big_endian = true, .snaplen = 1600});
  EXPECT_EQ(readMagic(head), 0xa1b23c4du);
  auto h = parsePcapFileHeader("x.pcap", head);
  ASSERT_TRUE(h.ok()) << h.error();
  EXPECT_TRUE(h->swapped);
  EXPECT_TRUE(h->nanosecond);
  EXPECT_EQ(h->linktype, 276u);
  EXPECT_EQ(h->effectiveSnaplen(), 1600u);
}

TEST(PcapFormatTest, StripsLinkTypeExtensionBits) {
  // FCS-length flags live in the top bits (pcap-linktype(7)).
  auto h = parsePcapFileHeader("x.pcap", pcapHeader({.linktype = 0x14000001}));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->linktype, 1u);
}

TEST(PcapFormatTest, EffectiveSnaplenFollowsLibpcap) {
  auto zero = parsePcapFileHeader("x", pcapHeader({.snaplen = 0}));
  auto huge = parsePcapFileHeader("x", pcapHeader({.snaplen = 0xffffffff}));
  ASSERT_TRUE(zero.ok() && huge.ok());
  EXPECT_EQ(zero->effectiveSnaplen(), kMaxCaplen);
  EXPECT_EQ(huge->effectiveSnaplen(), kMaxCaplen);
}

TEST(PcapFormatTest, LengthOrderByVersion) {
  auto v22 = parsePcapFileHeader("x", pcapHeader({.version_minor = 2}));
  auto v23 = parsePcapFileHeader("x", pcapHeader({.version_minor = 3}));
  auto dgux = parsePcapFileHeader("x", pcapHeader({.version_major = 543, .version_minor = 0}));
  ASSERT_TRUE(v22.ok() && v23.ok() && dgux.ok());
  EXPECT_EQ(v22->length_order, LengthOrder::kSwapped);
  EXPECT_EQ(v23->length_order, LengthOrder::kMaybeSwapped);
  EXPECT_EQ(dgux->length_order, LengthOrder::kSwapped);
}

TEST(PcapFormatTest, RejectsUnsupportedVersionAndShortHeader) {
  auto v1 = parsePcapFileHeader("a.pcap", pcapHeader({.version_major = 1, .version_minor = 0}));
  ASSERT_FALSE(v1.ok());
  EXPECT_EQ(v1.error(), "a.pcap: unsupported pcap version 1.0");
  auto v25 = parsePcapFileHeader("a.pcap", pcapHeader({.version_minor = 5}));
  ASSERT_FALSE(v25.ok());
  EXPECT_EQ(v25.error(), "a.pcap: unsupported pcap version 2.5");
  Bytes head = pcapHeader({});
  head.resize(20);
  auto short_head = parsePcapFileHeader("a.pcap", head);
  ASSERT_FALSE(short_head.ok());
  EXPECT_EQ(short_head.error(), "a.pcap: truncated pcap header (got 20 of 24 bytes)");
}

TEST(PcapFormatTest, ReadsRecordInEitherByteOrder) {
  for (bool big : {false, true}) {
    Bytes rec;
    testing_support::appendRecord(rec, big, 1418145369, 924505488, 60, 74, {});
    const bool swapped = big != (std::endian::native == std::endian::big);
    const PcapRecord r = readPcapRecord(rec.data(), swapped, LengthOrder::kNormal);
    EXPECT_EQ(r.ts_sec, 1418145369u);
    EXPECT_EQ(r.ts_frac, 924505488u);
    EXPECT_EQ(r.caplen, 60u);
    EXPECT_EQ(r.wirelen, 74u);
    EXPECT_EQ(recordTimestampNs(r, true), 1418145369924505488ull);
  }
}

TEST(PcapFormatTest, SwapsLengthsForOldVersions) {
  Bytes rec;
  testing_support::appendRecord(rec, false, 0, 0, 1514, 60, {});  // len first, as pre-2.3 writers did
  EXPECT_EQ(readPcapRecord(rec.data(), false, LengthOrder::kSwapped).caplen, 60u);
  EXPECT_EQ(readPcapRecord(rec.data(), false, LengthOrder::kMaybeSwapped).caplen, 60u);
  EXPECT_EQ(readPcapRecord(rec.data(), false, LengthOrder::kMaybeSwapped).wirelen, 1514u);
  EXPECT_EQ(readPcapRecord(rec.data(), false, LengthOrder::kNormal).caplen, 1514u);
  Bytes plausible;
  testing_support::appendRecord(plausible, false, 0, 0, 60, 1514, {});
  EXPECT_EQ(readPcapRecord(plausible.data(), false, LengthOrder::kMaybeSwapped).caplen, 60u);
}

TEST(PcapFormatTest, MicrosecondTimestampsScaleToNanoseconds) {
  const PcapRecord r{1700000000, 999999, 0, 0};
  EXPECT_EQ(recordTimestampNs(r, false), 1700000000999999000ull);
  // The seconds field is unsigned: a value past 2038 does not go negative.
  const PcapRecord late{0x90000000u, 0, 0, 0};
  EXPECT_EQ(recordTimestampNs(late, false), uint64_t{0x90000000u} * 1'000'000'000u);
}

TEST(PcapFormatTest, FractionOfOneSecondOrMoreCountsAsZero) {
  EXPECT_EQ(recordTimestampNs({7, 1'000'000, 0, 0}, false), 7'000'000'000ull);
  EXPECT_EQ(recordTimestampNs({7, 999'999'999, 0, 0}, true), 7'999'999'999ull);
  EXPECT_EQ(recordTimestampNs({7, 1'000'000'000, 0, 0}, true), 7'000'000'000ull);
  EXPECT_EQ(recordTimestampNs({7, 0xffffffffu, 0, 0}, false), 7'000'000'000ull);
}

}  // namespace
}  // namespace vigil::capture
