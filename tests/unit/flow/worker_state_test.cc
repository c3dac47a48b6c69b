// Tests for WorkerState: exact host counters and connection outcomes for hand-made packets.
#include "flow/worker_state.h"

#include <gtest/gtest.h>

#include <vector>

#include "flow/packet_class.h"
#include "flow_test_packets.h"

namespace vigil::flow {
namespace {

using namespace test_packets;  // NOLINT: packet builders

StateConfig smallConfig() {
  StateConfig c;
  c.host_capacity = 1024;
  c.flow_capacity = 1024;
  c.dense_sketches = 64;
  return c;
}

class WorkerStateTest : public ::testing::Test {
 protected:
  WorkerStateTest() : config_(smallConfig()), table_(config_), spare_(config_), state_(config_) {
    state_.setTickTable(&table_);
  }
  const HostCounters& host(const char* text) {
    const HostCounters* h = table_.find(ip(text));
    EXPECT_NE(h, nullptr) << text;
    static const HostCounters kNone;
    return h != nullptr ? *h : kNone;
  }

  StateConfig config_;
  HostTable table_;
  HostTable spare_;
  WorkerState state_;
  const net::IpAddress a_ = ip("192.0.2.1");
  const net::IpAddress b_ = ip("198.51.100.7");
};

TEST_F(WorkerStateTest, TcpHandshakeCountsBothHostsExactly) {
  state_.onPacket(tcp(a_, 40000, b_, 22, kSyn, 1 * kSecond, 74));
  state_.onPacket(tcp(b_, 22, a_, 40000, kSynAck, 1 * kSecond + 1000, 74));
  state_.onPacket(tcp(a_, 40000, b_, 22, kAck, 1 * kSecond + 2000, 66));
  state_.onPacket(tcp(a_, 40000, b_, 22, kPshAck, 1 * kSecond + 3000, 100));

  const HostCounters& a = host("192.0.2.1");
  EXPECT_EQ(a.out.packets, 3u);
  EXPECT_EQ(a.out.bytes, 74u + 66u + 100u);
  EXPECT_EQ(a.out.tcp, 3u);
  EXPECT_EQ(a.out.syn, 1u);
  EXPECT_EQ(a.out.syn_ack, 0u);
  EXPECT_EQ(a.out.service[servicePortIndex(22)], 3u);  // out: destination port
  EXPECT_EQ(a.in.packets, 1u);
  EXPECT_EQ(a.in.bytes, 74u);
  EXPECT_EQ(a.in.syn_ack, 1u);
  EXPECT_EQ(a.in.service[servicePortIndex(22)], 1u);  // in: source port (received from SSH)
  EXPECT_EQ(a.conn_out.attempts, 1u);
  EXPECT_EQ(a.conn_out.completed, 1u);
  EXPECT_EQ(a.conn_out.flows, 1u);
  EXPECT_EQ(a.conn_in.attempts, 0u);
  EXPECT_EQ(a.peers_out.estimate(), 1u);
  EXPECT_EQ(a.peers_in.estimate(), 1u);
  EXPECT_EQ(a.ports_out.estimate(), 1u);  // port 22
  EXPECT_EQ(a.ports_in.estimate(), 1u);   // port 40000

  const HostCounters& b = host("198.51.100.7");
  EXPECT_EQ(b.in.packets, 3u);
  EXPECT_EQ(b.in.syn, 1u);
  EXPECT_EQ(b.in.service[servicePortIndex(22)], 0u);  // in: source port 40000
  EXPECT_EQ(b.out.packets, 1u);
  EXPECT_EQ(b.out.syn_ack, 1u);
  EXPECT_EQ(b.out.service[servicePortIndex(22)], 0u);  // out: destination port 40000
  EXPECT_EQ(b.conn_in.attempts, 1u);
  EXPECT_EQ(b.conn_in.completed, 1u);
  EXPECT_EQ(b.conn_in.flows, 1u);
  EXPECT_EQ(b.conn_out.attempts, 0u);
  EXPECT_EQ(table_.size(), 2u);
  EXPECT_EQ(state_.flows().size(), 1u);
}

TEST_F(WorkerStateTest, RstAnswerIsRefused) {
  state_.onPacket(tcp(a_, 40001, b_, 23, kSyn, kSecond));
  state_.onPacket(tcp(b_, 23, a_, 40001, kRstAck, kSecond + 10));
  EXPECT_EQ(host("192.0.2.1").conn_out.refused, 1u);
  EXPECT_EQ(host("192.0.2.1").conn_out.attempts, 1u);
  EXPECT_EQ(host("192.0.2.1").in.rst, 1u);
  EXPECT_EQ(host("198.51.100.7").conn_in.refused, 1u);
  EXPECT_EQ(host("198.51.100.7").out.rst, 1u);
  EXPECT_EQ(host("198.51.100.7").conn_in.completed, 0u);
}

TEST_F(WorkerStateTest, FinCountedAndShortLivedReported) {
  state_.onPacket(tcp(a_, 40002, b_, 25, kSyn, kSecond));
  state_.onPacket(tcp(b_, 25, a_, 40002, kSynAck, kSecond + 10));
  state_.onPacket(tcp(a_, 40002, b_, 25, kAck, kSecond + 20));
  state_.onPacket(tcp(a_, 40002, b_, 25, kFinAck, kSecond + 30));
  state_.onPacket(tcp(b_, 25, a_, 40002, kFinAck, kSecond + 40));
  EXPECT_EQ(host("192.0.2.1").out.fin, 1u);
  EXPECT_EQ(host("198.51.100.7").out.fin, 1u);
  EXPECT_EQ(host("192.0.2.1").conn_out.short_lived, 1u);  // once, on the first FIN
  EXPECT_EQ(host("198.51.100.7").conn_in.short_lived, 1u);
  EXPECT_EQ(host("198.51.100.7").out.service[servicePortIndex(25)], 0u);
  EXPECT_EQ(host("198.51.100.7").in.service[servicePortIndex(25)], 0u);
  EXPECT_EQ(host("192.0.2.1").in.service[servicePortIndex(25)], 2u);
}

TEST_F(WorkerStateTest, UdpDnsQueryAndAnswer) {
  state_.onPacket(udp(a_, 5353, b_, 53, kSecond, 80));
  state_.onPacket(udp(b_, 53, a_, 5353, kSecond + 5, 1200));
  const HostCounters& a = host("192.0.2.1");
  EXPECT_EQ(a.out.udp, 1u);
  EXPECT_EQ(a.out.service[0], 1u);
  EXPECT_EQ(a.in.udp, 1u);
  EXPECT_EQ(a.in.bytes, 1200u);
  EXPECT_EQ(a.in.service[0], 1u);  // a DNS answer received
  EXPECT_EQ(a.conn_out.flows, 1u);
  EXPECT_EQ(a.conn_out.attempts, 0u);  // connection outcomes are TCP only
  const HostCounters& b = host("198.51.100.7");
  EXPECT_EQ(b.in.service[0], 0u);
  EXPECT_EQ(b.out.service[0], 0u);
  EXPECT_EQ(b.conn_in.flows, 1u);
  EXPECT_EQ(b.ports_in.estimate(), 1u);   // local port 53 hit
  EXPECT_EQ(b.ports_out.estimate(), 1u);  // sent to port 5353
}

TEST_F(WorkerStateTest, LaterFragmentCountsForHostsButNoPortsOrFlow) {
  state_.onPacket(laterFragment(a_, b_, kSecond, 1514));
  const HostCounters& a = host("192.0.2.1");
  EXPECT_EQ(a.out.packets, 1u);
  EXPECT_EQ(a.out.bytes, 1514u);
  EXPECT_EQ(a.out.udp, 1u);
  EXPECT_EQ(a.out.fragments, 1u);
  EXPECT_EQ(a.peers_out.estimate(), 1u);
  EXPECT_EQ(a.ports_out.estimate(), 0u);
  for (uint32_t s : a.out.service)
    EXPECT_EQ(s, 0u);
  const HostCounters& b = host("198.51.100.7");
  EXPECT_EQ(b.in.fragments, 1u);
  EXPECT_EQ(b.ports_in.estimate(), 0u);
  EXPECT_EQ(b.conn_in.flows, 0u);
  EXPECT_EQ(state_.flows().size(), 0u);
}

TEST_F(WorkerStateTest, IcmpCountsWithoutPorts) {
  state_.onPacket(icmp(a_, b_, 8, kSecond));
  state_.onPacket(icmp(b_, a_, 0, kSecond + 1));
  const HostCounters& a = host("192.0.2.1");
  EXPECT_EQ(a.out.icmp, 1u);
  EXPECT_EQ(a.in.icmp, 1u);
  EXPECT_EQ(a.out.tcp + a.out.udp, 0u);
  EXPECT_EQ(a.ports_out.estimate(), 0u);
  EXPECT_EQ(a.conn_out.flows, 1u);  // echo request and reply share one port-less flow
  EXPECT_EQ(state_.flows().size(), 1u);
  const FlowTable::Flow* f = state_.flows().find(a_, b_, 0, 0, 1);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->packetsFromClient(), 1u);
  EXPECT_EQ(f->packetsFromServer(), 1u);
}

TEST_F(WorkerStateTest, DistinctPeersAndPortsOfAScanner) {
  for (uint32_t i = 0; i < 300; ++i) {
    state_.onPacket(tcp(a_, 40000, net::IpAddress::fromV4(0x0a000000 + i), uint16_t(1 + i % 20), kSyn, kSecond + i));
  }
  const HostCounters& a = host("192.0.2.1");
  EXPECT_EQ(a.out.syn, 300u);
  EXPECT_EQ(a.conn_out.attempts, 300u);
  EXPECT_TRUE(a.peers_out.isDense());
  EXPECT_NEAR(double(a.peers_out.estimate()), 300.0, 15.0);
  EXPECT_TRUE(a.ports_out.isList());  // 20 ports overflow the inline set: an exact list
  EXPECT_EQ(a.ports_out.estimate(), 20u);
  EXPECT_EQ(table_.sketches().dense.inUse(), 1u);
  EXPECT_EQ(table_.sketches().lists.inUse(), 1u);
  // Each target saw one peer and one port: still exact, inline.
  const HostCounters& t = host("10.0.0.7");
  EXPECT_EQ(t.peers_in.estimate(), 1u);
  EXPECT_EQ(t.ports_in.estimate(), 1u);
  EXPECT_EQ(t.conn_in.attempts, 1u);
}

TEST_F(WorkerStateTest, ExpiryReportsUnansweredIntoCurrentTable) {
  state_.onPacket(tcp(a_, 40003, b_, 3389, kSyn, kSecond));
  state_.onPacket(tcp(a_, 40003, b_, 3389, kSyn, 2 * kSecond));  // retransmission: still one attempt
  EXPECT_EQ(host("192.0.2.1").conn_out.attempts, 1u);
  // The pipeline swaps tables at the tick boundary; the outcome lands in the table current at expiry.
  state_.setTickTable(&spare_);
  state_.flush(100 * kSecond);
  const HostCounters* a = spare_.find(a_);
  const HostCounters* b = spare_.find(b_);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->conn_out.unanswered, 1u);
  EXPECT_EQ(b->conn_in.unanswered, 1u);
  EXPECT_EQ(a->out.packets, 0u);  // only the outcome, no packets, in this tick
  EXPECT_EQ(state_.flows().size(), 0u);
}

TEST_F(WorkerStateTest, DistinctSetsAreRefilledInEveryTickTable) {
  // Later packets of a flow skip the distinct sets within a tick; a new table must see the flow again.
  for (int i = 0; i < 3; ++i)
    state_.onPacket(tcp(a_, 40010, b_, 443, kPshAck, kSecond + i));
  EXPECT_EQ(host("192.0.2.1").peers_out.estimate(), 1u);
  state_.setTickTable(&spare_);
  state_.onPacket(tcp(a_, 40010, b_, 443, kPshAck, 2 * kSecond));
  state_.onPacket(tcp(b_, 443, a_, 40010, kAck, 2 * kSecond + 1));
  const HostCounters* a = spare_.find(a_);
  const HostCounters* b = spare_.find(b_);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->out.packets, 1u);
  EXPECT_EQ(a->peers_out.estimate(), 1u);
  EXPECT_EQ(a->ports_out.estimate(), 1u);
  EXPECT_EQ(a->peers_in.estimate(), 1u);  // the reverse direction is its own "first packet"
  EXPECT_EQ(b->peers_in.estimate(), 1u);
  EXPECT_EQ(b->ports_in.estimate(), 1u);
  EXPECT_EQ(b->peers_out.estimate(), 1u);
}

TEST_F(WorkerStateTest, BurstApiGivesTheSameCountsAsSinglePackets) {
  std::vector<decode::PacketView> packets;
  for (uint32_t i = 0; i < 500; ++i) {
    const net::IpAddress src = net::IpAddress::fromV4(0x0a000000u + i % 37);
    packets.push_back(i % 3 == 0 ? udp(src, uint16_t(1000 + i % 7), b_, 53, kSecond + i)
                                 : tcp(src, uint16_t(2000 + i % 11), b_, 80, i % 2 ? kSyn : kAck, kSecond + i));
  }
  HostTable single(config_);
  HostTable burst(config_);
  WorkerState one(config_);
  WorkerState many(config_);
  one.setTickTable(&single);
  many.setTickTable(&burst);
  for (const decode::PacketView& pv : packets)
    one.onPacket(pv);
  many.onPackets(packets.data(), 7);  // odd burst sizes, smaller and larger than the prefetch distance
  many.onPackets(packets.data() + 7, 2);
  many.onPackets(packets.data() + 9, packets.size() - 9);
  // The same bursts with the classes the caller worked out already (as the worker does).
  std::vector<uint8_t> classes;
  for (const decode::PacketView& pv : packets)
    classes.push_back(packet_class::of(pv));
  HostTable classified(config_);
  WorkerState given(config_);
  given.setTickTable(&classified);
  given.onPackets(packets.data(), 7, classes.data());
  given.onPackets(packets.data() + 7, 2, classes.data() + 7);
  given.onPackets(packets.data() + 9, packets.size() - 9, classes.data() + 9);
  for (const HostTable* table : {&burst, &classified}) {
    ASSERT_EQ(single.size(), table->size());
    single.forEach([&](const net::IpAddress& ip, const HostCounters& h) {
      const HostCounters* o = table->find(ip);
      ASSERT_NE(o, nullptr);
      EXPECT_EQ(h.out.packets, o->out.packets);
      EXPECT_EQ(h.in.packets, o->in.packets);
      EXPECT_EQ(h.in.syn, o->in.syn);
      EXPECT_EQ(h.in.udp, o->in.udp);
      EXPECT_EQ(h.out.tcp, o->out.tcp);
      EXPECT_EQ(h.conn_out.attempts, o->conn_out.attempts);
      EXPECT_EQ(h.peers_out.estimate(), o->peers_out.estimate());
      EXPECT_EQ(h.ports_in.estimate(), o->ports_in.estimate());
    });
    EXPECT_EQ(table->find(b_)->in.packets, 500u);
    EXPECT_EQ(table->find(b_)->peers_in.estimate(), 37u);
  }
}

TEST_F(WorkerStateTest, BurstApiCountsByTheClassesItIsGiven) {
  // The classes are trusted, not worked out again: SYNs handed over as UDP count as UDP.
  std::vector<decode::PacketView> packets;
  for (uint32_t i = 0; i < 10; ++i)
    packets.push_back(tcp(a_, uint16_t(2000 + i), b_, 80, kSyn, kSecond + i));
  const std::vector<uint8_t> classes(packets.size(), packet_class::kUdp);
  HostTable table(config_);
  WorkerState state(config_);
  state.setTickTable(&table);
  state.onPackets(packets.data(), packets.size(), classes.data());
  EXPECT_EQ(table.find(b_)->in.udp, 10u);
  EXPECT_EQ(table.find(b_)->in.syn, 0u);
  EXPECT_EQ(table.find(b_)->in.packets, 10u);
}

TEST_F(WorkerStateTest, PacketsWithoutTableAreCountedNotCrashing) {
  WorkerState fresh(config_);
  fresh.onPacket(tcp(a_, 1, b_, 2, kSyn, 0));
  fresh.expire(kSecond);
  EXPECT_EQ(fresh.packetsWithoutTable(), 1u);
  EXPECT_EQ(fresh.flows().size(), 0u);
}

TEST_F(WorkerStateTest, EvictionsCollectedAtTickBoundaries) {
  StateConfig tiny = smallConfig();
  tiny.host_capacity = 16;
  HostTable t1(tiny);
  HostTable t2(tiny);
  WorkerState ws(tiny);
  ws.setTickTable(&t1);
  for (uint32_t i = 0; i < 100; ++i)
    ws.onPacket(udp(net::IpAddress::fromV4(0x0a000000 + i), 1, b_, 2, i));
  ws.expire(kSecond);
  const uint64_t first = t1.evictions();
  EXPECT_GT(first, 0u);
  EXPECT_EQ(ws.hostEvictions(), first);
  t1.clear();  // the aggregator clears t1 while the worker fills t2
  ws.setTickTable(&t2);
  for (uint32_t i = 0; i < 100; ++i)
    ws.onPacket(udp(net::IpAddress::fromV4(0x0b000000 + i), 1, b_, 2, kSecond + i));
  ws.expire(2 * kSecond);
  EXPECT_EQ(ws.hostEvictions(), first + t2.evictions());
}

}  // namespace
}  // namespace vigil::flow
