// Tests for Match predicates against values and decoded packets, and the flag/port text helpers.
#include "rules/match.h"

#include <gtest/gtest.h>

#include <cstring>

namespace vigil::rules {
namespace {

decode::PacketView tcpPacket(uint8_t flags, uint16_t src_port, uint16_t dst_port, uint32_t wire_len = 60) {
  decode::PacketView packet;
  packet.protocol = 6;
  packet.tcp_flags = flags;
  packet.src_port = src_port;
  packet.dst_port = dst_port;
  packet.flags = decode::kHasPorts;
  packet.wire_len = wire_len;
  return packet;
}

Match synScan() {
  Match match;
  match.protocol = Protocol::kTcp;
  match.flags_set = decode::kTcpSyn;
  match.flags_unset = decode::kTcpAck;
  return match;
}

TEST(MatchTest, EmptyMatchAcceptsEverything) {
  const Match match;
  EXPECT_TRUE(match.matchesProtocol(47));
  EXPECT_TRUE(match.matchesFlags(0xff));
  EXPECT_TRUE(match.matchesDestinationPort(0));
  EXPECT_TRUE(match.matchesSourcePort(65535));
  EXPECT_TRUE(match.matchesSize(0));
  EXPECT_TRUE(match.matchesSize(kNoSizeLimit));
  EXPECT_TRUE(match.matchesFragment(true));
  EXPECT_TRUE(match.matchesIcmpType(255));
  EXPECT_TRUE(match.matchesPayload(nullptr, 0));
  decode::PacketView later_fragment;
  later_fragment.protocol = 17;
  later_fragment.flags = decode::kFragment | decode::kLaterFragment;
  EXPECT_TRUE(match.matchesPacket(later_fragment));
}

TEST(MatchTest, ProtocolIcmpCoversIcmpv6) {
  Match match;
  match.protocol = Protocol::kIcmp;
  EXPECT_TRUE(match.matchesProtocol(1));
  EXPECT_TRUE(match.matchesProtocol(58));
  EXPECT_FALSE(match.matchesProtocol(6));
  match.protocol = Protocol::kUdp;
  EXPECT_TRUE(match.matchesProtocol(17));
  EXPECT_FALSE(match.matchesProtocol(6));
}

TEST(MatchTest, FlagMasks) {
  const Match match = synScan();
  EXPECT_TRUE(match.matchesFlags(decode::kTcpSyn));
  EXPECT_TRUE(match.matchesFlags(decode::kTcpSyn | decode::kTcpEce | decode::kTcpCwr));
  EXPECT_FALSE(match.matchesFlags(decode::kTcpSyn | decode::kTcpAck));
  EXPECT_FALSE(match.matchesFlags(decode::kTcpAck));
  EXPECT_FALSE(match.matchesFlags(0));
}

TEST(MatchTest, PortRangesAreInclusive) {
  Match match;
  match.ports = {{22, 22}, {8000, 8080}};
  EXPECT_TRUE(match.matchesDestinationPort(22));
  EXPECT_TRUE(match.matchesDestinationPort(8000));
  EXPECT_TRUE(match.matchesDestinationPort(8080));
  EXPECT_FALSE(match.matchesDestinationPort(8081));
  EXPECT_FALSE(match.matchesDestinationPort(23));
  EXPECT_TRUE(match.matchesSourcePort(1));  // no source constraint
}

TEST(MatchTest, SizeAndFragments) {
  Match match;
  match.size_min = 60;
  match.size_max = 100;
  EXPECT_FALSE(match.matchesSize(59));
  EXPECT_TRUE(match.matchesSize(60));
  EXPECT_TRUE(match.matchesSize(100));
  EXPECT_FALSE(match.matchesSize(101));
  match.fragments = FragmentMode::kExclude;
  EXPECT_TRUE(match.matchesFragment(false));
  EXPECT_FALSE(match.matchesFragment(true));
  match.fragments = FragmentMode::kOnly;
  EXPECT_FALSE(match.matchesFragment(false));
  EXPECT_TRUE(match.matchesFragment(true));
}

TEST(MatchTest, PayloadPrefix) {
  Match match;
  std::memcpy(match.payload_prefix.data(), "SSH-", 4);
  match.payload_prefix_len = 4;
  const uint8_t banner[] = {'S', 'S', 'H', '-', '2', '.', '0'};
  EXPECT_EQ(match.payloadPrefix(), "SSH-");
  EXPECT_TRUE(match.matchesPayload(banner, sizeof banner));
  EXPECT_TRUE(match.matchesPayload(banner, 4));
  EXPECT_FALSE(match.matchesPayload(banner, 3));
  EXPECT_FALSE(match.matchesPayload(banner + 1, 4));
  EXPECT_FALSE(match.matchesPayload(nullptr, 10));
}

TEST(MatchTest, PacketWithEveryConstraint) {
  Match match = synScan();
  match.ports = {{22, 22}};
  match.source_ports = {{1024, 65535}};
  match.size_max = 80;
  match.fragments = FragmentMode::kExclude;
  EXPECT_TRUE(match.matchesPacket(tcpPacket(decode::kTcpSyn, 40000, 22)));
  EXPECT_FALSE(match.matchesPacket(tcpPacket(decode::kTcpSyn | decode::kTcpAck, 40000, 22)));
  EXPECT_FALSE(match.matchesPacket(tcpPacket(decode::kTcpSyn, 40000, 23)));
  EXPECT_FALSE(match.matchesPacket(tcpPacket(decode::kTcpSyn, 1023, 22)));
  EXPECT_FALSE(match.matchesPacket(tcpPacket(decode::kTcpSyn, 40000, 22, 81)));
  decode::PacketView fragment = tcpPacket(decode::kTcpSyn, 40000, 22);
  fragment.flags |= decode::kFragment;
  EXPECT_FALSE(match.matchesPacket(fragment));
  decode::PacketView udp = tcpPacket(decode::kTcpSyn, 40000, 22);
  udp.protocol = 17;
  EXPECT_FALSE(match.matchesPacket(udp));
}

TEST(MatchTest, ConstraintsFailWhenThePacketLacksTheField) {
  Match flags;
  flags.protocol = Protocol::kTcp;
  flags.flags_unset = decode::kTcpAck;
  decode::PacketView later = tcpPacket(0, 0, 0);
  later.flags = decode::kFragment | decode::kLaterFragment;
  EXPECT_FALSE(flags.matchesPacket(later));  // flags unknown, not zero

  Match ports;
  ports.ports = {{53, 53}};
  decode::PacketView no_ports = tcpPacket(0, 53, 53);
  no_ports.flags = 0;
  EXPECT_FALSE(ports.matchesPacket(no_ports));

  Match icmp;
  icmp.protocol = Protocol::kIcmp;
  icmp.icmp_types.set(8);
  decode::PacketView echo;
  echo.protocol = 1;
  echo.icmp_type = 8;
  EXPECT_TRUE(icmp.matchesPacket(echo));
  echo.icmp_type = 0;
  EXPECT_FALSE(icmp.matchesPacket(echo));
  echo.icmp_type = 8;
  echo.flags = decode::kFragment | decode::kLaterFragment;
  EXPECT_FALSE(icmp.matchesPacket(echo));
}

TEST(MatchTest, FlagAndPortText) {
  EXPECT_EQ(parseTcpFlag("syn"), decode::kTcpSyn);
  EXPECT_EQ(parseTcpFlag("cwr"), decode::kTcpCwr);
  EXPECT_FALSE(parseTcpFlag("SYN").has_value());
  EXPECT_FALSE(parseTcpFlag("ns").has_value());
  EXPECT_EQ(tcpFlagNames(), "fin, syn, rst, psh, ack, urg, ece, cwr");
  EXPECT_EQ(tcpFlagList(decode::kTcpSyn | decode::kTcpAck, "+"), "SYN+ACK");
  EXPECT_EQ(tcpFlagList(0xff, "/"), "FIN/SYN/RST/PSH/ACK/URG/ECE/CWR");
  EXPECT_EQ(tcpFlagList(0, "+"), "");
  EXPECT_EQ(formatPortRanges({{22, 22}, {2222, 2222}, {8000, 8080}}), "22, 2222, 8000-8080");
  EXPECT_EQ(formatPortRanges({}), "");
}

}  // namespace
}  // namespace vigil::rules
