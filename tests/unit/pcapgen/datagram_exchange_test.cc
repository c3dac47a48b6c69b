// Tests for DatagramExchange: scripted UDP messages, ICMP echo pairs and the bulk tail.
#include "pcapgen/traffic/datagram_exchange.h"

#include <gtest/gtest.h>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

Peers peers(const char* client, const char* server) {
  Peers p;
  p.client = pgtest::ip(client);
  p.server = pgtest::ip(server);
  p.client_port = 40000;
  p.server_port = 53;
  return p;
}

TEST(DatagramExchangeTest, ScriptedUdpMessagesAlternate) {
  DatagramExchange x;
  x.begin(peers("10.1.0.1", "198.19.255.1"), DatagramKind::kUdp, 5);
  const uint8_t q[] = {1, 2, 3};
  ASSERT_TRUE(x.add(true, 30, q));
  ASSERT_TRUE(x.add(false, 80));
  EXPECT_EQ(x.remainingPackets(), 2u);
  PacketSpec s;
  x.next(s);
  EXPECT_EQ(s.protocol, kProtoUdp);
  EXPECT_EQ(s.src_port, 40000);
  EXPECT_EQ(s.dst_port, 53);
  EXPECT_EQ(s.payload_len, 30u);
  EXPECT_EQ(s.payload_prefix_len, 3);
  EXPECT_EQ(s.payload[2], 3);
  x.next(s);
  EXPECT_EQ(s.src, pgtest::ip("198.19.255.1"));
  EXPECT_EQ(s.dst_port, 40000);
  EXPECT_FALSE(s.from_home);
  EXPECT_TRUE(x.done());
}

TEST(DatagramExchangeTest, EchoRequestsAndRepliesShareSequenceNumbers) {
  DatagramExchange x;
  x.begin(peers("2001:db8:1::1", "2001:db8:ffff::1"), DatagramKind::kIcmpEcho, 5);
  for (int i = 0; i < 2; ++i) {
    x.add(true, 56);
    x.add(false, 56);
  }
  const uint8_t types[] = {128, 129, 128, 129};
  const uint16_t seqs[] = {1, 1, 2, 2};
  for (int i = 0; i < 4; ++i) {
    PacketSpec s;
    x.next(s);
    EXPECT_EQ(s.protocol, kProtoIcmpv6);
    EXPECT_EQ(s.icmp_type, types[i]);
    EXPECT_EQ(s.dst_port, seqs[i]);
    EXPECT_EQ(s.src_port, 40000);  // identifier
  }
  EXPECT_TRUE(x.done());
}

TEST(DatagramExchangeTest, TailDrawsSizesFromBothSides) {
  DatagramExchange x;
  x.begin(peers("10.1.0.1", "198.18.0.1"), DatagramKind::kUdp, 5);
  const uint8_t c[] = {0x43, 1};
  const uint8_t sv[] = {0x43, 2};
  DatagramTail tail;
  tail.packets = 400;
  tail.client_min = 30;
  tail.client_max = 40;
  tail.server_min = 1000;
  tail.server_max = 1200;
  tail.server_percent = 75;
  ASSERT_TRUE(x.setTail(tail, c, sv));
  uint32_t from_server = 0;
  while (!x.done()) {
    PacketSpec s;
    x.next(s);
    const bool server = s.src == pgtest::ip("198.18.0.1");
    from_server += server;
    EXPECT_EQ(s.payload[1], server ? 2 : 1);
    EXPECT_GE(s.payload_len, server ? 1000u : 30u);
    EXPECT_LE(s.payload_len, server ? 1200u : 40u);
  }
  EXPECT_NEAR(from_server, 300, 40);
  uint8_t big[DatagramExchange::kTextBytes + 1] = {};
  EXPECT_FALSE(x.add(true, 10, big));
}

}  // namespace
}  // namespace vigil::pcapgen
