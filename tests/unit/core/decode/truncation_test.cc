// Truncation sweep: every prefix of a valid frame of each kind names the layer it cuts (no read past caplen).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "decode/decoder.h"
#include "frame_builder.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders

/// Prefixes shorter than `end` bytes (and not caught by an earlier layer) decode to `status`.
struct Layer {
  std::size_t end;
  DecodeStatus status;
};

struct Case {
  std::string name;
  LinkType link;
  Bytes frame;
  std::vector<Layer> layers;
  std::ptrdiff_t payload_start;  // where payload bytes begin once headers are complete; -1: no payload
  DecodeStatus complete = DecodeStatus::kOk;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

std::vector<Case> cases() {
  using enum DecodeStatus;
  const Bytes tcp_data = tcp({.sport = 1, .dport = 2, .flags = kTcpAck}, text("payload"));
  const Bytes tcp_opts = tcp({.option_bytes = 12}, text("xyz"));
  const Bytes udp_data = udp(53, 33000, text("answer"));
  const Bytes inner4 = ipv4({.protocol = 17}, udp_data);
  std::vector<Case> c;
  c.push_back({"EthernetIpv4Tcp",
               LinkType::kEthernet,
               ethernet(0x0800, ipv4({}, tcp_data)),
               {{14, kTruncatedEthernet}, {34, kTruncatedIpv4}, {54, kTruncatedTcp}},
               54});
  c.push_back({"QinQIpv4OptionsUdp",
               LinkType::kEthernet,
               ethernet(0x88a8, cat({vlanTag(1, 0x8100), vlanTag(2, 0x0800),
                                     ipv4({.protocol = 17, .option_bytes = 8}, udp_data)})),
               {{14, kTruncatedEthernet}, {22, kTruncatedVlan}, {50, kTruncatedIpv4}, {58, kTruncatedUdp}},
               58});
  c.push_back({"MplsIpv6TcpOptions",
               LinkType::kEthernet,
               ethernet(0x8847, cat({mplsLabel(1, false), mplsLabel(2, true), ipv6({}, tcp_opts)})),
               {{14, kTruncatedEthernet}, {23, kTruncatedMpls}, {62, kTruncatedIpv6}, {94, kTruncatedTcp}},
               94});
  c.push_back({"PppoeIpv4Icmp",
               LinkType::kEthernet,
               ethernet(0x8864, pppoeSession(0x0021, ipv4({.protocol = 1}, icmp(8, 0, zeros(16))))),
               {{14, kTruncatedEthernet}, {22, kTruncatedPppoe}, {42, kTruncatedIpv4}, {50, kTruncatedIcmp}},
               50});
  c.push_back(
      {"EthernetArp", LinkType::kEthernet, ethernet(0x0806, zeros(28)), {{14, kTruncatedEthernet}}, -1, kNonIp});
  c.push_back({"SllIpv4Udp",
               LinkType::kLinuxSll,
               sll(0x0800, ipv4({.protocol = 17}, udp_data)),
               {{16, kTruncatedSll}, {36, kTruncatedIpv4}, {44, kTruncatedUdp}},
               44});
  c.push_back({"Sll2Ipv6Icmpv6",
               LinkType::kLinuxSll2,
               sll2(0x86dd, ipv6({.next = 58}, icmp(128, 0, zeros(10)))),
               {{20, kTruncatedSll2}, {60, kTruncatedIpv6}, {68, kTruncatedIcmpv6}},
               68});
  c.push_back({"NullIpv4Tcp",
               LinkType::kNull,
               loopback(2, false, ipv4({}, tcp_data)),
               {{4, kTruncatedNull}, {24, kTruncatedIpv4}, {44, kTruncatedTcp}},
               44});
  c.push_back({"LoopIpv6Udp",
               LinkType::kLoop,
               loopback(24, true, ipv6({.next = 17}, udp_data)),
               {{4, kTruncatedNull}, {44, kTruncatedIpv6}, {52, kTruncatedUdp}},
               52});
  c.push_back({"RawIpv4Sctp",
               LinkType::kRaw,
               ipv4({.protocol = 132}, sctp(1, 2, zeros(20))),
               {{1, kTruncatedRawIp}, {20, kTruncatedIpv4}, {32, kTruncatedSctp}},
               32});
  c.push_back(
      {"RawIpv6ExtensionsFirstFragmentUdp",
       LinkType::kRaw,
       ipv6({.next = 0}, cat({ipv6Extension(43, 8), ipv6Extension(44, 24), ipv6Fragment(17, 0, true), udp_data})),
       {{1, kTruncatedRawIp}, {40, kTruncatedIpv6}, {80, kTruncatedIpv6Extension}, {88, kTruncatedUdp}},
       88});
  c.push_back({"Ipv6AuthenticationTcp",
               LinkType::kIpv6,
               ipv6({.next = 51}, cat(ipv6Ah(6, 24), tcp_data)),
               {{40, kTruncatedIpv6}, {64, kTruncatedIpv6Extension}, {84, kTruncatedTcp}},
               84});
  c.push_back({"Ipv4LaterFragment",
               LinkType::kIpv4,
               ipv4({.protocol = 17, .fragment = 100}, zeros(64)),
               {{20, kTruncatedIpv4}},
               -1});
  c.push_back({"Ipv6LaterFragment",
               LinkType::kIpv6,
               ipv6({.next = 44}, cat(ipv6Fragment(6, 100, true), zeros(64))),
               {{40, kTruncatedIpv6}, {48, kTruncatedIpv6Extension}},
               -1});
  c.push_back(
      {"EthernetGreKeyIpv4Udp",
       LinkType::kEthernet,
       ethernet(0x0800, ipv4({.protocol = 47}, gre(kGreK, 0x0800, inner4))),
       {{14, kTruncatedEthernet}, {34, kTruncatedIpv4}, {42, kTruncatedGre}, {62, kTruncatedIpv4}, {70, kTruncatedUdp}},
       70});
  c.push_back(
      {"ErspanTwoEthernetIpv4Tcp",
       LinkType::kEthernet,
       ethernet(0x0800, ipv4({.protocol = 47}, gre(kGreS, 0x88be, erspan2(ethernet(0x0800, ipv4({}, tcp_data)))))),
       {{14, kTruncatedEthernet},
        {34, kTruncatedIpv4},
        {42, kTruncatedGre},
        {50, kTruncatedErspan},
        {64, kTruncatedEthernet},
        {84, kTruncatedIpv4},
        {104, kTruncatedTcp}},
       104});
  c.push_back({"SixInFour",
               LinkType::kRaw,
               ipv4({.protocol = 41}, ipv6({}, tcp_data)),
               {{1, kTruncatedRawIp}, {20, kTruncatedIpv4}, {60, kTruncatedIpv6}, {80, kTruncatedTcp}},
               80});
  c.push_back({"PptpGre",
               LinkType::kEthernet,
               ethernet(0x0800, ipv4({.protocol = 47}, gre(0x3001, 0x880b, zeros(20)))),
               {{14, kTruncatedEthernet}, {34, kTruncatedIpv4}, {38, kTruncatedGre}},
               34});
  return c;
}

// Decoding a prefix of length n < caplen is kOk only once every header is complete (then the
// payload is what remains); before that it is the status of the first layer the prefix cuts.
// Each prefix is decoded from an exact-size heap copy, so under ASan a read past caplen fails.
class TruncationTest : public ::testing::TestWithParam<Case> {};

TEST_P(TruncationTest, EveryPrefixNamesTheLayerItCuts) {
  const Case& c = GetParam();
  const std::size_t headers_end = c.layers.back().end;
  ASSERT_LE(headers_end, c.frame.size());
  for (std::size_t caplen = 0; caplen <= c.frame.size(); ++caplen) {
    const Decoded d = decodeFrame(c.link, c.frame, caplen);
    DecodeStatus expected = c.complete;
    for (const Layer& layer : c.layers) {
      if (caplen < layer.end) {
        expected = layer.status;
        break;
      }
    }
    ASSERT_EQ(d.status, expected) << "caplen " << caplen;
    EXPECT_EQ(d.view.wire_len, c.frame.size());
    if (expected == DecodeStatus::kOk && c.payload_start >= 0) {
      EXPECT_EQ(d.payloadOffset(), c.payload_start) << "caplen " << caplen;
      EXPECT_EQ(d.view.payload_len, caplen - std::size_t(c.payload_start)) << "caplen " << caplen;
    } else if (expected == DecodeStatus::kOk) {
      EXPECT_EQ(d.view.payload_len, 0) << "caplen " << caplen;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllFrameKinds, TruncationTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace
}  // namespace vigil::decode
