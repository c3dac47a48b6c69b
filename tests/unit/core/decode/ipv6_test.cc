// Tests for the IPv6 layer: payload length, the extension-header chain, fragments, jumbograms.
#include <gtest/gtest.h>

#include "decode/decoder.h"
#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

const Bytes kTcp = tcp({.sport = 40001, .dport = 22}, text("SSH-2.0-x"));

TEST(Ipv6Test, FieldsFromTheHeader) {
  const Decoded d = decodeFrame(LinkType::kIpv6, ipv6({.next = 6, .hop_limit = 255}, kTcp));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.ip_version, 6);
  EXPECT_EQ(d.view.ip_len, 40u + 29u);
  EXPECT_EQ(d.view.ttl, 255);
  EXPECT_EQ(d.view.protocol, 6);
  EXPECT_EQ(d.view.src, ip("2001:db8::1"));
  EXPECT_FALSE(d.view.src.isV4());
  EXPECT_EQ(d.view.dst_port, 22);
  EXPECT_EQ(d.view.flags, kHasPorts);
  EXPECT_EQ(d.payloadOffset(), 60);
  EXPECT_EQ(d.view.payload_len, 9);
}

TEST(Ipv6Test, SkipsHopByHopRoutingDestinationOptionsAndMobility) {
  const Bytes chain =
      cat({ipv6Extension(43, 24), ipv6Extension(60, 8), ipv6Extension(135, 16), ipv6Extension(6, 8), kTcp});
  const Decoded d = decodeFrame(LinkType::kIpv6, ipv6({.next = 0}, chain));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.protocol, 6);
  EXPECT_EQ(d.view.dst_port, 22);
  EXPECT_EQ(d.payloadOffset(), 40 + 8 + 24 + 8 + 16 + 20);
}

TEST(Ipv6Test, SkipsAuthenticationHeaderInFourByteUnits) {
  const Decoded d = decodeFrame(LinkType::kIpv6, ipv6({.next = 51}, cat(ipv6Ah(6, 24), kTcp)));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.protocol, 6);
  EXPECT_EQ(d.view.dst_port, 22);
  EXPECT_EQ(d.payloadOffset(), 40 + 24 + 20);
}

TEST(Ipv6Test, FirstFragmentKeepsPorts) {
  const Decoded d = decodeFrame(LinkType::kIpv6, ipv6({.next = 44}, cat(ipv6Fragment(17, 0, true), udp(53, 9))));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.flags, kFragment | kHasPorts);
  EXPECT_EQ(d.view.protocol, 17);
  EXPECT_EQ(d.view.src_port, 53);
}

TEST(Ipv6Test, LaterFragmentHasProtocolButNoPorts) {
  const Bytes frame = ipv6({.next = 0}, cat({ipv6Extension(44, 8), ipv6Fragment(17, 181, false), zeros(100)}));
  const Decoded d = decodeFrame(LinkType::kIpv6, frame);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.flags, kFragment | kLaterFragment);
  EXPECT_EQ(d.view.protocol, 17);
  EXPECT_EQ(d.view.src_port, 0);
  EXPECT_EQ(d.view.payload, nullptr);
  EXPECT_EQ(d.view.ip_len, 40u + 116u);
}

TEST(Ipv6Test, AtomicFragmentIsAWholeDatagram) {
  const Decoded d = decodeFrame(LinkType::kIpv6, ipv6({.next = 44}, cat(ipv6Fragment(6, 0, false), kTcp)));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.flags, kHasPorts);
  EXPECT_EQ(d.view.dst_port, 22);
}

TEST(Ipv6Test, NoNextHeader) {
  const Decoded d = decodeFrame(LinkType::kIpv6, ipv6({.next = 60}, cat(ipv6Extension(59, 8), zeros(16))));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.protocol, 59);
  EXPECT_EQ(d.view.flags, 0);
  EXPECT_EQ(d.view.payload, nullptr);
}

TEST(Ipv6Test, EspEndsTheChain) {
  const Decoded d = decodeFrame(LinkType::kIpv6, ipv6({.next = 50}, zeros(64)));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.protocol, 50);
  EXPECT_EQ(d.view.flags, 0);
  EXPECT_EQ(d.payloadOffset(), 40);
  EXPECT_EQ(d.view.payload_len, 64);
}

TEST(Ipv6Test, EightExtensionsAreAcceptedNineAreTooMany) {
  Bytes eight;
  for (int i = 0; i < 7; ++i)
    eight = cat(eight, ipv6Extension(60));
  eight = cat({eight, ipv6Extension(6), kTcp});
  EXPECT_EQ(decodeFrame(LinkType::kIpv6, ipv6({.next = 60}, eight)).status, DecodeStatus::kOk);
  Bytes nine;
  for (int i = 0; i < 8; ++i)
    nine = cat(nine, ipv6Extension(60));
  nine = cat({nine, ipv6Extension(6), kTcp});
  EXPECT_EQ(decodeFrame(LinkType::kIpv6, ipv6({.next = 60}, nine)).status, DecodeStatus::kTooManyIpv6Extensions);
}

TEST(Ipv6Test, ExtensionBeyondTheCaptureIsTruncated) {
  const Bytes frame = ipv6({.next = 0}, cat(ipv6Extension(6, 64), kTcp));
  EXPECT_EQ(decodeFrame(LinkType::kIpv6, frame, 40 + 7).status, DecodeStatus::kTruncatedIpv6Extension);
  EXPECT_EQ(decodeFrame(LinkType::kIpv6, frame, 40 + 63).status, DecodeStatus::kTruncatedIpv6Extension);
  EXPECT_EQ(decodeFrame(LinkType::kIpv6, frame, 40 + 64).status, DecodeStatus::kTruncatedTcp);
}

TEST(Ipv6Test, ExtensionBeyondThePayloadLengthIsBad) {
  Bytes frame = ipv6({.next = 0}, cat(ipv6Extension(6, 64), kTcp));
  putBe16(frame, 4, 32);  // the 64-byte header crosses the declared payload, not the capture
  EXPECT_EQ(decodeFrame(LinkType::kIpv6, frame).status, DecodeStatus::kBadIpv6PayloadLength);
  putBe16(frame, 4, 4);  // not even the first 8 bytes fit
  EXPECT_EQ(decodeFrame(LinkType::kIpv6, frame).status, DecodeStatus::kBadIpv6PayloadLength);
}

TEST(Ipv6Test, PayloadLengthCutsTrailers) {
  const Bytes frame = cat(ipv6({.next = 6}, kTcp), text("padding"));
  const Decoded d = decodeFrame(LinkType::kIpv6, frame);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.payload_len, 9);
  EXPECT_EQ(d.view.ip_len, 69u);
}

TEST(Ipv6Test, JumbogramIsBoundedByTheCapture) {
  Bytes frame = ipv6({.next = 0}, cat(ipv6Extension(6, 8), kTcp));
  putBe16(frame, 4, 0);
  const Decoded d = decodeFrame(LinkType::kIpv6, frame);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.ip_len, frame.size());
  EXPECT_EQ(d.view.dst_port, 22);
  EXPECT_EQ(d.view.payload_len, 9);
}

TEST(Ipv6Test, ZeroPayloadLengthWithoutHopByHopHoldsNoTransport) {
  Bytes frame = ipv6({.next = 6}, kTcp);
  putBe16(frame, 4, 0);
  const Decoded d = decodeFrame(LinkType::kIpv6, frame);
  EXPECT_EQ(d.status, DecodeStatus::kTruncatedTcp);
}

TEST(Ipv6Test, ShortHeaderIsTruncated) {
  const Bytes frame = ipv6({.next = 6}, kTcp);
  EXPECT_EQ(decodeFrame(LinkType::kIpv6, frame, 39).status, DecodeStatus::kTruncatedIpv6);
  EXPECT_EQ(decodeFrame(LinkType::kIpv6, frame, 40).status, DecodeStatus::kTruncatedTcp);
}

}  // namespace
}  // namespace vigil::decode
