// Tests for C2Contact: HTTP POSTs from the infected host to the C2 address, named in the truth.
#include "pcapgen/incidents/c2_contact.h"

#include <gtest/gtest.h>

#include <string>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

TEST(C2ContactTest, PostsToTheC2AndTruthNamesBoth) {
  const FrameBuilder b;
  auto c2 = pgtest::makeIncident(b, "c2-contact:src=10.12.29.101,dst=82.118.225.196,port=7080,count=2");
  ASSERT_NE(c2, nullptr);
  const auto packets = pgtest::drain(*c2);
  ASSERT_EQ(packets.size(), c2->expectedPackets());
  uint32_t posts = 0, oks = 0, syns = 0;
  for (const auto& p : packets) {
    EXPECT_TRUE(p.l4_checksum_ok);
    const std::string body(p.payload.begin(), p.payload.end());
    if (body.rfind("POST /", 0) == 0) {
      ++posts;
      EXPECT_EQ(p.src, pgtest::ip("10.12.29.101"));
      EXPECT_EQ(p.dport, 7080);
      EXPECT_NE(body.find("Host: 82.118.225.196:7080\r\n"), std::string::npos);
      EXPECT_NE(body.find("MSIE 7.0"), std::string::npos);
    }
    oks += body.rfind("HTTP/1.1 200 OK\r\n", 0) == 0;
    syns += p.tcp_flags == kSyn;
  }
  EXPECT_EQ(posts, 2u);
  EXPECT_EQ(oks, 2u);
  EXPECT_EQ(syns, 2u);
  IncidentTruth t = c2->truth();
  EXPECT_EQ(t.attackers, std::vector<std::string>{"82.118.225.196"});
  EXPECT_EQ(t.victims, std::vector<std::string>{"10.12.29.101"});
  EXPECT_EQ(t.extra["c2"][0], "82.118.225.196");
  EXPECT_EQ(t.extra["infected"][0], "10.12.29.101");
  EXPECT_EQ(t.port, 7080);
}

}  // namespace
}  // namespace vigil::pcapgen
