// Tests for FlowTable: TCP outcomes, timeouts, incremental expiry, eviction and removal.
#include "flow/flow_table.h"

#include <gtest/gtest.h>

#include <cstring>
#include <iterator>
#include <map>
#include <random>
#include <tuple>
#include <vector>

#include "flow/flow_hash.h"
#include "flow_test_packets.h"

namespace vigil::flow {
namespace {

using namespace test_packets;  // NOLINT: packet builders

StateConfig flowConfig(uint32_t flows = 1024) {
  StateConfig c;
  c.host_capacity = 1024;
  c.flow_capacity = flows;
  c.dense_sketches = 64;
  return c;
}

class FlowTableTest : public ::testing::Test {
 protected:
  FlowTableTest() : config_(flowConfig()), flows_(config_), hosts_(config_) {}

  /// Feeds one packet and returns its outcome bits (as WorkerState would apply them).
  uint8_t feed(const decode::PacketView& pv) {
    last_ = flows_.update(pv, hashAddress(pv.src), hashAddress(pv.dst));
    return last_.outcomes();
  }
  const ConnectionCounters& connOut(const net::IpAddress& a) { return hosts_.touch(a, 0)->conn_out; }
  const ConnectionCounters& connIn(const net::IpAddress& a) { return hosts_.touch(a, 0)->conn_in; }

  StateConfig config_;
  FlowTable flows_;
  HostTable hosts_;
  FlowTable::Update last_;
  const net::IpAddress c_ = ip("192.0.2.10");
  const net::IpAddress s_ = ip("198.51.100.20");
};

TEST_F(FlowTableTest, HandshakeCompleted) {
  EXPECT_EQ(feed(tcp(c_, 50000, s_, 443, kSyn, 1000)), kOutcomeNewFlow | kOutcomeAttempt);
  EXPECT_TRUE(last_.srcIsClient());
  EXPECT_EQ(feed(tcp(c_, 50000, s_, 443, kSyn, 2000)), 0);  // retransmitted SYN
  EXPECT_EQ(feed(tcp(s_, 443, c_, 50000, kSynAck, 3000)), 0);
  EXPECT_FALSE(last_.srcIsClient());
  EXPECT_EQ(feed(tcp(c_, 50000, s_, 443, kAck, 4000)), kOutcomeCompleted);
  EXPECT_EQ(feed(tcp(c_, 50000, s_, 443, kPshAck, 5000)), 0);
  const FlowTable::Flow* f = flows_.find(s_, c_, 443, 50000, 6);  // either direction finds it
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f, flows_.find(c_, s_, 50000, 443, 6));
  EXPECT_EQ(f->client(), c_);
  EXPECT_EQ(f->server(), s_);
  EXPECT_EQ(f->clientPort(), 50000);
  EXPECT_EQ(f->serverPort(), 443);
  EXPECT_EQ(f->protocol(), 6);
  EXPECT_EQ(f->firstNs(), 1000u);
  EXPECT_EQ(f->lastNs(), 5000u);
  EXPECT_EQ(f->packetsFromClient(), 4u);
  EXPECT_EQ(f->packetsFromServer(), 1u);
  EXPECT_EQ(f->state(), FlowTable::kSynSeen | FlowTable::kSynAckSeen | FlowTable::kEstablished | FlowTable::kReplied);
  EXPECT_EQ(flows_.size(), 1u);
  EXPECT_EQ(flows_.created(), 1u);
}

TEST_F(FlowTableTest, SshBannerFromTheServerNamesTheServiceOnAnyPort) {
  static const uint8_t kBanner[] = "SSH-2.0-OpenSSH_9.2p1\r\n";
  static const uint8_t kHttp[] = "HTTP/1.1 200 OK\r\n";
  feed(tcp(c_, 50000, s_, 2222, kSyn, 1000));
  feed(tcp(s_, 2222, c_, 50000, kSynAck, 2000));
  feed(tcp(c_, 50000, s_, 2222, kAck, 3000));
  decode::PacketView client_banner = tcp(c_, 50000, s_, 2222, kPshAck, 3500);
  client_banner.payload = kBanner;  // the client's banner does not count: only the server names the service
  client_banner.payload_len = 20;
  EXPECT_EQ(feed(client_banner), 0);
  decode::PacketView banner = tcp(s_, 2222, c_, 50000, kPshAck, 4000);
  banner.payload = kBanner;
  banner.payload_len = 20;
  EXPECT_EQ(feed(banner), kOutcomeSsh);
  EXPECT_EQ(feed(banner), 0);  // once per connection
  // A server whose first payload is something else is never taken for SSH later.
  feed(tcp(c_, 50001, s_, 80, kSyn, 5000));
  decode::PacketView http = tcp(s_, 80, c_, 50001, kPshAck, 6000);
  http.payload = kHttp;
  http.payload_len = 17;
  EXPECT_EQ(feed(http), 0);
  http.payload = kBanner;
  EXPECT_EQ(feed(http), 0);
  ConnectionCounters c;
  addOutcomes(c, kOutcomeSsh | kOutcomeAttempt);
  EXPECT_EQ(c.ssh, 1u);
  EXPECT_EQ(c.attempts, 1u);
}

TEST_F(FlowTableTest, RefusedByRst) {
  feed(tcp(c_, 50001, s_, 23, kSyn, 1000));
  EXPECT_EQ(feed(tcp(s_, 23, c_, 50001, kRstAck, 2000)), kOutcomeRefused);
  EXPECT_EQ(feed(tcp(s_, 23, c_, 50001, kRstAck, 3000)), 0);  // reported once
  const FlowTable::Flow* f = flows_.find(c_, s_, 50001, 23, 6);
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->state() & FlowTable::kRefused);
  EXPECT_TRUE(f->state() & FlowTable::kClosed);
  // Closed flows linger min(idle, short_connection) = 5 s, then go without further outcomes.
  flows_.expireAll(4 * kSecond, hosts_);
  EXPECT_EQ(flows_.size(), 1u);
  flows_.expireAll(6 * kSecond, hosts_);
  EXPECT_EQ(flows_.size(), 0u);
  EXPECT_EQ(hosts_.size(), 0u);  // no outcome at expiry: nothing touched
}

TEST_F(FlowTableTest, ClientRstAfterSynAckIsNeitherRefusedNorCompleted) {
  feed(tcp(c_, 50002, s_, 80, kSyn, 1000));
  EXPECT_EQ(feed(tcp(s_, 80, c_, 50002, kSynAck, 2000)), 0);
  EXPECT_EQ(feed(tcp(c_, 50002, s_, 80, kRst, 3000)), 0);  // SYN scanner tearing down (nmap -sS)
  flows_.flush(10 * kSecond, hosts_);
  EXPECT_EQ(hosts_.size(), 0u);
}

TEST_F(FlowTableTest, UnansweredAfterIdleTimeout) {
  feed(tcp(c_, 50003, s_, 3389, kSyn, 0));
  feed(tcp(c_, 50003, s_, 3389, kSyn, 3 * kSecond));
  flows_.expireAll(62 * kSecond, hosts_);  // idle 59 s < 60 s
  EXPECT_EQ(flows_.size(), 1u);
  EXPECT_EQ(hosts_.size(), 0u);
  flows_.expireAll(63 * kSecond, hosts_);
  EXPECT_EQ(flows_.size(), 0u);
  EXPECT_EQ(flows_.expiredIdle(), 1u);
  EXPECT_EQ(connOut(c_).unanswered, 1u);
  EXPECT_EQ(connIn(s_).unanswered, 1u);
  EXPECT_EQ(connOut(c_).attempts, 0u);  // attempts were reported per packet, not at expiry
  EXPECT_EQ(hosts_.find(c_)->out.packets, 0u);
}

TEST_F(FlowTableTest, AnsweredUdpIsNotUnanswered) {
  feed(udp(c_, 5000, s_, 53, 0));
  feed(udp(s_, 53, c_, 5000, 1000));
  const FlowTable::Flow* f = flows_.find(c_, s_, 5000, 53, 17);
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->state() & FlowTable::kReplied);
  flows_.expireAll(100 * kSecond, hosts_);
  EXPECT_EQ(flows_.size(), 0u);
  EXPECT_EQ(hosts_.size(), 0u);
}

TEST_F(FlowTableTest, ShortLivedOnCloseWithinLimit) {
  feed(tcp(c_, 50004, s_, 22, kSyn, 0));
  feed(tcp(s_, 22, c_, 50004, kSynAck, kSecond / 10));
  feed(tcp(c_, 50004, s_, 22, kAck, kSecond / 5));
  EXPECT_EQ(feed(tcp(s_, 22, c_, 50004, kFinAck, 2 * kSecond)), kOutcomeShortLived);
  EXPECT_EQ(feed(tcp(c_, 50004, s_, 22, kFinAck, 2 * kSecond + 1)), 0);
  flows_.flush(3 * kSecond, hosts_);  // already reported: nothing more
  EXPECT_EQ(hosts_.size(), 0u);
}

TEST_F(FlowTableTest, LongConnectionClosedLateIsNotShortLived) {
  feed(tcp(c_, 50005, s_, 22, kSyn, 0));
  feed(tcp(s_, 22, c_, 50005, kSynAck, 1000));
  feed(tcp(c_, 50005, s_, 22, kAck, 2000));
  EXPECT_EQ(feed(tcp(c_, 50005, s_, 22, kFinAck, 6 * kSecond)), 0);
}

TEST_F(FlowTableTest, ShortLivedOnExpiryWithoutClose) {
  feed(tcp(c_, 50006, s_, 21, kSyn, 0));
  feed(tcp(s_, 21, c_, 50006, kSynAck, 1000));
  feed(tcp(c_, 50006, s_, 21, kAck, 2000));
  feed(tcp(c_, 50006, s_, 21, kPshAck, 4 * kSecond));  // lasted 4 s, then silence
  flows_.expireAll(70 * kSecond, hosts_);
  EXPECT_EQ(flows_.size(), 0u);
  EXPECT_EQ(connOut(c_).short_lived, 1u);
  EXPECT_EQ(connIn(s_).short_lived, 1u);
  EXPECT_EQ(connOut(c_).unanswered, 0u);
}

TEST_F(FlowTableTest, ActiveTimeoutEndsLongFlowAndNextPacketStartsANewRecord) {
  feed(tcp(c_, 50007, s_, 443, kSyn, 0));
  feed(tcp(s_, 443, c_, 50007, kSynAck, 1000));
  feed(tcp(c_, 50007, s_, 443, kAck, 2000));
  for (uint64_t t = 10; t < 300; t += 10) {
    EXPECT_EQ(feed(tcp(c_, 50007, s_, 443, kPshAck, t * kSecond)), 0);
    flows_.expireAll(t * kSecond, hosts_);
  }
  EXPECT_EQ(flows_.size(), 1u);
  flows_.expireAll(300 * kSecond, hosts_);
  EXPECT_EQ(flows_.size(), 0u);
  EXPECT_EQ(flows_.expiredActive(), 1u);
  EXPECT_EQ(flows_.expiredIdle(), 0u);
  EXPECT_EQ(hosts_.size(), 0u);  // 300 s long: neither short-lived nor unanswered
  // Mid-stream continuation: a new record, no handshake, so no attempt.
  EXPECT_EQ(feed(tcp(c_, 50007, s_, 443, kPshAck, 301 * kSecond)), kOutcomeNewFlow);
  EXPECT_TRUE(last_.srcIsClient());
  EXPECT_EQ(flows_.created(), 2u);
}

TEST_F(FlowTableTest, FirstPacketSynAckMakesTheReceiverTheClient) {
  EXPECT_EQ(feed(tcp(s_, 443, c_, 50008, kSynAck, 0)), kOutcomeNewFlow);
  EXPECT_FALSE(last_.srcIsClient());
  const FlowTable::Flow* f = flows_.find(c_, s_, 50008, 443, 6);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->client(), c_);
  EXPECT_EQ(f->packetsFromServer(), 1u);
  EXPECT_EQ(feed(tcp(c_, 50008, s_, 443, kAck, 1000)), 0);  // no SYN seen: not "completed"
}

TEST_F(FlowTableTest, SynOnClosedFlowStartsANewConnection) {
  feed(tcp(c_, 50009, s_, 22, kSyn, 0));
  feed(tcp(s_, 22, c_, 50009, kRstAck, 1000));
  EXPECT_EQ(feed(tcp(c_, 50009, s_, 22, kSyn, 2000)), kOutcomeNewFlow | kOutcomeAttempt);
  EXPECT_EQ(feed(tcp(s_, 22, c_, 50009, kRstAck, 3000)), kOutcomeRefused);
  EXPECT_EQ(flows_.size(), 1u);
  EXPECT_EQ(flows_.created(), 2u);
}

TEST_F(FlowTableTest, SameEndpointsBothWaysIsOneFlow) {
  const net::IpAddress x = ip("2001:db8::1");
  feed(udp(x, 7, x, 7, 0));  // LAND-style: source == destination
  feed(udp(x, 7, x, 7, 1));
  EXPECT_EQ(flows_.size(), 1u);
  EXPECT_EQ(flows_.find(x, x, 7, 7, 17)->packetsFromClient(), 2u);
}

// FlowTable::update's TCP rules written as plain branches over one flow at a time: the reference the
// table-driven state machine must match packet by packet.
struct ReferenceFlow {
  bool open = false;
  net::IpAddress client;
  uint16_t client_port = 0;
  uint8_t state = 0;
  uint64_t first_ns = 0;
};

FlowTable::Update referenceUpdate(ReferenceFlow& r, const decode::PacketView& pv, uint64_t short_ns) {
  const uint8_t f = pv.protocol == 6 ? pv.tcp_flags : 0;
  const bool syn_ack = (f & kSynAck) == kSynAck;
  const bool syn_only = (f & kSynAck) == kSyn;
  uint8_t out = 0;
  if (!r.open || (syn_only && (r.state & FlowTable::kClosed))) {
    const bool src_is_client = r.open || !syn_ack;
    r = ReferenceFlow{true, src_is_client ? pv.src : pv.dst, src_is_client ? pv.src_port : pv.dst_port, 0, pv.ts_ns};
    out |= kOutcomeNewFlow;
  }
  const bool from_client = pv.src == r.client && pv.src_port == r.client_port;
  uint8_t& st = r.state;
  if (pv.protocol == 6) {
    if (from_client) {
      if (syn_only) {
        if (!(st & FlowTable::kSynSeen)) {
          st |= FlowTable::kSynSeen;
          out |= kOutcomeAttempt;
        }
      } else if ((f & (kSynAck | kRst)) == kAck &&
                 (st & (FlowTable::kSynSeen | FlowTable::kSynAckSeen | FlowTable::kEstablished)) ==
                     (FlowTable::kSynSeen | FlowTable::kSynAckSeen)) {
        st |= FlowTable::kEstablished;
        out |= kOutcomeCompleted;
      }
    } else {
      st |= FlowTable::kReplied;
      if (pv.payload_len != 0 && !(st & FlowTable::kBannerSeen)) {
        st |= FlowTable::kBannerSeen;
        if (pv.payload_len >= 4 && std::memcmp(pv.payload, "SSH-", 4) == 0) out |= kOutcomeSsh;
      }
      if (syn_ack) {
        st |= FlowTable::kSynAckSeen;
      } else if ((f & kRst) && (st & (FlowTable::kSynSeen | FlowTable::kSynAckSeen | FlowTable::kEstablished |
                                      FlowTable::kClosed)) == FlowTable::kSynSeen) {
        st |= FlowTable::kRefused | FlowTable::kClosed;
        out |= kOutcomeRefused;
      }
    }
    if ((f & (decode::kTcpFin | kRst)) &&
        (st & (FlowTable::kEstablished | FlowTable::kClosed)) == FlowTable::kEstablished) {
      st |= FlowTable::kClosed;
      if (pv.ts_ns - r.first_ns < short_ns) {
        st |= FlowTable::kShortCounted;
        out |= kOutcomeShortLived;
      }
    }
  } else if (!from_client) {
    st |= FlowTable::kReplied;
  }
  return FlowTable::Update(out, from_client, false);
}

TEST(FlowTableModelTest, OutcomesMatchPlainRulesOnRandomPackets) {
  // A few endpoints and ports, so that each flow sees long random runs of flags in both directions
  // (handshakes, resets, closes, port reuse, SSH and other banners) over a table with room for all.
  const StateConfig config = flowConfig();
  FlowTable flows(config);
  const net::IpAddress hosts[] = {ip("192.0.2.1"), ip("192.0.2.2"), ip("2001:db8::1")};
  const uint16_t ports[] = {22, 40000};
  const uint8_t common[] = {kSyn, kSynAck, kAck, kPshAck, kFinAck, kRst, kRstAck, decode::kTcpFin, 0};
  static const uint8_t kSsh[] = {'S', 'S', 'H', '-'};
  static const uint8_t kHttp[] = {'H', 'T', 'T', 'P'};
  std::map<std::tuple<net::IpAddress, uint16_t, net::IpAddress, uint16_t, uint8_t>, ReferenceFlow> model;
  std::mt19937_64 rng(7);
  uint64_t now = 0;
  std::size_t outcomes_seen = 0;
  for (int i = 0; i < 200'000; ++i) {
    const net::IpAddress& a = hosts[rng() % 3];
    const net::IpAddress& b = hosts[rng() % 3];
    const uint16_t pa = ports[rng() % 2];
    const uint16_t pb = ports[rng() % 2];
    if (a == b && pa == pb) continue;  // both ends the same: which is the client is a convention
    now += rng() % (2 * kSecond);
    decode::PacketView pv = rng() % 8 == 0 ? udp(a, pa, b, pb, now) : tcp(a, pa, b, pb, 0, now);
    if (pv.protocol == 6) pv.tcp_flags = rng() % 4 == 0 ? uint8_t(rng()) : common[rng() % std::size(common)];
    const int payload = int(rng() % 4);
    pv.payload_len = payload == 0 ? 0 : payload == 3 ? 2 : 4;
    pv.payload = payload == 1 ? kSsh : kHttp;
    // One model entry per flow, in the table's canonical order of endpoints.
    const bool swap = std::tie(b, pb) < std::tie(a, pa);
    ReferenceFlow& r =
        model[swap ? std::make_tuple(b, pb, a, pa, pv.protocol) : std::make_tuple(a, pa, b, pb, pv.protocol)];
    const FlowTable::Update want = referenceUpdate(r, pv, config.short_connection_ns);
    const FlowTable::Update got = flows.update(pv, hashAddress(pv.src), hashAddress(pv.dst));
    ASSERT_EQ(int(got.outcomes()), int(want.outcomes())) << "packet " << i;
    ASSERT_EQ(got.srcIsClient(), want.srcIsClient()) << "packet " << i;
    const FlowTable::Flow* f = flows.find(pv.src, pv.dst, pv.src_port, pv.dst_port, pv.protocol);
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(int(f->state()), int(r.state)) << "packet " << i;
    outcomes_seen += (got.outcomes() & ~kOutcomeNewFlow) != 0;
  }
  EXPECT_EQ(flows.evictions(), 0u);
  EXPECT_GT(outcomes_seen, 10'000u);
}

TEST(FlowTableEvictionTest, FullTableEvictsOldestAndCounts) {
  const StateConfig c = flowConfig(16);
  FlowTable flows(c);
  const net::IpAddress server = ip("198.51.100.1");
  for (uint32_t i = 0; i < 100; ++i) {
    const decode::PacketView pv = tcp(net::IpAddress::fromV4(0x0a000000 + i), 1234, server, 80, kSyn, i);
    flows.update(pv, hashAddress(pv.src), hashAddress(pv.dst));
  }
  EXPECT_LE(flows.size(), 16u);
  EXPECT_EQ(flows.evictions(), 100u - flows.size());
  EXPECT_NE(flows.find(net::IpAddress::fromV4(0x0a000000 + 99), server, 1234, 80, 6), nullptr);
  EXPECT_EQ(flows.find(net::IpAddress::fromV4(0x0a000000), server, 1234, 80, 6), nullptr);
}

/// Source ports of UDP flows 10.0.0.1:port -> 10.9.9.9:53 whose home is slot `home` of a table of
/// `slots` slots, `n` of them.
std::vector<uint16_t> portsHomedAt(uint32_t home, uint32_t slots, std::size_t n) {
  const net::IpAddress src = net::IpAddress::fromV4(0x0a000001);
  const net::IpAddress dst = ip("10.9.9.9");
  std::vector<uint16_t> ports;
  for (uint32_t port = 1; port <= 65535 && ports.size() < n; ++port) {
    const FlowTable::Key k = FlowTable::keyOf(src, dst, uint16_t(port), 53, 17, hashAddress(src), hashAddress(dst));
    if ((uint32_t(k.hash) & (slots - 1)) == home) ports.push_back(uint16_t(port));
  }
  return ports;
}

TEST(FlowTableEvictionTest, ProbeWindowsWrapPastTheLastSlot) {
  // Nine flows homed at the last slot: the first eight fill it and the first seven slots of the table
  // (lookups read the tags of a window that wraps as one word, so the first tags are kept twice).
  const StateConfig c = flowConfig(1024);
  FlowTable flows(c);
  HostTable hosts(c);
  const std::vector<uint16_t> ports = portsHomedAt(1023, 1024, FlowTable::kProbeLimit + 1);
  ASSERT_EQ(ports.size(), FlowTable::kProbeLimit + 1);
  const net::IpAddress src = net::IpAddress::fromV4(0x0a000001);
  const net::IpAddress dst = ip("10.9.9.9");
  const auto send = [&](uint16_t port, uint64_t ts) {
    const decode::PacketView pv = udp(src, port, dst, 53, ts);
    return flows.update(pv, hashAddress(pv.src), hashAddress(pv.dst)).outcomes();
  };
  for (std::size_t i = 0; i < FlowTable::kProbeLimit; ++i)
    EXPECT_EQ(send(ports[i], 1000 + i), kOutcomeNewFlow);
  for (std::size_t i = 0; i < FlowTable::kProbeLimit; ++i)
    EXPECT_EQ(send(ports[i], 2000 + i), 0) << "flow " << i << " found again";
  EXPECT_EQ(flows.size(), FlowTable::kProbeLimit);
  EXPECT_EQ(flows.evictions(), 0u);
  // The window is full: the ninth takes the place of the flow seen least recently, the first.
  EXPECT_EQ(send(ports[FlowTable::kProbeLimit], 3000), kOutcomeNewFlow);
  EXPECT_EQ(flows.evictions(), 1u);
  EXPECT_EQ(flows.find(src, dst, ports[0], 53, 17), nullptr);
  for (std::size_t i = 1; i <= FlowTable::kProbeLimit; ++i)
    EXPECT_NE(flows.find(src, dst, ports[i], 53, 17), nullptr) << "flow " << i;
  // Removal shifts the later flows of the window back across the end of the table, tags with them.
  flows.expireAll(2001 + 60 * kSecond, hosts);
  EXPECT_EQ(flows.size(), FlowTable::kProbeLimit - 1);
  for (std::size_t i = 2; i <= FlowTable::kProbeLimit; ++i) {
    EXPECT_NE(flows.find(src, dst, ports[i], 53, 17), nullptr) << "flow " << i;
    EXPECT_EQ(send(ports[i], 4000 + i), 0) << "flow " << i << " found after the shift";
  }
  EXPECT_EQ(send(ports[0], 5000), kOutcomeNewFlow);  // into the slot freed at the end of the window
  EXPECT_EQ(flows.size(), FlowTable::kProbeLimit);
  EXPECT_EQ(flows.evictions(), 1u);
}

TEST(FlowTableExpiryTest, FlushEndsEveryFlowAndFreesEverySlot) {
  const StateConfig c = flowConfig(1024);
  FlowTable flows(c);
  HostTable hosts(c);
  const net::IpAddress server = ip("198.51.100.1");
  const auto fill = [&](uint64_t ts) {
    for (uint32_t i = 0; i < 600; ++i) {
      const decode::PacketView pv = tcp(net::IpAddress::fromV4(0x0a000000 + i), 1234, server, 80, kSyn, ts);
      flows.update(pv, hashAddress(pv.src), hashAddress(pv.dst));
    }
  };
  fill(kSecond);
  const std::size_t n = flows.size();
  ASSERT_EQ(n + flows.evictions(), 600u);
  flows.flush(2 * kSecond, hosts);
  EXPECT_EQ(flows.size(), 0u);
  EXPECT_EQ(flows.expiredIdle(), n);
  EXPECT_EQ(hosts.touch(server, 2 * kSecond)->conn_in.unanswered, n);  // every SYN went unanswered
  std::size_t listed = 0;
  flows.forEach([&](const FlowTable::Flow&) { ++listed; });
  EXPECT_EQ(listed, 0u);
  // Every slot is free again: the same flows fit exactly as they did the first time.
  const uint64_t evicted = flows.evictions();
  fill(3 * kSecond);
  EXPECT_EQ(flows.size(), n);
  EXPECT_EQ(flows.evictions(), 2 * evicted);
}

TEST(FlowTableExpiryTest, IncrementalExpiryVisitsASliceEachCall) {
  StateConfig c = flowConfig(1024);
  c.flow_sweep_ticks = 4;  // the whole table every 4 calls
  FlowTable flows(c);
  HostTable hosts(c);
  for (uint32_t i = 0; i < 500; ++i) {
    const decode::PacketView pv = udp(net::IpAddress::fromV4(0x0a000000 + i), 1, ip("10.9.9.9"), 2, 0);
    flows.update(pv, hashAddress(pv.src), hashAddress(pv.dst));
  }
  const std::size_t n = flows.size();
  ASSERT_EQ(n + flows.evictions(), 500u);
  const uint64_t late = 1000 * kSecond;
  flows.expire(late, hosts);
  EXPECT_GT(flows.size(), n / 2);  // only about a quarter of the slots was visited
  EXPECT_LT(flows.size(), n);
  flows.expire(late, hosts);
  flows.expire(late, hosts);
  EXPECT_GT(flows.size(), 0u);
  flows.expire(late, hosts);
  EXPECT_EQ(flows.size(), 0u);
  EXPECT_EQ(flows.expiredIdle(), n);
  EXPECT_EQ(hosts.size(), 0u);  // UDP flows: no outcomes
}

TEST(FlowTableExpiryTest, RemovalKeepsEveryOtherFlowFindable) {
  // Random inserts and expiries in a crowded table, checked against a model: backward-shift removal
  // must never strand an entry behind a hole.
  const StateConfig c = flowConfig(256);
  FlowTable flows(c);
  HostTable hosts(c);
  std::mt19937 rng(7);
  std::map<std::tuple<uint32_t, uint16_t>, uint64_t> model;  // (source, port) -> last seen
  uint64_t now = 0;
  for (int round = 0; round < 200; ++round) {
    for (int i = 0; i < 40; ++i) {
      now += kSecond / 10;
      const uint32_t src = 0x0a000000u + rng() % 400;
      const uint16_t port = uint16_t(1 + rng() % 3);
      const decode::PacketView pv = udp(net::IpAddress::fromV4(src), port, ip("10.200.0.1"), 53, now);
      flows.update(pv, hashAddress(pv.src), hashAddress(pv.dst));
      model[{src, port}] = now;
    }
    flows.expireAll(now, hosts);
    // Drop from the model what the table can no longer hold: idle-expired or evicted.
    for (auto it = model.begin(); it != model.end();) {
      const bool present = flows.find(net::IpAddress::fromV4(std::get<0>(it->first)), ip("10.200.0.1"),
                                      std::get<1>(it->first), 53, 17) != nullptr;
      const bool idle = now - it->second >= 60 * kSecond;
      ASSERT_FALSE(present && idle);
      it = present ? std::next(it) : model.erase(it);
    }
    std::size_t listed = 0;
    flows.forEach([&](const FlowTable::Flow& f) {
      ++listed;
      ASSERT_EQ(flows.find(f.client(), f.server(), f.clientPort(), f.serverPort(), 17), &f);
    });
    ASSERT_EQ(listed, flows.size());
    ASSERT_EQ(model.size(), flows.size());
  }
  EXPECT_GT(flows.evictions(), 0u);
  EXPECT_GT(flows.expiredIdle(), 0u);
}

}  // namespace
}  // namespace vigil::flow
