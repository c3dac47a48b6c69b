// Tests for HostCounters: service-port lookup, per-packet direction counting, sums.
#include "flow/host_counters.h"

#include <gtest/gtest.h>

#include <cstring>

#include "flow_test_packets.h"

namespace vigil::flow {
namespace {

using namespace test_packets;  // NOLINT: packet builders

TEST(ServicePortIndexTest, EveryServicePortMapsToItsIndex) {
  for (size_t i = 0; i < kServicePortCount; ++i)
    EXPECT_EQ(servicePortIndex(kServicePorts[i]), int(i));
}

TEST(ServicePortIndexTest, EveryOtherPortMapsToMinusOne) {
  int hits = 0;
  for (uint32_t port = 0; port <= 65535; ++port)
    hits += servicePortIndex(uint16_t(port)) >= 0;
  EXPECT_EQ(hits, int(kServicePortCount));
  EXPECT_EQ(servicePortIndex(0), -1);
  EXPECT_EQ(servicePortIndex(80), -1);
  EXPECT_EQ(servicePortIndex(65535), -1);
}

TEST(DirectionCountersTest, CountsTcpFlagsOnce) {
  DirectionCounters d;
  d.count(tcp(ip("10.0.0.1"), 1000, ip("10.0.0.2"), 22, kSyn, 0, 60), 22, 1000);
  d.count(tcp(ip("10.0.0.1"), 1000, ip("10.0.0.2"), 22, kSynAck, 0, 60), 22, 1000);
  d.count(tcp(ip("10.0.0.1"), 1000, ip("10.0.0.2"), 22, kRstAck, 0, 54), 22, 1000);
  d.count(tcp(ip("10.0.0.1"), 1000, ip("10.0.0.2"), 22, kFinAck, 0, 54), 1000, 22);
  EXPECT_EQ(d.packets, 4u);
  EXPECT_EQ(d.bytes, 228u);
  EXPECT_EQ(d.tcp, 4u);
  EXPECT_EQ(d.syn, 1u);
  EXPECT_EQ(d.syn_ack, 1u);
  EXPECT_EQ(d.rst, 1u);
  EXPECT_EQ(d.fin, 1u);
  EXPECT_EQ(d.udp, 0u);
  EXPECT_EQ(d.service[servicePortIndex(22)], 3u);  // the last one was told to use port 1000
  EXPECT_EQ(d.served[servicePortIndex(22)], 1u);   // ... and that its own port is 22
  EXPECT_EQ(d.probe, 0u);
}

TEST(DirectionCountersTest, StealthProbesAndEchoRequests) {
  DirectionCounters d;
  d.count(tcp(ip("10.0.0.1"), 1000, ip("10.0.0.2"), 80, decode::kTcpFin, 0, 60), 80, 1000);
  d.count(tcp(ip("10.0.0.1"), 1000, ip("10.0.0.2"), 80, 0, 0, 60), 80, 1000);                              // NULL
  d.count(tcp(ip("10.0.0.1"), 1000, ip("10.0.0.2"), 80, decode::kTcpFin | 0x08 | 0x20, 0, 60), 80, 1000);  // XMAS
  d.count(tcp(ip("10.0.0.1"), 1000, ip("10.0.0.2"), 80, kFinAck, 0, 60), 80, 1000);  // not a probe
  decode::PacketView echo = icmp(ip("10.0.0.1"), ip("10.0.0.2"), 8, 0, 98);
  d.count(echo, 0, 0);
  decode::PacketView reply = icmp(ip("10.0.0.2"), ip("10.0.0.1"), 0, 0, 98);
  d.count(reply, 0, 0);
  EXPECT_EQ(d.probe, 3u);
  EXPECT_EQ(d.fin, 3u);
  EXPECT_EQ(d.icmp, 2u);
  EXPECT_EQ(d.icmp_echo, 1u);
}

TEST(DirectionCountersTest, LaterFragmentHasNoFlagsOrService) {
  DirectionCounters d;
  decode::PacketView pv = laterFragment(ip("10.0.0.1"), ip("10.0.0.2"), 0, 1000);
  pv.protocol = 6;
  pv.tcp_flags = kSyn;  // garbage a decoder would never set; must be ignored
  pv.dst_port = 53;
  d.count(pv, 53, 53);
  EXPECT_EQ(d.packets, 1u);
  EXPECT_EQ(d.tcp, 1u);
  EXPECT_EQ(d.syn, 0u);
  EXPECT_EQ(d.fragments, 1u);
  EXPECT_EQ(d.service[0], 0u);
}

TEST(PacketIncrementTest, OnlyTheHostsPortsDifferBetweenTheTwoSides) {
  // The worker adds one increment to the source's "out" and the destination's "in" side, with the
  // service indexes swapped: each side must end up as if it had counted the packet itself.
  const decode::PacketView packets[] = {
      tcp(ip("10.0.0.1"), 40000, ip("10.0.0.2"), 22, kSyn, 0, 60),
      tcp(ip("10.0.0.2"), 53, ip("10.0.0.1"), 40000, decode::kTcpFin, 0, 60),
      udp(ip("10.0.0.1"), 123, ip("10.0.0.2"), 53, 0, 90),
      icmp(ip("10.0.0.1"), ip("10.0.0.2"), 8, 0, 98),
      icmp(ip("2001:db8::1"), ip("2001:db8::2"), 128, 0, 70),
      laterFragment(ip("10.0.0.1"), ip("10.0.0.2"), 0, 1000),
  };
  for (const decode::PacketView& pv : packets) {
    DirectionCounters out_self, in_self, out_shared, in_shared;
    out_self.count(pv, pv.dst_port, pv.src_port);
    in_self.count(pv, pv.src_port, pv.dst_port);
    const PacketIncrement inc = PacketIncrement::of(pv);
    const int src_service = pv.hasPorts() ? servicePortIndex(pv.src_port) : -1;
    const int dst_service = pv.hasPorts() ? servicePortIndex(pv.dst_port) : -1;
    out_shared.count(inc, dst_service, src_service);
    in_shared.count(inc, src_service, dst_service);
    EXPECT_EQ(std::memcmp(&out_self, &out_shared, sizeof out_self), 0) << "protocol " << int(pv.protocol);
    EXPECT_EQ(std::memcmp(&in_self, &in_shared, sizeof in_self), 0) << "protocol " << int(pv.protocol);
    EXPECT_EQ(out_shared.packets, 1u);
    EXPECT_EQ(out_shared.bytes, pv.wire_len);
  }
}

TEST(PacketIncrementTest, CountsEachKindOfPacketInItsOwnFields) {
  DirectionCounters d;
  d.count(PacketIncrement::of(tcp(ip("10.0.0.1"), 1000, ip("10.0.0.2"), 80, kSynAck, 0, 60)), -1, -1);
  d.count(PacketIncrement::of(udp(ip("10.0.0.1"), 1000, ip("10.0.0.2"), 53, 0, 80)), 0, -1);
  d.count(PacketIncrement::of(icmp(ip("10.0.0.1"), ip("10.0.0.2"), 8, 0, 98)), -1, -1);
  EXPECT_EQ(d.packets, 3u);
  EXPECT_EQ(d.bytes, 60u + 80u + 98u);
  EXPECT_EQ(d.tcp, 1u);
  EXPECT_EQ(d.syn_ack, 1u);
  EXPECT_EQ(d.syn, 0u);
  EXPECT_EQ(d.probe, 0u);
  EXPECT_EQ(d.udp, 1u);
  EXPECT_EQ(d.icmp, 1u);
  EXPECT_EQ(d.icmp_echo, 1u);
  EXPECT_EQ(d.fragments, 0u);
  EXPECT_EQ(d.service[0], 1u);
}

TEST(PacketIncrementTest, TableRowsMatchTheRulesForEveryKindOfPacket) {
  // Every protocol kind, TCP flag byte, ICMP type and fragment state, against the counting rules written
  // out: the table is built from packet classes, this checks the classes lose nothing the rules read.
  const uint8_t protocols[] = {6, 17, 1, 58, 47, 132, 0, 255};
  const uint8_t icmp_types[] = {0, 8, 128, 129, 3, 255};
  const uint16_t fragment_states[] = {0, decode::kFragment, decode::kFragment | decode::kLaterFragment};
  for (uint8_t protocol : protocols) {
    for (unsigned flags = 0; flags < 256; ++flags) {
      for (uint8_t type : icmp_types) {
        for (uint16_t frag : fragment_states) {
          decode::PacketView pv = tcp(ip("10.0.0.1"), 1000, ip("10.0.0.2"), 80, uint8_t(flags), 0, 77);
          pv.protocol = protocol;
          pv.icmp_type = type;
          pv.flags = uint16_t(frag | ((frag & decode::kLaterFragment) ? 0 : decode::kHasPorts));
          const bool later = frag & decode::kLaterFragment;
          const bool known = protocol == 6 && !later;
          const uint8_t f = known ? uint8_t(flags) : 0;
          DirectionCounters want;
          want.packets = 1;
          want.bytes = 77;
          want.tcp = protocol == 6;
          want.syn = (f & kSynAck) == kSyn;
          want.syn_ack = (f & kSynAck) == kSynAck;
          want.rst = (f & kRst) != 0;
          want.fin = (f & decode::kTcpFin) != 0;
          want.probe = known && (f & (kSynAck | kRst)) == 0;
          want.udp = protocol == 17;
          want.icmp = protocol == 1 || protocol == 58;
          want.icmp_echo = !later && ((protocol == 1 && type == 8) || (protocol == 58 && type == 128));
          want.fragments = frag != 0;
          DirectionCounters got;
          got.count(PacketIncrement::of(pv), -1, -1);
          ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0)
              << "protocol " << int(protocol) << " flags " << flags << " type " << int(type) << " fragment " << frag;
        }
      }
    }
  }
}

TEST(HostCountersTest, AddSumsEveryField) {
  HostCounters a;
  HostCounters b;
  a.out.count(udp(ip("10.0.0.1"), 5000, ip("10.0.0.2"), 53, 0, 80), 53, 5000);
  b.out.count(udp(ip("10.0.0.1"), 5000, ip("10.0.0.2"), 53, 0, 120), 53, 5000);
  b.in.count(icmp(ip("10.0.0.2"), ip("10.0.0.1"), 0, 0, 98), 0, 0);
  b.conn_out.attempts = 2;
  b.conn_in.refused = 1;
  b.conn_in.flows = 5;
  a.addNumbers(b);
  EXPECT_EQ(a.out.packets, 2u);
  EXPECT_EQ(a.out.bytes, 200u);
  EXPECT_EQ(a.out.udp, 2u);
  EXPECT_EQ(a.out.service[0], 2u);
  EXPECT_EQ(a.in.icmp, 1u);
  EXPECT_EQ(a.conn_out.attempts, 2u);
  EXPECT_EQ(a.conn_in.refused, 1u);
  EXPECT_EQ(a.conn_in.flows, 5u);
}

}  // namespace
}  // namespace vigil::flow
