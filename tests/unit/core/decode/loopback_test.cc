// Tests for BSD loopback headers (DLT_NULL in either byte order, DLT_LOOP).
#include <gtest/gtest.h>

#include "decode/decoder.h"
#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

const Bytes kV4 = ipv4({.src = "127.0.0.1", .dst = "127.0.0.1"}, tcp({.sport = 49754, .dport = 4445}));
const Bytes kV6 = ipv6({.src = "::1", .dst = "::1", .next = 17}, udp(5353, 5353));

TEST(LoopbackTest, NullIpv4InBothByteOrders) {
  for (bool big_endian : {false, true}) {
    const Decoded d = decodeFrame(LinkType::kNull, loopback(2, big_endian, kV4));
    ASSERT_EQ(d.status, DecodeStatus::kOk) << big_endian;
    EXPECT_EQ(d.view.ip_version, 4);
    EXPECT_EQ(d.view.src, ip("127.0.0.1"));
    EXPECT_EQ(d.view.dst_port, 4445);
    EXPECT_EQ(d.payloadOffset(), 4 + 40);
  }
}

TEST(LoopbackTest, NullIpv6ForEveryBsdFamilyValue) {
  for (uint32_t family : {24u, 28u, 30u}) {
    for (bool big_endian : {false, true}) {
      const Decoded d = decodeFrame(LinkType::kNull, loopback(family, big_endian, kV6));
      ASSERT_EQ(d.status, DecodeStatus::kOk) << family << " " << big_endian;
      EXPECT_EQ(d.view.ip_version, 6);
      EXPECT_EQ(d.view.dst, ip("::1"));
      EXPECT_EQ(d.view.dst_port, 5353);
    }
  }
}

TEST(LoopbackTest, LoopIsNetworkOrder) {
  const Decoded v4 = decodeFrame(LinkType::kLoop, loopback(2, true, kV4));
  ASSERT_EQ(v4.status, DecodeStatus::kOk);
  EXPECT_EQ(v4.view.ip_version, 4);
  const Decoded v6 = decodeFrame(LinkType::kLoop, loopback(24, true, kV6));
  ASSERT_EQ(v6.status, DecodeStatus::kOk);
  EXPECT_EQ(v6.view.ip_version, 6);
}

TEST(LoopbackTest, UnknownFamily) {
  EXPECT_EQ(decodeFrame(LinkType::kNull, loopback(7, false, kV4)).status, DecodeStatus::kUnknownNullFamily);
  EXPECT_EQ(decodeFrame(LinkType::kNull, loopback(10, false, kV6)).status, DecodeStatus::kUnknownNullFamily);
  EXPECT_EQ(decodeFrame(LinkType::kLoop, loopback(0, true, kV4)).status, DecodeStatus::kUnknownNullFamily);
  EXPECT_EQ(decodeFrame(LinkType::kNull, loopback(0x00020002, false, kV4)).status, DecodeStatus::kUnknownNullFamily);
}

TEST(LoopbackTest, FamilyDisagreeingWithVersionIsBadVersion) {
  EXPECT_EQ(decodeFrame(LinkType::kNull, loopback(2, false, kV6)).status, DecodeStatus::kBadIpVersion);
}

TEST(LoopbackTest, ShortHeaderIsTruncated) {
  const Bytes frame = loopback(2, false, kV4);
  for (std::size_t caplen = 0; caplen < 4; ++caplen) {
    EXPECT_EQ(decodeFrame(LinkType::kNull, frame, caplen).status, DecodeStatus::kTruncatedNull) << caplen;
    EXPECT_EQ(decodeFrame(LinkType::kLoop, frame, caplen).status, DecodeStatus::kTruncatedNull) << caplen;
  }
  EXPECT_EQ(decodeFrame(LinkType::kNull, frame, 4).status, DecodeStatus::kTruncatedIpv4);
}

}  // namespace
}  // namespace vigil::decode
