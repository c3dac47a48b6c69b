// The decoder's fast path: taken for plain Ethernet/IPv4/TCP-UDP frames, and always the layer decoders' result.
#include "decode/fast_path.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "decode/decoder.h"
#include "frame_builder.h"
#include "shared_captures.h"

namespace vigil::decode {
namespace {

using namespace frames;  // NOLINT(google-build-using-namespace): test-only builders
namespace fs = std::filesystem;

using captures::kPcapDir;

/// Whether the fast path takes the first `caplen` bytes of `frame`.
bool fast(const Bytes& frame, std::size_t caplen) {
  PacketView v;
  return detail::decodeEthernetIpv4Fast(frame.data(), uint32_t(caplen), uint32_t(frame.size()), 7, v);
}
bool fast(const Bytes& frame) {
  return fast(frame, frame.size());
}

/// decode() (fast path first) and decodeLayers() give the same status and the same view.
void expectSame(const Decoder& decoder, const uint8_t* data, std::size_t caplen, std::size_t wirelen,
                const std::string& what) {
  PacketView a;
  PacketView b;
  const DecodeStatus sa = decoder.decode(data, uint32_t(caplen), uint32_t(wirelen), 1234, a);
  const DecodeStatus sb = decoder.decodeLayers(data, uint32_t(caplen), uint32_t(wirelen), 1234, b);
  ASSERT_EQ(sa, sb) << what;
  ASSERT_TRUE(a == b) << what << ": views differ (" << decodeStatusName(sa) << ")";
}

std::vector<Bytes> plainFrames() {
  return {
      ethernet(0x0800, ipv4({}, tcp({}))),
      ethernet(0x0800, ipv4({}, tcp({.flags = kTcpAck | kTcpPsh, .option_bytes = 12}, text("SSH-2.0-x\r\n")))),
      ethernet(0x0800, ipv4({.protocol = 17}, udp(53, 33000, zeros(40)))),
      ethernet(0x0800, ipv4({.protocol = 17}, udp(123, 123))),
      // Ethernet padding after a short datagram: the IP total length ends it.
      cat(ethernet(0x0800, ipv4({}, tcp({.flags = kTcpRst}))), zeros(6)),
      // Don't-fragment is not fragmentation.
      ethernet(0x0800, ipv4({.fragment = 0x4000}, tcp({}))),
  };
}

TEST(FastPathTest, TakesPlainIpv4TcpAndUdpOverEthernet) {
  const Decoder decoder(LinkType::kEthernet);
  for (const Bytes& frame : plainFrames()) {
    EXPECT_TRUE(fast(frame)) << frame.size() << "-byte frame";
    expectSame(decoder, frame.data(), frame.size(), frame.size(), "plain frame");
  }
  PacketView v;
  const Bytes frame = ethernet(0x0800, ipv4({.ttl = 9}, tcp({.sport = 2222, .dport = 22, .flags = kTcpSyn})));
  ASSERT_EQ(decoder.decode(frame.data(), uint32_t(frame.size()), 1500, 55, v), DecodeStatus::kOk);
  EXPECT_EQ(v.src, ip("192.0.2.1"));
  EXPECT_EQ(v.dst, ip("198.51.100.2"));
  EXPECT_EQ(v.src_port, 2222);
  EXPECT_EQ(v.dst_port, 22);
  EXPECT_EQ(v.tcp_flags, kTcpSyn);
  EXPECT_EQ(v.tcp_seq, 0x01020304u);
  EXPECT_EQ(v.tcp_ack, 0x0a0b0c0du);
  EXPECT_EQ(v.ttl, 9);
  EXPECT_EQ(v.wire_len, 1500u);
  EXPECT_EQ(v.ts_ns, 55u);
  EXPECT_EQ(v.flags, kHasPorts);
  EXPECT_EQ(v.payload_len, 0);
}

TEST(FastPathTest, LeavesEverythingElseToTheLayerDecoders) {
  const Decoder decoder(LinkType::kEthernet);
  const std::vector<Bytes> others = {
      ethernet(0x8100, cat(vlanTag(7, 0x0800), ipv4({}, tcp({})))),
      ethernet(0x86dd, ipv6({}, tcp({}))),
      ethernet(0x0800, ipv4({.option_bytes = 4}, tcp({}))),
      ethernet(0x0800, ipv4({.fragment = 0x2000}, tcp({}))),    // first fragment
      ethernet(0x0800, ipv4({.fragment = 0x0010}, zeros(24))),  // later fragment
      ethernet(0x0800, ipv4({.protocol = 1}, icmp(8, 0, zeros(8)))),
      ethernet(0x0800, ipv4({.protocol = 132}, sctp(1, 2))),
      ethernet(0x0800, ipv4({.protocol = 47}, gre(0, 0x0800, ipv4({}, tcp({}))))),
      ethernet(0x0806, zeros(28)),
  };
  for (const Bytes& frame : others) {
    EXPECT_FALSE(fast(frame)) << frame.size() << "-byte frame";
    expectSame(decoder, frame.data(), frame.size(), frame.size(), "other frame");
  }
  // Other link types never take it, whatever the bytes.
  const Bytes frame = plainFrames()[0];
  for (LinkType link : {LinkType::kLinuxSll, LinkType::kRaw, LinkType::kNull}) {
    expectSame(Decoder(link), frame.data(), frame.size(), frame.size(), "link type");
  }
}

TEST(FastPathTest, EveryTruncationAndByteMutationGivesTheLayerDecodersResult) {
  const Decoder decoder(LinkType::kEthernet);
  // Values that flip each check of the fast path: versions and header lengths, fragment bits, protocols,
  // data offsets, lengths below the headers.
  const uint8_t kValues[] = {0x00, 0x01, 0x04, 0x06, 0x07, 0x08, 0x11, 0x13, 0x14, 0x20,
                             0x3f, 0x40, 0x45, 0x46, 0x4f, 0x50, 0x60, 0x80, 0xf0, 0xff};
  int taken = 0;
  for (const Bytes& seed : plainFrames()) {
    for (std::size_t caplen = 0; caplen <= seed.size(); ++caplen) {
      expectSame(decoder, seed.data(), caplen, seed.size(), "caplen " + std::to_string(caplen));
      taken += fast(seed, caplen);
    }
    for (std::size_t at = 12; at < seed.size() && at < 80; ++at) {
      for (uint8_t value : kValues) {
        Bytes m = seed;
        m[at] = value;
        expectSame(decoder, m.data(), m.size(), m.size(), "byte " + std::to_string(at) + " = " + std::to_string(value));
        taken += fast(m);
      }
    }
  }
  EXPECT_GT(taken, 500);  // the comparisons above went through the fast path, not only around it
}

TEST(FastPathTest, EveryFrameOfTheSharedCapturesGivesTheLayerDecodersResult) {
  if (!fs::is_directory(kPcapDir)) GTEST_SKIP() << kPcapDir << " is absent";
  uint64_t frames_seen = 0;
  uint64_t taken = 0;
  for (const auto& entry : fs::directory_iterator(kPcapDir)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".pcap") == std::string::npos) continue;
    captures::CaptureFrames file(entry.path());
    ASSERT_TRUE(file.link().has_value()) << name;
    const Decoder decoder(*file.link());
    captures::CaptureFrames::Frame f;
    while (file.next(f)) {
      ++frames_seen;
      PacketView v;
      taken += *file.link() == LinkType::kEthernet && detail::decodeEthernetIpv4Fast(f.data, f.caplen, f.wirelen, 1, v);
      expectSame(decoder, f.data, f.caplen, f.wirelen, name + " frame " + std::to_string(frames_seen));
      if (::testing::Test::HasFatalFailure()) break;
    }
  }
  EXPECT_GT(frames_seen, 40000u);
  EXPECT_GT(taken, 30000u);
}

}  // namespace
}  // namespace vigil::decode
