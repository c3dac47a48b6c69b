// Real captures (../shared/pcaps via libpcap): exact packet counts, zero decode errors, facts checked with tcpdump.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "decode/decoder.h"
#include "frame_builder.h"
#include "shared_captures.h"

namespace vigil::decode {
namespace {

namespace fs = std::filesystem;
using frames::ip;

using captures::kPcapDir;

struct Summary {
  LinkType link = LinkType::kEthernet;
  uint64_t packets = 0;
  DecodeCounters statuses{};
  uint64_t errors() const {
    uint64_t n = 0;
    for (std::size_t i = 2; i < kDecodeStatusCount; ++i)
      n += statuses[i];
    return n;
  }
  std::string errorText() const {
    std::string s;
    for (std::size_t i = 2; i < kDecodeStatusCount; ++i) {
      if (statuses[i]) s += std::string(decodeStatusName(DecodeStatus(i))) + "=" + std::to_string(statuses[i]) + " ";
    }
    return s;
  }
};

using Visitor = std::function<void(DecodeStatus, const PacketView&)>;

/// Reads `name` (pcap or pcapng) and decodes every frame.
Summary decodeCapture(const std::string& name, const Visitor& visit = {}) {
  Summary summary;
  captures::CaptureFrames file(kPcapDir / name);
  summary.link = file.link().value_or(LinkType::kEthernet);
  const Decoder decoder(summary.link);
  PacketView view;
  captures::CaptureFrames::Frame f;
  while (file.next(f)) {
    const DecodeStatus status = decoder.decode(f.data, f.caplen, f.wirelen, f.ts_ns, view);
    ++summary.packets;
    ++summary.statuses[std::size_t(status)];
    if (visit) visit(status, view);
  }
  return summary;
}

class DecoderPcapsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kPcapDir)) GTEST_SKIP() << kPcapDir << " is absent";
  }
};

struct Expected {
  uint64_t packets;
  LinkType link;
  uint64_t non_ip;
};

// Packet counts from the README table; non-IP counts (ARP, RARP, STP) from tcpdump.
const std::map<std::string, Expected> kExpected = {
    {"scan-v-nmap-syn.pcapng", {2011, LinkType::kEthernet, 0}},
    {"scan-h-nmap-synsweep.pcap", {513, LinkType::kEthernet, 0}},
    {"synflood-spoofed.pcap", {37841, LinkType::kEthernet, 0}},
    {"amp-dns-rrsig-frag.pcap", {4412, LinkType::kEthernet, 0}},
    {"bf-ssh-nmap-port902.pcap", {1178, LinkType::kEthernet, 0}},
    {"c2-emotet-http7080.pcap", {74, LinkType::kEthernet, 0}},
    {"benign-wikipedia.pcap", {136, LinkType::kEthernet, 10}},
    {"benign-ocs-rawip.pcap", {946, LinkType::kRaw, 0}},
    {"benign-smb-loopback-null.pcap", {3519, LinkType::kNull, 0}},
    {"benign-nfsv3-bigendian.pcap", {128, LinkType::kEthernet, 0}},
    {"benign-lo-sll2.pcap", {6, LinkType::kLinuxSll2, 2}},
    {"benign-tcp-nanosec.pcap", {3, LinkType::kLinuxSll, 0}},
};

TEST_F(DecoderPcapsTest, EveryCaptureDecodesWithoutErrors) {
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(kPcapDir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".pcap" && entry.path().extension() != ".pcapng") continue;
    ++files;
    const auto expected = kExpected.find(name);
    ASSERT_NE(expected, kExpected.end()) << name << " is not in the expectations table";
    const Summary s = decodeCapture(name);
    EXPECT_EQ(s.packets, expected->second.packets) << name;
    EXPECT_EQ(s.link, expected->second.link) << name;
    EXPECT_EQ(s.errors(), 0u) << name << ": " << s.errorText();
    EXPECT_EQ(s.statuses[std::size_t(DecodeStatus::kNonIp)], expected->second.non_ip) << name;
    EXPECT_EQ(s.statuses[std::size_t(DecodeStatus::kOk)], expected->second.packets - expected->second.non_ip) << name;
  }
  EXPECT_EQ(files, kExpected.size());
}

TEST_F(DecoderPcapsTest, HorizontalSweepIs511SynsToPort80From10_0_0_128) {
  uint64_t syns = 0, resets = 0;
  std::set<uint32_t> targets;
  decodeCapture("scan-h-nmap-synsweep.pcap", [&](DecodeStatus status, const PacketView& v) {
    ASSERT_EQ(status, DecodeStatus::kOk);
    EXPECT_EQ(v.src, ip("10.0.0.128"));
    EXPECT_EQ(v.dst_port, 80);
    if (v.tcp_flags == kTcpSyn) {
      ++syns;
      targets.insert(v.dst.v4());
    }
    if (v.tcp_flags == kTcpRst) ++resets;
  });
  EXPECT_EQ(syns, 511u);
  EXPECT_EQ(resets, 2u);
  EXPECT_EQ(targets.size(), 256u);
  EXPECT_EQ(*targets.begin(), 0x0a000000u);
  EXPECT_EQ(*targets.rbegin(), 0x0a0000ffu);
}

TEST_F(DecoderPcapsTest, VerticalScanIs1994SynsOver1000Ports) {
  uint64_t syns = 0, syn_acks = 0;
  std::set<uint16_t> ports;
  decodeCapture("scan-v-nmap-syn.pcapng", [&](DecodeStatus, const PacketView& v) {
    if (v.tcp_flags == kTcpSyn && v.src == ip("172.16.0.8") && v.dst == ip("64.13.134.52")) {
      ++syns;
      ports.insert(v.dst_port);
    }
    if (v.tcp_flags == (kTcpSyn | kTcpAck) && v.src == ip("64.13.134.52")) ++syn_acks;
  });
  EXPECT_EQ(syns, 1994u);
  EXPECT_EQ(ports.size(), 1000u);
  EXPECT_EQ(syn_acks, 12u);
}

TEST_F(DecoderPcapsTest, SynFloodHas37623SpoofedSources) {
  std::set<uint32_t> sources;
  uint64_t syns = 0;
  decodeCapture("synflood-spoofed.pcap", [&](DecodeStatus, const PacketView& v) {
    if (v.tcp_flags == kTcpSyn && v.dst == ip("10.10.10.10") && v.dst_port == 25565) ++syns;
    sources.insert(v.src.v4());
  });
  EXPECT_EQ(syns, 37841u);
  EXPECT_EQ(sources.size(), 37623u);
}

TEST_F(DecoderPcapsTest, DnsAmplificationHas726LaterFragments) {
  uint64_t later = 0, first = 0, dns_answers = 0, v6 = 0, tcp = 0;
  decodeCapture("amp-dns-rrsig-frag.pcap", [&](DecodeStatus, const PacketView& v) {
    if (v.isLaterFragment()) {
      ++later;
      EXPECT_EQ(v.protocol, 17);
      EXPECT_FALSE(v.hasPorts());
      EXPECT_EQ(v.dst, ip("10.10.10.10"));
    } else if (v.isFragment()) {
      ++first;
    }
    if (v.protocol == 17 && v.hasPorts() && v.src_port == 53) ++dns_answers;
    if (v.ip_version == 6) ++v6;
    if (v.protocol == 6) ++tcp;
  });
  EXPECT_EQ(later, 726u);
  EXPECT_EQ(first, 483u);
  EXPECT_EQ(dns_answers, 547u);
  EXPECT_EQ(v6, 15u);
  EXPECT_EQ(tcp, 3104u);  // 3093 over IPv4, 11 over IPv6
}

TEST_F(DecoderPcapsTest, SshBruteForceHas67ConnectionsToPort902) {
  uint64_t syns = 0;
  decodeCapture("bf-ssh-nmap-port902.pcap", [&](DecodeStatus, const PacketView& v) {
    if (v.tcp_flags == kTcpSyn && v.src == ip("147.32.80.40") && v.dst == ip("147.32.80.37") && v.dst_port == 902) {
      ++syns;
    }
  });
  EXPECT_EQ(syns, 67u);
}

TEST_F(DecoderPcapsTest, C2CaptureIsOneConversationOnPort7080) {
  uint64_t c2 = 0;
  decodeCapture("c2-emotet-http7080.pcap", [&](DecodeStatus, const PacketView& v) {
    const bool out = v.src == ip("10.12.29.101") && v.dst == ip("82.118.225.196") && v.dst_port == 7080;
    const bool back = v.src == ip("82.118.225.196") && v.dst == ip("10.12.29.101") && v.src_port == 7080;
    if (out || back) ++c2;
  });
  EXPECT_EQ(c2, 74u);
}

TEST_F(DecoderPcapsTest, LoopbackNullCarriesIpv4AndDarwinIpv6) {
  uint64_t localhost = 0, v4 = 0, v6 = 0;
  decodeCapture("benign-smb-loopback-null.pcap", [&](DecodeStatus status, const PacketView& v) {
    ASSERT_EQ(status, DecodeStatus::kOk);
    if (v.ip_version == 4) ++v4;
    if (v.ip_version == 6) ++v6;  // mDNS from fe80:: addresses, family 30 (macOS)
    if (v.src == ip("127.0.0.1") && v.dst == ip("127.0.0.1") && v.protocol == 6) ++localhost;
  });
  EXPECT_EQ(localhost, 3503u);
  EXPECT_EQ(v4, 3511u);
  EXPECT_EQ(v6, 8u);
}

TEST_F(DecoderPcapsTest, Sll2HasPingPing6AndArp) {
  std::vector<std::pair<uint8_t, uint8_t>> icmp;  // (protocol, type)
  decodeCapture("benign-lo-sll2.pcap", [&](DecodeStatus status, const PacketView& v) {
    if (status == DecodeStatus::kOk) icmp.emplace_back(v.protocol, v.icmp_type);
  });
  const std::vector<std::pair<uint8_t, uint8_t>> expected = {{1, 8}, {1, 0}, {58, 128}, {58, 129}};
  EXPECT_EQ(icmp, expected);
}

TEST_F(DecoderPcapsTest, RawIpCaptureIsAllFrom192_168_180_2) {
  uint64_t from_phone = 0;
  decodeCapture("benign-ocs-rawip.pcap", [&](DecodeStatus, const PacketView& v) {
    if (v.ip_version == 4 && v.src == ip("192.168.180.2")) ++from_phone;
  });
  EXPECT_EQ(from_phone, 946u);
}

TEST_F(DecoderPcapsTest, BigEndianNfsIsAllUdp) {
  uint64_t udp = 0;
  decodeCapture("benign-nfsv3-bigendian.pcap", [&](DecodeStatus, const PacketView& v) {
    if (v.protocol == 17 && v.hasPorts()) ++udp;
  });
  EXPECT_EQ(udp, 128u);
}

TEST_F(DecoderPcapsTest, WikipediaHasFiveIpv6Packets) {
  uint64_t v6 = 0;
  decodeCapture("benign-wikipedia.pcap", [&](DecodeStatus, const PacketView& v) { v6 += v.ip_version == 6; });
  EXPECT_EQ(v6, 5u);
}

TEST_F(DecoderPcapsTest, NanosecondSllHandshake) {
  std::vector<uint8_t> flags;
  std::vector<uint64_t> times;
  decodeCapture("benign-tcp-nanosec.pcap", [&](DecodeStatus, const PacketView& v) {
    flags.push_back(v.tcp_flags);
    times.push_back(v.ts_ns);
  });
  EXPECT_EQ(flags, (std::vector<uint8_t>{kTcpSyn, kTcpSyn | kTcpAck, kTcpAck}));
  EXPECT_EQ(times, (std::vector<uint64_t>{1418145369924505488u, 1418145370052027262u, 1418145370052115157u}));
}

}  // namespace
}  // namespace vigil::decode
