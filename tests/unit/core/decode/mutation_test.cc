// Deterministic mutation test: corrupted frames on every link type decode to some status, never out of bounds.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "decode/decoder.h"
#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

constexpr LinkType kAllLinkTypes[] = {LinkType::kEthernet, LinkType::kLinuxSll, LinkType::kLinuxSll2, LinkType::kRaw,
                                      LinkType::kIpv4,     LinkType::kIpv6,     LinkType::kNull,      LinkType::kLoop};

std::vector<Bytes> seeds() {
  const Bytes inner = ipv4({.protocol = 17}, udp(53, 1, zeros(12)));
  return {
      ethernet(0x8100, cat({vlanTag(1, 0x8847), mplsLabel(5, true), ipv4({}, tcp({.option_bytes = 8}, zeros(8)))})),
      ethernet(0x86dd, ipv6({.next = 0}, cat({ipv6Extension(44), ipv6Fragment(51, 0, true), ipv6Ah(58), icmp(1, 0)}))),
      ethernet(0x0800, ipv4({.protocol = 47}, gre(kGreK | kGreS, 0x6558, ethernet(0x0800, inner)))),
      ethernet(0x0800,
               ipv4({.protocol = 47}, gre(kGreS, 0x22eb, erspan3(true, 0, ethernet(0x86dd, ipv6({}, tcp({}))))))),
      ethernet(0x8864, pppoeSession(0x0057, ipv6({.next = 41}, ipv6({.next = 132}, sctp(1, 2))))),
      sll(0x0800, ipv4({.protocol = 4, .option_bytes = 4}, inner)),
      sll2(0x86dd, ipv6({.next = 60}, cat(ipv6Extension(17, 16), udp(1, 2, zeros(30))))),
      loopback(30, false, ipv6({.next = 58}, icmp(3, 0, zeros(48)))),
  };
}

/// The same consistency rules the libFuzzer target enforces.
void expectConsistent(DecodeStatus status, const PacketView& v, const Bytes& frame) {
  ASSERT_LT(std::size_t(status), kDecodeStatusCount);
  if (status != DecodeStatus::kOk) return;
  ASSERT_TRUE(v.ip_version == 4 || v.ip_version == 6);
  if (v.payload != nullptr) {
    ASSERT_GE(v.payload, frame.data());
    ASSERT_LE(v.payload + v.payload_len, frame.data() + frame.size());
  } else {
    ASSERT_EQ(v.payload_len, 0);
  }
  if (v.hasPorts()) {
    ASSERT_TRUE(v.protocol == 6 || v.protocol == 17 || v.protocol == 132);
  }
  if (v.isLaterFragment()) {
    ASSERT_FALSE(v.hasPorts());
  }
}

TEST(MutationTest, CorruptedFramesOnEveryLinkTypeStayInBounds) {
  std::mt19937 rng(20240601);
  std::size_t ok = 0, errors = 0;
  for (const Bytes& seed : seeds()) {
    for (int round = 0; round < 1500; ++round) {
      Bytes frame = seed;
      const int flips = 1 + int(rng() % 4);
      for (int i = 0; i < flips; ++i)
        frame[rng() % frame.size()] = uint8_t(rng());
      frame.resize(rng() % (frame.size() + 1));
      for (LinkType link : kAllLinkTypes) {
        const Decoded d = decodeFrame(link, frame);
        expectConsistent(d.status, d.view, d.frame);
        (d.status == DecodeStatus::kOk ? ok : errors) += 1;
      }
    }
  }
  // Both outcomes must occur, or the mutations are too weak (or too strong) to test anything.
  EXPECT_GT(ok, 1000u);
  EXPECT_GT(errors, 1000u);
}

}  // namespace
}  // namespace vigil::decode
