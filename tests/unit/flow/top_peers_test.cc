// Tests for TopPeers: the Misra-Gries guarantee, merging, decay.
#include "flow/top_peers.h"

#include <gtest/gtest.h>

#include "flow_test_packets.h"

namespace vigil::flow {
namespace {
using test_packets::ip;

TEST(TopPeersTest, EmptyHasNoTop) {
  TopPeers t;
  EXPECT_EQ(t.top(), -1);
}

TEST(TopPeersTest, AHeavyPeerSurvivesAChurnOfOthers) {
  TopPeers t;
  const net::IpAddress heavy = ip("198.51.100.7");
  // 400 packets from the heavy peer interleaved with 600 from 600 distinct others: heavy > total / 3.
  for (uint32_t i = 0; i < 600; ++i) {
    if (i % 3 != 2) t.add(heavy);
    t.add(net::IpAddress::fromV4(0x0a000000 + i));
  }
  ASSERT_GE(t.top(), 0);
  EXPECT_EQ(t.ip[t.top()], heavy);
  EXPECT_GE(t.count[t.top()], 400u - 1000u / 3u);
  EXPECT_LE(t.count[t.top()], 400u);
}

TEST(TopPeersTest, WeightsAndMergeKeepTheHeavyPeers) {
  TopPeers a;
  TopPeers b;
  a.add(ip("192.0.2.1"), 100);
  a.add(ip("192.0.2.2"), 10);
  b.add(ip("192.0.2.3"), 5);
  b.add(ip("192.0.2.1"), 50);
  a.merge(b);
  ASSERT_EQ(a.top(), 0);
  EXPECT_EQ(a.ip[0], ip("192.0.2.1"));
  EXPECT_EQ(a.count[0], 145u);  // 150 minus the 5 the third peer cancelled
  EXPECT_EQ(a.count[1], 5u);
  a.decay();
  EXPECT_EQ(a.count[0], 72u);
  EXPECT_EQ(a.count[1], 2u);
}

}  // namespace
}  // namespace vigil::flow
