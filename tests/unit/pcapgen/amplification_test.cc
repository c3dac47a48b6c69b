// Tests for Amplification: answers from the service port, many reflectors, IP fragments, no requests.
#include "pcapgen/incidents/amplification.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

TEST(AmplificationTest, DnsAnswersArriveFragmentedFromManyResolvers) {
  const FrameBuilder b;
  auto amp = pgtest::makeIncident(b, "amplification-dns:dst=10.10.10.10,count=300,reflectors=51");
  ASSERT_NE(amp, nullptr);
  const auto packets = pgtest::drain(*amp);
  ASSERT_EQ(packets.size(), amp->expectedPackets());
  std::set<uint32_t> reflectors;
  std::map<std::pair<uint32_t, uint16_t>, uint32_t> fragments_per_datagram;
  uint32_t firsts = 0, laters = 0;
  for (const auto& p : packets) {
    EXPECT_EQ(p.dst, pgtest::ip("10.10.10.10"));  // victim side: nothing goes to the reflectors
    EXPECT_EQ(p.protocol, kProtoUdp);
    EXPECT_TRUE(p.ip_checksum_ok);
    EXPECT_TRUE(p.fragment);  // 2400-4000 byte answers never fit one frame
    reflectors.insert(p.src.v4());
    ++fragments_per_datagram[{p.src.v4(), p.ip_id}];
    if (p.later_fragment) {
      ++laters;
      EXPECT_FALSE(p.has_l4);
    } else {
      ++firsts;
      EXPECT_EQ(p.sport, 53);
      EXPECT_EQ(p.payload[2] & 0x80, 0x80);  // DNS response bit
    }
  }
  EXPECT_EQ(firsts, 300u);
  EXPECT_GE(laters, 300u);
  EXPECT_LE(reflectors.size(), 51u);
  EXPECT_GT(reflectors.size(), 40u);
  for (const auto& [key, n] : fragments_per_datagram) EXPECT_TRUE(n == 2 || n == 3) << n;
  const IncidentTruth t = amp->truth();
  EXPECT_TRUE(t.attackers.empty());
  EXPECT_EQ(t.victims, std::vector<std::string>{"10.10.10.10"});
  EXPECT_EQ(t.reflectors.size(), 51u);
  EXPECT_EQ(t.port, 53);
  EXPECT_EQ(t.extra["fragmented_answers"], 300);
  for (const auto& r : t.reflectors) EXPECT_FALSE(isNonPublicV4(pgtest::ip(r.c_str()).v4())) << r;
}

TEST(AmplificationTest, EveryServiceUsesItsPortAndSmallSizesStayWhole) {
  const FrameBuilder b;
  const std::pair<const char*, uint16_t> services[] = {
      {"ntp", 123}, {"ssdp", 1900}, {"memcached", 11211}, {"cldap", 389}, {"snmp", 161}, {"chargen", 19}};
  for (const auto& [name, port] : services) {
    auto amp = pgtest::makeIncident(b, std::string("amplification-") + name + ":count=50,size=400,port=80");
    ASSERT_NE(amp, nullptr) << name;
    const auto packets = pgtest::drain(*amp);
    ASSERT_EQ(packets.size(), 50u) << name;
    for (const auto& p : packets) {
      EXPECT_FALSE(p.fragment);
      EXPECT_EQ(p.sport, port) << name;
      EXPECT_EQ(p.dport, 80);
      EXPECT_EQ(p.payload.size(), 400u);
      EXPECT_TRUE(p.l4_checksum_ok) << name;
    }
  }
}

TEST(AmplificationTest, DefaultSizesFragmentSomeAnswersOfEveryService) {
  const FrameBuilder b;
  for (const char* name : {"ntp", "ssdp", "memcached", "cldap", "snmp", "chargen"}) {
    auto amp = pgtest::makeIncident(b, std::string("amplification-") + name + ":count=200");
    ASSERT_NE(amp, nullptr);
    EXPECT_GT(amp->truth().extra["fragmented_answers"].get<uint64_t>(), 20u) << name;
    EXPECT_GT(amp->expectedPackets(), 200u) << name;
  }
}

TEST(AmplificationTest, RejectsIpv6VictimsAndFixedFrames) {
  auto spec = IncidentSpec::parse("amplification-ntp:dst=2001:db8::1");
  ASSERT_TRUE(spec.ok());
  const FrameBuilder b;
  EXPECT_FALSE(createIncident(spec.value(), IncidentContext{b, 1, 0}).ok());
  const FrameBuilder fixed(64);
  spec = IncidentSpec::parse("amplification-ntp");
  EXPECT_FALSE(createIncident(spec.value(), IncidentContext{fixed, 1, 0}).ok());
}

TEST(AmplificationTest, NonPublicRanges) {
  EXPECT_TRUE(isNonPublicV4(0x0a000001));  // 10.0.0.1
  EXPECT_TRUE(isNonPublicV4(0xc0a80101));  // 192.168.1.1
  EXPECT_TRUE(isNonPublicV4(0xe0000001));  // 224.0.0.1
  EXPECT_TRUE(isNonPublicV4(0xc6130001));  // 198.19.0.1
  EXPECT_FALSE(isNonPublicV4(0x08080808));  // 8.8.8.8
}

}  // namespace
}  // namespace vigil::pcapgen
