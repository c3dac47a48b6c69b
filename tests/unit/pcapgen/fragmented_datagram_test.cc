// Tests for FragmentedDatagram: RFC 791 offsets and flags, and that the fragments reassemble exactly.
#include "pcapgen/wire/fragmented_datagram.h"

#include <gtest/gtest.h>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

PacketSpec answer(uint32_t payload) {
  PacketSpec s;
  s.src = pgtest::ip("8.8.8.8");
  s.dst = pgtest::ip("10.1.251.10");
  s.protocol = kProtoUdp;
  s.src_port = 53;
  s.dst_port = 4444;
  s.ip_id = 0xbeef;
  s.from_home = false;
  s.payload_len = payload;
  s.fill_offset = 77;
  return s;
}

TEST(FragmentedDatagramTest, SmallDatagramIsOneUnfragmentedFrame) {
  const FrameBuilder b;
  FragmentedDatagram d;
  ASSERT_EQ(d.prepare(b, answer(1472)), 1u);  // 8 + 1472 = 1480 bytes fit exactly
  uint8_t f[FrameBuilder::kMaxFrame];
  FrameSummary s;
  ASSERT_EQ(d.emit(0, f, s), 1514u);
  EXPECT_FALSE(s.fragment);
  const pgtest::Parsed p = pgtest::parseFrame(f, 1514);
  EXPECT_FALSE(p.fragment);
  EXPECT_TRUE(p.l4_checksum_ok);
}

TEST(FragmentedDatagramTest, LargeAnswerSplitsIntoFirstAndLaterFragments) {
  const FrameBuilder b;
  FragmentedDatagram d;
  const uint32_t payload = 3500;  // 3508 IP payload bytes: 1480 + 1480 + 548
  ASSERT_EQ(d.prepare(b, answer(payload)), 3u);
  std::vector<uint8_t> reassembled;
  const uint32_t expected_len[3] = {1514, 1514, 14 + 20 + 548};
  for (uint32_t i = 0; i < 3; ++i) {
    uint8_t f[FrameBuilder::kMaxFrame];
    FrameSummary s;
    ASSERT_EQ(d.emit(i, f, s), expected_len[i]);
    EXPECT_TRUE(s.fragment);
    EXPECT_EQ(s.later_fragment, i != 0);
    const pgtest::Parsed p = pgtest::parseFrame(f, s.length);
    EXPECT_TRUE(p.ip_checksum_ok);
    EXPECT_EQ(p.ip_id, 0xbeef);
    EXPECT_EQ(p.frag_offset, i * 1480);
    EXPECT_EQ(p.more_fragments, i < 2);
    EXPECT_EQ(p.has_l4, i == 0);
    if (i == 0) {
      EXPECT_EQ(p.sport, 53);
      reassembled.insert(reassembled.end(), f + 34, f + 34 + 1480);  // UDP header + data
    } else {
      reassembled.insert(reassembled.end(), p.payload.begin(), p.payload.end());
    }
  }
  ASSERT_EQ(reassembled.size(), 8u + payload);
  EXPECT_EQ(pgtest::be16(reassembled.data() + 4), 8 + payload);  // UDP length covers the whole datagram
  EXPECT_EQ(0, std::memcmp(reassembled.data() + 8, FrameBuilder::fillPattern(77), payload));
  // The UDP checksum in the first fragment is over the whole reassembled datagram.
  const uint8_t src[4] = {8, 8, 8, 8};
  const uint8_t dst[4] = {10, 1, 251, 10};
  uint32_t sum = pgtest::sumWords(src, 4) + pgtest::sumWords(dst, 4) + 17 + static_cast<uint32_t>(reassembled.size());
  EXPECT_TRUE(pgtest::checksumOk(pgtest::sumWords(reassembled.data(), reassembled.size(), sum)));
}

TEST(FragmentedDatagramTest, RefusesIpv6AndFixedFrames) {
  FragmentedDatagram d;
  PacketSpec v6 = answer(3000);
  v6.src = pgtest::ip("2001:db8::1");
  v6.dst = pgtest::ip("2001:db8::2");
  EXPECT_EQ(d.prepare(FrameBuilder(), v6), 0u);
  EXPECT_EQ(d.prepare(FrameBuilder(64), answer(3000)), 0u);
}

}  // namespace
}  // namespace vigil::pcapgen
