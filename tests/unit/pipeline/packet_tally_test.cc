// Tests for PacketTally: its histograms expand into the same protocol counts as counting each field per packet.
#include "pipeline/packet_tally.h"

#include <gtest/gtest.h>

#include <cstring>

namespace vigil::pipeline {
namespace {

// The protocol counts of one packet, each field decided on its own: the rules the tally must reproduce.
void countOne(TrafficStats& s, const decode::PacketView& pv) {
  s.ipv4 += pv.ip_version == 4;
  s.ipv6 += pv.ip_version == 6;
  s.vlan += (pv.flags & decode::kVlan) != 0;
  s.mpls += (pv.flags & decode::kMpls) != 0;
  s.tunnelled += (pv.flags & decode::kTunnel) != 0;
  s.fragments += (pv.flags & decode::kFragment) != 0;
  if (pv.flags & decode::kLaterFragment) {
    ++s.later_fragments;
    return;
  }
  switch (pv.protocol) {
    case 6:
      ++s.tcp;
      s.tcp_syn += (pv.tcp_flags & 0x12) == 0x02;
      s.tcp_synack += (pv.tcp_flags & 0x12) == 0x12;
      s.tcp_rst += (pv.tcp_flags & decode::kTcpRst) != 0;
      s.tcp_fin += (pv.tcp_flags & decode::kTcpFin) != 0;
      break;
    case 17:
      ++s.udp;
      break;
    case 1:
      ++s.icmp;
      break;
    case 58:
      ++s.icmpv6;
      break;
    default:
      ++s.other_ip;
      break;
  }
}

TEST(PacketTallyTest, ExpandsToTheCountsOfEveryKindOfPacket) {
  // Every protocol kind, TCP flag byte, fragment state, IP version and framing, each a different
  // number of times so that a count landing in the wrong field shows.
  const uint8_t protocols[] = {6, 17, 1, 58, 47, 50};
  const uint16_t fragment_states[] = {0, decode::kFragment, decode::kFragment | decode::kLaterFragment};
  PacketTally tally;
  TrafficStats want;
  unsigned repeat = 0;
  for (uint8_t protocol : protocols) {
    for (unsigned flags = 0; flags < 256; ++flags) {
      for (uint16_t frag : fragment_states) {
        for (unsigned framing = 0; framing < 16; ++framing) {
          decode::PacketView pv;
          pv.ip_version = (framing & 1) ? 6 : 4;
          pv.protocol = protocol;
          pv.tcp_flags = uint8_t(flags);
          pv.icmp_type = uint8_t(flags);
          pv.flags = uint16_t(frag | ((framing & 2) ? decode::kVlan : 0) | ((framing & 4) ? decode::kMpls : 0) |
                              ((framing & 8) ? decode::kTunnel : 0));
          const unsigned times = 1 + repeat++ % 3;
          for (unsigned t = 0; t < times; ++t) {
            tally.count(pv);
            countOne(want, pv);
          }
        }
      }
    }
  }
  TrafficStats got;
  tally.addTo(got);
  EXPECT_EQ(std::memcmp(&got, &want, sizeof got), 0);
  EXPECT_EQ(got.tcp_syn, want.tcp_syn);
  EXPECT_EQ(got.later_fragments, want.later_fragments);
  EXPECT_EQ(got.ipv6, want.ipv6);
  EXPECT_GT(got.tcp_synack, 0u);
}

TEST(PacketTallyTest, AddsToWhatTheStatsAlreadyHold) {
  PacketTally tally;
  decode::PacketView pv;
  pv.ip_version = 4;
  pv.protocol = 17;
  tally.count(pv);
  TrafficStats s;
  s.packets = 5;
  s.udp = 2;
  tally.addTo(s);
  EXPECT_EQ(s.packets, 5u);
  EXPECT_EQ(s.udp, 3u);
  EXPECT_EQ(s.ipv4, 1u);
}

}  // namespace
}  // namespace vigil::pipeline
