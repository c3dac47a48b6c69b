// Tests for createIncident: every kind builds with its defaults and emits exactly its expected packets.
#include "pcapgen/incidents/incident_factory.h"

#include <gtest/gtest.h>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

TEST(IncidentFactoryTest, EveryKindEmitsExactlyItsExpectedPacketsWithValidChecksums) {
  const FrameBuilder b;
  uint32_t index = 0;
  for (const auto& info : incidentKinds()) {
    auto incident = pgtest::makeIncident(b, std::string(info.name), 1, index++);
    ASSERT_NE(incident, nullptr) << info.name;
    EXPECT_EQ(incident->kind(), info.kind);
    const auto packets = pgtest::drain(*incident);
    EXPECT_TRUE(incident->done()) << info.name;
    EXPECT_EQ(packets.size(), incident->expectedPackets()) << info.name;
    EXPECT_GT(incident->units(), 0u);
    for (const auto& p : packets) {
      ASSERT_TRUE(p.ip_checksum_ok) << info.name;
      ASSERT_TRUE(p.l4_checksum_ok) << info.name;
      ASSERT_GE(p.length, 60u);
      ASSERT_LE(p.length, FrameBuilder::kMaxFrame);
    }
    const IncidentTruth t = incident->truth();
    EXPECT_FALSE(t.protocol.empty()) << info.name;
    EXPECT_EQ(t.benign, info.kind == IncidentKind::kBackscatter);
  }
}

TEST(IncidentFactoryTest, DefaultAddressesDependOnTheIncidentNumber) {
  const FrameBuilder b;
  auto first = pgtest::makeIncident(b, "bruteforce-ssh", 1, 0);
  auto third = pgtest::makeIncident(b, "bruteforce-ssh", 1, 2);
  EXPECT_EQ(first->truth().attackers[0], "10.1.250.10");
  EXPECT_EQ(third->truth().attackers[0], "10.1.250.12");
  EXPECT_EQ(third->truth().victims[0], "198.51.100.12");
}

TEST(IncidentFactoryTest, FixedFramesRejectIpv6AndMixedFamiliesAreErrors) {
  const FrameBuilder fixed(64);
  auto spec = IncidentSpec::parse("scan-vertical:src=2001:db8:1::1,dst=2001:db8:ffff::1");
  ASSERT_TRUE(spec.ok());
  const auto v6 = createIncident(spec.value(), IncidentContext{fixed, 1, 0});
  ASSERT_FALSE(v6.ok());
  EXPECT_NE(v6.error().find("--frame-size"), std::string::npos);
  const FrameBuilder natural;
  spec = IncidentSpec::parse("bruteforce-rdp:src=10.0.0.1,dst=2001:db8::1");
  const auto mixed = createIncident(spec.value(), IncidentContext{natural, 1, 5});
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error(), "incident 5 (bruteforce-rdp): src and dst must be the same address family");
}

TEST(IncidentFactoryTest, FixedFrameIncidentsStayAtTheFixedSize) {
  const FrameBuilder fixed(64);
  for (const char* text : {"scan-horizontal:probe=udp,answer=1,count=20", "bruteforce-ssh:count=2", "spam:count=2",
                           "c2-contact:count=1", "backscatter:count=20", "icmp-flood:count=20"}) {
    auto incident = pgtest::makeIncident(fixed, text);
    ASSERT_NE(incident, nullptr) << text;
    const auto packets = pgtest::drain(*incident);
    EXPECT_EQ(packets.size(), incident->expectedPackets()) << text;
    for (const auto& p : packets) {
      ASSERT_EQ(p.length, 64u) << text;
      ASSERT_TRUE(p.l4_checksum_ok) << text;
    }
  }
}

}  // namespace
}  // namespace vigil::pcapgen
