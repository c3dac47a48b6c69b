// Tests for IncidentSpec parsing and IncidentParams value checks.
#include "pcapgen/incidents/incident_spec.h"

#include <gtest/gtest.h>

#include "pcapgen/incidents/incident_params.h"

namespace vigil::pcapgen {
namespace {

TEST(IncidentSpecTest, KindAloneAndKeyValues) {
  auto bare = IncidentSpec::parse("syn-flood");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->kind, IncidentKind::kSynFlood);
  EXPECT_TRUE(bare->values.empty());
  auto s = IncidentSpec::parse("scan-vertical:ports=22,80,8000-8100, probe=fin ,rate=50");
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s->kind, IncidentKind::kScanVertical);
  ASSERT_EQ(s->values.size(), 3u);
  EXPECT_EQ(*s->find("ports"), "22,80,8000-8100");
  EXPECT_EQ(*s->find("probe"), "fin");
  EXPECT_EQ(*s->find("rate"), "50");
  EXPECT_EQ(s->find("count"), nullptr);
  s->set("count", "7");
  EXPECT_EQ(*s->find("count"), "7");
}

TEST(IncidentSpecTest, ErrorsNameTheProblem) {
  auto kind = IncidentSpec::parse("ddos");
  ASSERT_FALSE(kind.ok());
  EXPECT_NE(kind.error().find("unknown incident kind 'ddos'"), std::string::npos);
  EXPECT_NE(kind.error().find("amplification-memcached"), std::string::npos);
  auto key = IncidentSpec::parse("spam:rate=5,prob=syn");
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.error().find("unknown key 'prob'"), std::string::npos);
  auto twice = IncidentSpec::parse("spam:rate=5,rate=6");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().find("given twice"), std::string::npos);
  EXPECT_FALSE(IncidentSpec::parse("spam:oops").ok());
}

TEST(IncidentSpecTest, EveryKindNameRoundTrips) {
  EXPECT_EQ(incidentKinds().size(), 19u);
  for (const auto& info : incidentKinds()) {
    EXPECT_EQ(incidentKindFromName(info.name), info.kind);
    EXPECT_GT(info.default_rate, 0);
    EXPECT_TRUE(incidentKeyAllowed(info.kind, "count"));
  }
  EXPECT_NE(incidentHelpText().find("syn-ece-cwr"), std::string::npos);
}

TEST(IncidentParamsTest, TypedValuesAndFirstErrorWins) {
  auto spec = IncidentSpec::parse("udp-flood:count=10k,size=100-200,spoofed=yes,dst=10.9.0.0/16,port=70000");
  ASSERT_TRUE(spec.ok());
  IncidentParams p(spec.value(), 3);
  EXPECT_EQ(p.count("count", 1, 1, 1000000), 10000u);
  EXPECT_EQ(p.range("size", {1, 2}, 0, 1472), (std::pair<uint32_t, uint32_t>{100, 200}));
  EXPECT_TRUE(p.flag("spoofed", false));
  EXPECT_EQ(p.block("dst", AddressBlock()).toString(), "10.9.0.0/16");
  EXPECT_TRUE(p.ok());
  EXPECT_EQ(p.port("port", 0), 0);
  EXPECT_FALSE(p.ok());
  EXPECT_EQ(p.error(), "incident 3 (udp-flood): port=70000: expected an integer in [0, 65535]");
  EXPECT_EQ(p.count("count", 1, 1, 10), 1u);  // a second problem keeps the first message
  EXPECT_EQ(p.error(), "incident 3 (udp-flood): port=70000: expected an integer in [0, 65535]");
}

}  // namespace
}  // namespace vigil::pcapgen
