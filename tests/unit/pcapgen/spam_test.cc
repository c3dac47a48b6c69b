// Tests for Spam: complete SMTP sessions to many distinct port-25 servers from one home host.
#include "pcapgen/incidents/spam.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

TEST(SpamTest, ManyDistinctServersCompletedSessions) {
  const FrameBuilder b;
  auto spam = pgtest::makeIncident(b, "spam:count=120,dst=198.19.128.0/24", 5, 4);
  ASSERT_NE(spam, nullptr);
  const auto packets = pgtest::drain(*spam);
  ASSERT_EQ(packets.size(), spam->expectedPackets());
  std::set<uint32_t> servers;
  uint32_t quits = 0, queued = 0, syns = 0, fins = 0;
  for (const auto& p : packets) {
    EXPECT_TRUE(p.l4_checksum_ok);
    const bool from_sender = p.src == pgtest::ip("10.1.250.14");  // default home host of incident 4
    if (from_sender) {
      EXPECT_EQ(p.dport, 25);
      servers.insert(p.dst.v4());
    }
    const std::string body(p.payload.begin(), p.payload.end());
    quits += body == "QUIT\r\n";
    queued += body.rfind("250 2.0.0 Ok: queued", 0) == 0;
    syns += p.tcp_flags == kSyn;
    fins += (p.tcp_flags & kFin) != 0;
  }
  EXPECT_EQ(servers.size(), 120u);
  EXPECT_EQ(syns, 120u);
  EXPECT_EQ(quits, 120u);
  EXPECT_EQ(queued, 120u);
  EXPECT_EQ(fins, 240u);
  EXPECT_EQ(spam->truth().victims, std::vector<std::string>{"198.19.128.0/24"});
  EXPECT_EQ(spam->truth().extra["distinct_servers"], 120);
}

}  // namespace
}  // namespace vigil::pcapgen
