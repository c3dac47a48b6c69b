// Tests for the raw IP link types: LINKTYPE_RAW (version from the first nibble), IPv4-only and IPv6-only.
#include <gtest/gtest.h>

#include "decode/decoder.h"
#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

const Bytes kV4 = ipv4({.src = "64.233.184.188", .dst = "192.168.180.2"}, tcp({.sport = 5228, .dport = 47699}));
const Bytes kV6 = ipv6({.next = 6}, tcp({.sport = 443, .dport = 50000}));

TEST(RawIpTest, RawPicksTheVersionFromTheFirstNibble) {
  const Decoded v4 = decodeFrame(LinkType::kRaw, kV4);
  ASSERT_EQ(v4.status, DecodeStatus::kOk);
  EXPECT_EQ(v4.view.ip_version, 4);
  EXPECT_EQ(v4.view.src, ip("64.233.184.188"));
  EXPECT_EQ(v4.view.src_port, 5228);
  EXPECT_EQ(v4.payloadOffset(), 40);
  const Decoded v6 = decodeFrame(LinkType::kRaw, kV6);
  ASSERT_EQ(v6.status, DecodeStatus::kOk);
  EXPECT_EQ(v6.view.ip_version, 6);
  EXPECT_EQ(v6.view.src_port, 443);
  EXPECT_EQ(v6.payloadOffset(), 60);
}

TEST(RawIpTest, RawRejectsOtherVersions) {
  for (uint8_t version : {0, 1, 5, 7, 15}) {
    Bytes frame = kV4;
    frame[0] = uint8_t(version << 4 | 5);
    EXPECT_EQ(decodeFrame(LinkType::kRaw, frame).status, DecodeStatus::kBadIpVersion) << int(version);
  }
}

TEST(RawIpTest, EmptyRawFrameIsTruncated) {
  EXPECT_EQ(decodeFrame(LinkType::kRaw, kV4, 0).status, DecodeStatus::kTruncatedRawIp);
  EXPECT_EQ(decodeFrame(LinkType::kRaw, kV4, 1).status, DecodeStatus::kTruncatedIpv4);
  EXPECT_EQ(decodeFrame(LinkType::kRaw, kV6, 1).status, DecodeStatus::kTruncatedIpv6);
}

TEST(RawIpTest, FixedVersionLinkTypes) {
  EXPECT_EQ(decodeFrame(LinkType::kIpv4, kV4).status, DecodeStatus::kOk);
  EXPECT_EQ(decodeFrame(LinkType::kIpv6, kV6).status, DecodeStatus::kOk);
  EXPECT_EQ(decodeFrame(LinkType::kIpv4, kV6).status, DecodeStatus::kBadIpVersion);
  EXPECT_EQ(decodeFrame(LinkType::kIpv6, cat(kV4, zeros(20))).status, DecodeStatus::kBadIpVersion);
  EXPECT_EQ(decodeFrame(LinkType::kIpv4, kV4, 0).status, DecodeStatus::kTruncatedIpv4);
  EXPECT_EQ(decodeFrame(LinkType::kIpv6, kV6, 0).status, DecodeStatus::kTruncatedIpv6);
}

}  // namespace
}  // namespace vigil::decode
