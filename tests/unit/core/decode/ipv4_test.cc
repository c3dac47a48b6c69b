// Tests for the IPv4 layer: header and total lengths, options, fragments, TTL.
#include <gtest/gtest.h>

#include "decode/decoder.h"
#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

TEST(Ipv4Test, FieldsFromTheHeader) {
  const Bytes packet =
      ipv4({.src = "10.0.0.128", .dst = "10.0.0.7", .protocol = 17, .ttl = 37}, udp(52435, 80, text("abc")));
  const Decoded d = decodeFrame(LinkType::kIpv4, packet);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.ip_version, 4);
  EXPECT_EQ(d.view.ip_len, 31u);
  EXPECT_EQ(d.view.ttl, 37);
  EXPECT_EQ(d.view.protocol, 17);
  EXPECT_EQ(d.view.src, ip("10.0.0.128"));
  EXPECT_EQ(d.view.dst, ip("10.0.0.7"));
  EXPECT_TRUE(d.view.src.isV4());
  EXPECT_EQ(d.view.src_port, 52435);
  EXPECT_EQ(d.view.flags, kHasPorts);
}

TEST(Ipv4Test, OptionsMoveTheTransportHeader) {
  for (std::size_t options : {4u, 12u, 40u}) {
    const Bytes packet = ipv4({.option_bytes = options}, tcp({.sport = 1, .dport = 2}, text("xy")));
    const Decoded d = decodeFrame(LinkType::kIpv4, packet);
    ASSERT_EQ(d.status, DecodeStatus::kOk) << options;
    EXPECT_EQ(d.view.src_port, 1);
    EXPECT_EQ(d.view.dst_port, 2);
    EXPECT_EQ(d.payloadOffset(), std::ptrdiff_t(20 + options + 20));
    EXPECT_EQ(d.view.payload_len, 2);
    EXPECT_EQ(d.view.ip_len, 20 + options + 22);
  }
}

TEST(Ipv4Test, HeaderLengthBelowFiveWordsIsBad) {
  for (uint8_t ihl : {0, 1, 4}) {
    Bytes packet = ipv4({}, tcp({}));
    packet[0] = uint8_t(0x40 | ihl);
    EXPECT_EQ(decodeFrame(LinkType::kIpv4, packet).status, DecodeStatus::kBadIpv4HeaderLength) << int(ihl);
  }
}

TEST(Ipv4Test, HeaderLengthBeyondTheCaptureIsTruncated) {
  Bytes packet = ipv4({}, Bytes{});  // 20 bytes
  packet[0] = 0x46;                  // claims 24
  putBe16(packet, 2, 24);
  EXPECT_EQ(decodeFrame(LinkType::kIpv4, packet).status, DecodeStatus::kTruncatedIpv4);
}

TEST(Ipv4Test, TotalLengthBelowHeaderLengthIsBad) {
  Bytes packet = ipv4({.option_bytes = 8}, tcp({}));
  putBe16(packet, 2, 27);
  EXPECT_EQ(decodeFrame(LinkType::kIpv4, packet).status, DecodeStatus::kBadIpv4TotalLength);
  putBe16(packet, 2, 0);
  EXPECT_EQ(decodeFrame(LinkType::kIpv4, packet).status, DecodeStatus::kBadIpv4TotalLength);
  putBe16(packet, 2, 28);  // header only: the TCP header is outside the datagram
  EXPECT_EQ(decodeFrame(LinkType::kIpv4, packet).status, DecodeStatus::kTruncatedTcp);
}

TEST(Ipv4Test, TotalLengthLongerThanTheCaptureKeepsCapturedPayload) {
  const Bytes packet = ipv4({}, tcp({}, zeros(1400)));
  const Decoded d = decodeFrame(LinkType::kIpv4, packet, 96);  // snaplen 96
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.ip_len, 1440u);
  EXPECT_EQ(d.view.wire_len, 1440u);
  EXPECT_EQ(d.view.payload_len, 96 - 40);
}

TEST(Ipv4Test, TotalLengthShorterThanTheFrameCutsTrailers) {
  const Bytes packet = cat(ipv4({}, tcp({}, text("data"))), text("TRAILER"));
  const Decoded d = decodeFrame(LinkType::kIpv4, packet);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.payload_len, 4);
}

TEST(Ipv4Test, LaterFragmentHasProtocolButNoPorts) {
  const Bytes packet = ipv4({.protocol = 17, .fragment = 185}, zeros(520));  // offset 1480
  const Decoded d = decodeFrame(LinkType::kIpv4, packet);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.flags, kFragment | kLaterFragment);
  EXPECT_EQ(d.view.protocol, 17);
  EXPECT_EQ(d.view.src_port, 0);
  EXPECT_EQ(d.view.dst_port, 0);
  EXPECT_EQ(d.view.ip_len, 540u);
  EXPECT_EQ(d.view.payload, nullptr);
  EXPECT_EQ(d.view.payload_len, 0);
  // The last fragment (MF clear) is a later fragment too.
  const Bytes last = ipv4({.protocol = 17, .fragment = 0x2000 | 185}, zeros(8));
  EXPECT_EQ(decodeFrame(LinkType::kIpv4, last).view.flags, kFragment | kLaterFragment);
}

TEST(Ipv4Test, LaterFragmentOfTcpNeedsNoTcpHeader) {
  const Bytes packet = ipv4({.protocol = 6, .fragment = 1}, zeros(3));
  const Decoded d = decodeFrame(LinkType::kIpv4, packet);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.flags, kFragment | kLaterFragment);
}

TEST(Ipv4Test, FirstFragmentKeepsPorts) {
  const Bytes packet = ipv4({.protocol = 17, .fragment = 0x2000}, udp(53, 22, zeros(1472)));
  const Decoded d = decodeFrame(LinkType::kIpv4, packet);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.flags, kFragment | kHasPorts);
  EXPECT_EQ(d.view.src_port, 53);
  EXPECT_EQ(d.view.dst_port, 22);
  EXPECT_EQ(d.view.payload_len, 1472);
}

TEST(Ipv4Test, DontFragmentIsNotAFragment) {
  const Decoded d = decodeFrame(LinkType::kIpv4, ipv4({.fragment = 0x4000}, tcp({})));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.flags, kHasPorts);
}

}  // namespace
}  // namespace vigil::decode
