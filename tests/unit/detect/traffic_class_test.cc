// Tests for TrafficClass: each accepted match shape, the counter it reads, its words, and every refused shape.
#include "detect/traffic_class.h"

#include <gtest/gtest.h>

#include "detect_test_support.h"

namespace vigil::detect {
namespace {

using namespace test;  // NOLINT: test helpers
using Counter = TrafficClass::Counter;

common::Result<TrafficClass> classOf(const std::string& match, bool host_is_source = true) {
  auto rules = rules::parseRuleSet(oneRule("scan-horizontal", match, "source", "packets", "1"), "r.yaml", ".");
  if (!rules) return common::fail("rules: " + rules.error());
  return TrafficClass::of((*rules)->rules().at(0), host_is_source);
}

struct Shape {
  const char* match;
  Counter counter;
  const char* transport;
  const char* words;
};

TEST(TrafficClassTest, MapsEachAcceptedShapeToOneCounter) {
  const Shape shapes[] = {
      {"{}", Counter::kPackets, "", "packets"},
      {"{protocol: any}", Counter::kPackets, "", "packets"},
      {"{protocol: tcp}", Counter::kTcp, "tcp", "TCP packets"},
      {"{protocol: udp}", Counter::kUdp, "udp", "UDP packets"},
      {"{protocol: icmp}", Counter::kIcmp, "icmp", "ICMP packets"},
      {"{protocol: tcp, tcp_flags: {set: [syn], unset: [ack]}}", Counter::kSyn, "tcp", "TCP SYNs"},
      {"{protocol: tcp, tcp_flags: {set: [syn, ece, cwr], unset: [ack]}}", Counter::kSyn, "tcp", "TCP SYNs"},
      {"{protocol: tcp, tcp_flags: {set: [syn, ack]}}", Counter::kSynAck, "tcp", "TCP SYN-ACKs"},
      {"{protocol: tcp, tcp_flags: {set: [rst]}}", Counter::kRst, "tcp", "TCP RSTs"},
      {"{protocol: tcp, tcp_flags: {set: [fin]}}", Counter::kFin, "tcp", "TCP FINs"},
      {"{protocol: tcp, tcp_flags: {unset: [syn, ack, rst]}}", Counter::kProbe, "tcp", "TCP FIN/NULL/XMAS probes"},
      {"{protocol: icmp, icmp_types: [8, 128]}", Counter::kIcmpEcho, "icmp", "ICMP echo requests"},
      {"{protocol: icmp, icmp_types: [8]}", Counter::kIcmpEcho, "icmp", "ICMP echo requests"},
      {"{fragments: only}", Counter::kFragments, "", "IP fragments"},
      {"{protocol: udp, fragments: only}", Counter::kFragments, "udp", "IP fragments"},
      {"{protocol: udp, fragments: include}", Counter::kUdp, "udp", "UDP packets"},
  };
  for (const Shape& s : shapes) {
    const common::Result<TrafficClass> t = classOf(s.match);
    ASSERT_TRUE(t.ok()) << s.match << ": " << t.error();
    EXPECT_EQ(t->counter(), s.counter) << s.match;
    EXPECT_EQ(t->service(), -1) << s.match;
    EXPECT_STREQ(t->transport(), s.transport) << s.match;
    EXPECT_EQ(t->describe(), s.words) << s.match;
  }
  EXPECT_EQ(TrafficClass::all().counter(), Counter::kPackets);
  EXPECT_STREQ(TrafficClass::all().transport(), "");
}

TEST(TrafficClassTest, AServicePortIsThePeersOrTheHostsOwnBySide) {
  // ports = the packets' destination port: the peer's when the host sends, its own when it receives.
  const auto sent_to = classOf("{protocol: tcp, ports: [22]}", true);
  ASSERT_TRUE(sent_to.ok()) << sent_to.error();
  EXPECT_EQ(sent_to->counter(), Counter::kPeerService);
  EXPECT_EQ(sent_to->service(), flow::servicePortIndex(22));
  EXPECT_EQ(sent_to->describe(), "packets with peer port 22");
  EXPECT_STREQ(sent_to->transport(), "tcp");
  const auto received_on = classOf("{protocol: tcp, ports: [22]}", false);
  EXPECT_EQ(received_on->counter(), Counter::kOwnService);
  EXPECT_EQ(received_on->describe(), "packets on its own port 22");
  // source_ports = the packets' source port: the host's own when it sends, the peer's when it receives.
  const auto answered_from = classOf("{protocol: udp, source_ports: [53]}", true);
  EXPECT_EQ(answered_from->counter(), Counter::kOwnService);
  EXPECT_EQ(answered_from->describe(), "packets on its own port 53");
  const auto received_from = classOf("{protocol: udp, source_ports: [53]}", false);
  EXPECT_EQ(received_from->counter(), Counter::kPeerService);
  EXPECT_EQ(received_from->service(), 0);
  EXPECT_EQ(received_from->describe(), "packets with peer port 53");
  const auto any = classOf("{ports: [445]}", true);
  EXPECT_STREQ(any->transport(), "");
  EXPECT_EQ(any->service(), flow::servicePortIndex(445));
}

TEST(TrafficClassTest, CountReadsTheSelectedCounter) {
  flow::DirectionCounters d;
  d.packets = 1000;
  d.tcp = 101;
  d.syn = 102;
  d.syn_ack = 103;
  d.rst = 104;
  d.fin = 105;
  d.probe = 106;
  d.udp = 107;
  d.icmp = 108;
  d.icmp_echo = 109;
  d.fragments = 110;
  d.service[flow::servicePortIndex(22)] = 111;
  d.served[flow::servicePortIndex(22)] = 112;
  const std::pair<const char*, uint32_t> expected[] = {
      {"{}", 1000},
      {"{protocol: tcp}", 101},
      {"{protocol: tcp, tcp_flags: {set: [syn], unset: [ack]}}", 102},
      {"{protocol: tcp, tcp_flags: {set: [syn, ack]}}", 103},
      {"{protocol: tcp, tcp_flags: {set: [rst]}}", 104},
      {"{protocol: tcp, tcp_flags: {set: [fin]}}", 105},
      {"{protocol: tcp, tcp_flags: {unset: [syn, ack, rst]}}", 106},
      {"{protocol: udp}", 107},
      {"{protocol: icmp}", 108},
      {"{protocol: icmp, icmp_types: [128]}", 109},
      {"{fragments: only}", 110},
      {"{protocol: tcp, ports: [22]}", 111},
      {"{protocol: tcp, source_ports: [22]}", 112},
  };
  for (const auto& [match, count] : expected) {
    const common::Result<TrafficClass> t = classOf(match);
    ASSERT_TRUE(t.ok()) << match << ": " << t.error();
    EXPECT_EQ(t->count(d), count) << match;
  }
}

TEST(TrafficClassTest, RefusesWhatPerHostCountersCannotAnswer) {
  const std::pair<const char*, const char*> refused[] = {
      {"{packet_size: {min: 100}}",
       "match packet_size: per-host counters do not split traffic by packet size (use a condition such as "
       "min_response_bytes on the average size instead)"},
      {"{protocol: udp, packet_size: {max: 512}}",
       "match packet_size: per-host counters do not split traffic by packet size (use a condition such as "
       "min_response_bytes on the average size instead)"},
      {"{protocol: udp, ports: [53], source_ports: [53]}",
       "match sets both ports and source_ports; per-host counters follow one service port"},
      {"{protocol: tcp, ports: [22, 23]}",
       "match ports: give exactly one service port (one of 53, 123, 1900, 11211, 389, 161, 19, 22, 23, 3389, 21, 25, "
       "445)"},
      {"{protocol: tcp, ports: [\"22-23\"]}",
       "match ports: give exactly one service port (one of 53, 123, 1900, 11211, 389, 161, 19, 22, 23, 3389, 21, 25, "
       "445)"},
      {"{protocol: tcp, ports: [8080]}",
       "match ports: 8080 is not a port counted per host (one of 53, 123, 1900, 11211, 389, 161, 19, 22, 23, 3389, 21, "
       "25, 445)"},
      {"{protocol: udp, source_ports: [5353]}",
       "match ports: 5353 is not a port counted per host (one of 53, 123, 1900, 11211, 389, 161, 19, 22, 23, 3389, 21, "
       "25, 445)"},
      {"{protocol: tcp, ports: [22], tcp_flags: {set: [syn], unset: [ack]}}",
       "match tcp_flags cannot be combined with ports: per-host counters keep one of them"},
      {"{protocol: tcp, tcp_flags: {set: [psh]}}",
       "match tcp_flags: per-host counters keep SYN without ACK {set: [syn], unset: [ack]}, SYN+ACK {set: [syn, "
       "ack]}, RST {set: [rst]}, FIN {set: [fin]} and FIN/NULL/XMAS probes {unset: [syn, ack, rst]}"},
      {"{protocol: tcp, tcp_flags: {set: [rst, ack]}}",
       "match tcp_flags: per-host counters keep SYN without ACK {set: [syn], unset: [ack]}, SYN+ACK {set: [syn, "
       "ack]}, RST {set: [rst]}, FIN {set: [fin]} and FIN/NULL/XMAS probes {unset: [syn, ack, rst]}"},
      {"{protocol: icmp, icmp_types: [3]}",
       "match icmp_types: per-host counters keep echo requests (8, and 128 for ICMPv6) apart"},
      {"{protocol: icmp, icmp_types: [8, 0]}",
       "match icmp_types: per-host counters keep echo requests (8, and 128 for ICMPv6) apart"},
      {"{fragments: exclude}", "match fragments: exclude is not kept per host (include or only)"},
  };
  for (const auto& [match, message] : refused) {
    const common::Result<TrafficClass> t = classOf(match);
    ASSERT_FALSE(t.ok()) << match;
    EXPECT_EQ(t.error(), std::string("r.yaml:4:5: rule 'r1': ") + message) << match;
  }
}

}  // namespace
}  // namespace vigil::detect
