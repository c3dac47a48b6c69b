// Tests for the transport layer: TCP, UDP, SCTP, ICMP, ICMPv6 and protocols without ports.
#include <gtest/gtest.h>

#include "decode/decoder.h"
#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

Decoded decodeV4(uint8_t protocol, const Bytes& l4) {
  return decodeFrame(LinkType::kIpv4, ipv4({.protocol = protocol}, l4));
}
Decoded decodeV6(uint8_t next, const Bytes& l4) {
  return decodeFrame(LinkType::kIpv6, ipv6({.next = next}, l4));
}

TEST(TcpTest, PortsSequenceAcknowledgementAndAllFlagBits) {
  const Decoded d =
      decodeV4(6, tcp({.sport = 7080, .dport = 61318, .seq = 1659720284, .ack = 309778263, .flags = 0xff}));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.src_port, 7080);
  EXPECT_EQ(d.view.dst_port, 61318);
  EXPECT_EQ(d.view.tcp_seq, 1659720284u);
  EXPECT_EQ(d.view.tcp_ack, 309778263u);
  EXPECT_EQ(d.view.tcp_flags, kTcpFin | kTcpSyn | kTcpRst | kTcpPsh | kTcpAck | kTcpUrg | kTcpEce | kTcpCwr);
  EXPECT_EQ(d.view.flags, kHasPorts);
}

TEST(TcpTest, OptionsMoveThePayload) {
  const Decoded d = decodeV4(6, tcp({.flags = kTcpPsh | kTcpAck, .option_bytes = 12}, text("GET /")));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.tcp_flags, kTcpPsh | kTcpAck);
  EXPECT_EQ(d.payloadOffset(), 20 + 32);
  EXPECT_EQ(d.view.payload_len, 5);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(d.view.payload), d.view.payload_len), "GET /");
}

TEST(TcpTest, DataOffsetBelowFiveIsBad) {
  for (uint8_t words : {0, 1, 4}) {
    Bytes l4 = tcp({});
    l4[12] = uint8_t(words << 4);
    EXPECT_EQ(decodeV4(6, l4).status, DecodeStatus::kBadTcpDataOffset) << int(words);
  }
}

TEST(TcpTest, DataOffsetBeyondTheBytesIsTruncated) {
  Bytes l4 = tcp({}, zeros(10));  // 30 bytes, header claims 60
  l4[12] = 0xf0;
  EXPECT_EQ(decodeV4(6, l4).status, DecodeStatus::kTruncatedTcp);
  EXPECT_EQ(decodeV4(6, zeros(19)).status, DecodeStatus::kTruncatedTcp);
}

TEST(UdpTest, PortsAndPayload) {
  const Decoded d = decodeV4(17, udp(3295, 111, zeros(56)));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.src_port, 3295);
  EXPECT_EQ(d.view.dst_port, 111);
  EXPECT_EQ(d.view.flags, kHasPorts);
  EXPECT_EQ(d.payloadOffset(), 28);
  EXPECT_EQ(d.view.payload_len, 56);
}

TEST(UdpTest, LengthBelowEightIsBad) {
  for (uint16_t len : {0, 1, 7}) {
    Bytes l4 = udp(1, 2, zeros(4));
    putBe16(l4, 4, len);
    EXPECT_EQ(decodeV4(17, l4).status, DecodeStatus::kBadUdpLength) << len;
  }
}

TEST(UdpTest, PayloadIsBoundedByTheSmallerLength) {
  Bytes shorter = udp(1, 2, zeros(100));
  putBe16(shorter, 4, 8 + 30);  // UDP says 30 bytes of payload, IP says 100
  EXPECT_EQ(decodeV4(17, shorter).view.payload_len, 30);
  Bytes longer = udp(1, 2, zeros(100));
  putBe16(longer, 4, 8 + 1000);  // UDP claims more than the datagram holds
  const Decoded d = decodeV4(17, longer);
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.payload_len, 100);
}

TEST(UdpTest, ShortHeaderIsTruncated) {
  EXPECT_EQ(decodeV4(17, zeros(7)).status, DecodeStatus::kTruncatedUdp);
  EXPECT_EQ(decodeV6(17, zeros(7)).status, DecodeStatus::kTruncatedUdp);
}

TEST(SctpTest, PortsFromTheCommonHeader) {
  const Decoded d = decodeV4(132, sctp(2905, 2905, zeros(16)));
  ASSERT_EQ(d.status, DecodeStatus::kOk);
  EXPECT_EQ(d.view.protocol, 132);
  EXPECT_EQ(d.view.src_port, 2905);
  EXPECT_EQ(d.view.flags, kHasPorts);
  EXPECT_EQ(d.payloadOffset(), 32);
  EXPECT_EQ(d.view.payload_len, 16);
  EXPECT_EQ(decodeV4(132, zeros(11)).status, DecodeStatus::kTruncatedSctp);
}

TEST(IcmpTest, TypeCodeAndErrorClass) {
  const Decoded echo = decodeV4(1, icmp(8, 0, zeros(56)));
  ASSERT_EQ(echo.status, DecodeStatus::kOk);
  EXPECT_EQ(echo.view.icmp_type, 8);
  EXPECT_EQ(echo.view.icmp_code, 0);
  EXPECT_EQ(echo.view.flags, 0);
  EXPECT_EQ(echo.payloadOffset(), 28);
  EXPECT_EQ(echo.view.payload_len, 56);

  const Decoded unreachable = decodeV4(1, icmp(3, 3, ipv4({.protocol = 17}, udp(5000, 33434))));
  ASSERT_EQ(unreachable.status, DecodeStatus::kOk);
  EXPECT_EQ(unreachable.view.icmp_type, 3);
  EXPECT_EQ(unreachable.view.icmp_code, 3);
  EXPECT_EQ(unreachable.view.flags, kIcmpError);
  EXPECT_EQ(unreachable.view.payload_len, 28);  // the quoted packet

  for (uint8_t type = 0; type < 255; ++type) {
    const bool error = type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    EXPECT_EQ(decodeV4(1, icmp(type, 0)).view.flags, error ? kIcmpError : 0) << int(type);
  }
}

TEST(IcmpTest, Icmpv6ErrorsAreTypesOneToFour) {
  for (uint8_t type = 0; type < 255; ++type) {
    const Decoded d = decodeV6(58, icmp(type, 1));
    ASSERT_EQ(d.status, DecodeStatus::kOk);
    EXPECT_EQ(d.view.icmp_type, type);
    EXPECT_EQ(d.view.icmp_code, 1);
    EXPECT_EQ(d.view.flags, type >= 1 && type <= 4 ? kIcmpError : 0) << int(type);
  }
}

TEST(IcmpTest, ShortHeaderIsTruncated) {
  EXPECT_EQ(decodeV4(1, zeros(7)).status, DecodeStatus::kTruncatedIcmp);
  EXPECT_EQ(decodeV6(58, zeros(7)).status, DecodeStatus::kTruncatedIcmpv6);
  EXPECT_EQ(decodeV4(1, zeros(8)).status, DecodeStatus::kOk);
}

TEST(TransportTest, OtherProtocolsHaveNoPorts) {
  for (uint8_t protocol : {2, 50, 51, 89, 103, 115, 255}) {
    const Decoded d = decodeV4(protocol, zeros(24));
    ASSERT_EQ(d.status, DecodeStatus::kOk) << int(protocol);
    EXPECT_EQ(d.view.protocol, protocol);
    EXPECT_EQ(d.view.flags, 0);
    EXPECT_EQ(d.payloadOffset(), 20);
    EXPECT_EQ(d.view.payload_len, 24);
  }
  const Decoded empty = decodeV4(89, {});
  ASSERT_EQ(empty.status, DecodeStatus::kOk);
  EXPECT_EQ(empty.view.payload_len, 0);
}

}  // namespace
}  // namespace vigil::decode
