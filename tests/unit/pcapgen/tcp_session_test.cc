// Tests for TcpSession: packet order and flags per outcome, consistent sequence numbers, segmentation.
#include "pcapgen/traffic/tcp_session.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

Peers peers() {
  Peers p;
  p.client = pgtest::ip("10.1.0.7");
  p.server = pgtest::ip("198.18.0.9");
  p.client_port = 50000;
  p.server_port = 443;
  return p;
}

std::vector<PacketSpec> run(TcpSession& s) {
  std::vector<PacketSpec> out;
  while (!s.done() && out.size() < 10000) {
    out.emplace_back();
    s.next(out.back());
  }
  return out;
}

// "C:S" = client SYN, "S:SA" server SYN-ACK, ... compact trace of who sent which flags.
std::string trace(const std::vector<PacketSpec>& packets, const Peers& p) {
  std::string t;
  for (const auto& s : packets) {
    t += s.src == p.client ? "C:" : "S:";
    if (s.tcp_flags & kSyn) t += 'S';
    if (s.tcp_flags & kFin) t += 'F';
    if (s.tcp_flags & kRst) t += 'R';
    if (s.tcp_flags & kPsh) t += 'P';
    if (s.tcp_flags & kAck) t += 'A';
    if (s.payload_len != 0) t += std::to_string(s.payload_len);
    t += ' ';
  }
  return t;
}

TEST(TcpSessionTest, CompleteSessionWithPiggybackedAcksAndSegmentation) {
  TcpSession s;
  s.begin(peers(), TcpOutcome::kComplete, 1000, 7);
  ASSERT_TRUE(s.addMessage(TcpMessage{nullptr, 300, 0, true}));
  ASSERT_TRUE(s.addMessage(TcpMessage{nullptr, 2500, 0, false}));
  EXPECT_EQ(s.remainingPackets(), 12u);
  const auto packets = run(s);
  EXPECT_EQ(trace(packets, peers()),
            "C:S S:SA C:A C:PA300 S:A1000 S:A1000 C:A S:PA500 C:A C:FA S:FA C:A ");
}

TEST(TcpSessionTest, SequenceAndAckNumbersAreConsistent) {
  TcpSession s;
  s.begin(peers(), TcpOutcome::kComplete, 1460, 99);
  s.addMessage(TcpMessage{nullptr, 4000, 0, false});
  s.addMessage(TcpMessage{nullptr, 100, 0, true});
  s.setClientCloses(false);
  const auto packets = run(s);
  const uint32_t client_isn = packets[0].seq;
  const uint32_t server_isn = packets[1].seq;
  EXPECT_EQ(packets[1].ack, client_isn + 1);
  uint32_t client_next = client_isn + 1;
  uint32_t server_next = server_isn + 1;
  for (size_t i = 2; i < packets.size(); ++i) {
    const PacketSpec& p = packets[i];
    const bool from_client = p.src == peers().client;
    EXPECT_EQ(p.seq, from_client ? client_next : server_next) << i;
    EXPECT_EQ(p.ack, from_client ? server_next : client_next) << i;
    const uint32_t advance = p.payload_len + ((p.tcp_flags & kFin) ? 1 : 0);
    (from_client ? client_next : server_next) += advance;
  }
  EXPECT_EQ(packets[packets.size() - 3].src, peers().server);  // server closed first
  EXPECT_EQ(server_next, server_isn + 1 + 4000 + 1);
}

TEST(TcpSessionTest, RefusedUnansweredAndAborted) {
  TcpSession s;
  s.begin(peers(), TcpOutcome::kRefused, 1460, 1);
  EXPECT_EQ(trace(run(s), peers()), "C:S S:RA ");
  s.begin(peers(), TcpOutcome::kUnanswered, 1460, 1);
  const auto syns = run(s);
  ASSERT_GE(syns.size(), 2u);
  ASSERT_LE(syns.size(), 3u);
  for (const auto& p : syns) {
    EXPECT_EQ(p.tcp_flags, kSyn);
    EXPECT_EQ(p.seq, syns[0].seq);  // retransmissions reuse the ISN
  }
  s.begin(peers(), TcpOutcome::kAborted, 1460, 1);
  s.addMessage(TcpMessage{nullptr, 10, 0, true});
  EXPECT_EQ(trace(run(s), peers()), "C:S S:SA C:A C:PA10 S:A C:RA ");
}

TEST(TcpSessionTest, TextPrefixAndOptions) {
  static const uint8_t kBanner[] = "SSH-2.0-OpenSSH_8.9\r\n";
  TcpSession s;
  Peers p = peers();
  p.client = pgtest::ip("2001:db8:1::7");
  p.server = pgtest::ip("2001:db8:ffff::9");
  s.begin(p, TcpOutcome::kComplete, 1440, 3);
  s.addMessage(TcpMessage{kBanner, 21, 21, false});
  const auto packets = run(s);
  ASSERT_EQ(packets[0].tcp_options_len, 12);
  EXPECT_EQ(packets[0].tcp_options[3], 0xa0);  // MSS 1440 for IPv6
  EXPECT_EQ(packets[3].payload_prefix_len, 21);
  EXPECT_EQ(packets[3].payload, kBanner);
  EXPECT_EQ(packets[3].src, p.server);
  s.begin(peers(), TcpOutcome::kComplete, 1460, 3);
  s.setHandshakeOptions(false);
  EXPECT_EQ(run(s)[0].tcp_options_len, 0);
}

TEST(TcpSessionTest, ScriptCapacityIsEnforced) {
  TcpSession s;
  s.begin(peers(), TcpOutcome::kComplete, 1460, 3);
  for (uint32_t i = 0; i < TcpSession::kMaxMessages; ++i) EXPECT_TRUE(s.addMessage(TcpMessage{nullptr, 5, 0, true}));
  EXPECT_FALSE(s.addMessage(TcpMessage{nullptr, 5, 0, true}));
  EXPECT_TRUE(s.addMessage(TcpMessage{nullptr, 0, 0, true}));  // empty messages are ignored
}

}  // namespace
}  // namespace vigil::pcapgen
