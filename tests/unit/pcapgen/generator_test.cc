// End-to-end tests for Generator: determinism, pcap validity, truth counts against an independent re-parse.
#include "pcapgen/engine/generator.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "decode/decoder.h"
#include "pcapgen/engine/truth_writer.h"
#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

struct Output {
  std::string pcap;
  nlohmann::ordered_json truth;
  RunSummary summary;
};

Output generate(const GeneratorConfig& config, const std::string& name) {
  Output out;
  out.pcap = pgtest::tempPath(name);
  auto g = Generator::create(config);
  if (!g.ok()) {
    ADD_FAILURE() << g.error();
    return out;
  }
  auto w = PcapWriter::open(out.pcap, config.precision);
  if (!w.ok()) {
    ADD_FAILURE() << w.error();
    return out;
  }
  auto run = g.value()->run(w.value());
  if (!run.ok()) {
    ADD_FAILURE() << run.error();
    return out;
  }
  EXPECT_TRUE(w->finish().ok());
  out.summary = run.value();
  out.truth = truthJson(*g.value(), out.summary);
  return out;
}

std::string fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

GeneratorConfig mixedConfig() {
  GeneratorConfig c;
  c.packets = 60000;
  c.pps = 20000;
  c.seed = 7;
  c.incidents = {"scan-horizontal:count=300,probe=udp,answer=0.3", "syn-flood:count=2000,dst=10.1.251.99",
                 "amplification-dns:count=200", "bruteforce-ssh:count=10,port=2222", "backscatter:count=100",
                 "scan-vertical:ports=1-200,probe=xmas"};
  return c;
}

TEST(GeneratorTest, SameSeedSameBytesOtherSeedOtherBytes) {
  const GeneratorConfig config = mixedConfig();
  const Output a = generate(config, "det_a.pcap");
  const Output b = generate(config, "det_b.pcap");
  GeneratorConfig other = config;
  other.seed = 8;
  const Output c = generate(other, "det_c.pcap");
  const std::string bytes_a = fileBytes(a.pcap);
  EXPECT_GT(bytes_a.size(), 1000000u);
  EXPECT_EQ(bytes_a, fileBytes(b.pcap));
  EXPECT_EQ(a.truth.dump(), b.truth.dump());
  EXPECT_NE(bytes_a, fileBytes(c.pcap));
  EXPECT_EQ(c.truth["capture"]["packets"], 60000);
}

TEST(GeneratorTest, TruthCountsEqualAnIndependentReparse) {
  const Output out = generate(mixedConfig(), "counts.pcap");
  int link = 0;
  const auto records = pgtest::readWithLibpcap(out.pcap, &link);
  ASSERT_EQ(link, 1);
  ASSERT_EQ(records.size(), 60000u);
  CaptureCounts mine;
  uint64_t previous_ts = 0;
  const decode::Decoder decoder(decode::LinkType::kEthernet);
  for (const auto& r : records) {
    ASSERT_EQ(r.caplen, r.wirelen);
    ASSERT_GE(r.caplen, 60u);
    ASSERT_GE(r.ts_ns, previous_ts);
    previous_ts = r.ts_ns;
    EXPECT_EQ(r.ts_ns % 1000, 0u);  // µs file
    const pgtest::Parsed p = pgtest::parseFrame(r.data.data(), r.caplen);
    ASSERT_TRUE(p.ip_checksum_ok);
    ASSERT_TRUE(p.l4_checksum_ok);
    ++mine.packets;
    mine.frame_bytes += r.caplen;
    mine.vlan += p.vlan;
    if (p.ip_version == 0) {
      ASSERT_EQ(p.ether_type, 0x0806);
      ++mine.non_ip;
    } else {
      (p.ip_version == 4 ? mine.ipv4 : mine.ipv6) += 1;
      mine.fragments += p.fragment;
      mine.later_fragments += p.later_fragment;
      if (!p.later_fragment) {
        mine.tcp += p.protocol == 6;
        mine.udp += p.protocol == 17;
        mine.icmp += p.protocol == 1;
        mine.icmpv6 += p.protocol == 58;
        if (p.protocol == 6) {
          mine.tcp_syn += (p.tcp_flags & 0x12) == 0x02;
          mine.tcp_synack += (p.tcp_flags & 0x12) == 0x12;
          mine.tcp_rst += (p.tcp_flags & 0x04) != 0;
          mine.tcp_fin += (p.tcp_flags & 0x01) != 0;
        }
      }
    }
    // The project's own decoder agrees on what each frame is.
    decode::PacketView view;
    const auto status = decoder.decode(r.data.data(), r.caplen, r.wirelen, r.ts_ns, view);
    ASSERT_EQ(status, p.ip_version == 0 ? decode::DecodeStatus::kNonIp : decode::DecodeStatus::kOk);
    if (p.ip_version != 0) {
      EXPECT_EQ(view.isLaterFragment(), p.later_fragment);
      EXPECT_EQ(view.isFragment(), p.fragment);
      if (p.protocol == 6 && !p.later_fragment) {
        EXPECT_EQ(view.tcp_flags, p.tcp_flags);
      }
    }
  }
  const auto& t = out.truth["capture"];
  const auto& c = t["counts"];
  EXPECT_EQ(t["packets"], mine.packets);
  EXPECT_EQ(t["frame_bytes"], mine.frame_bytes);
  EXPECT_EQ(t["wire_bytes"], mine.frame_bytes + 24 * mine.packets);
  EXPECT_EQ(c["ipv4"], mine.ipv4);
  EXPECT_EQ(c["ipv6"], mine.ipv6);
  EXPECT_EQ(c["tcp"], mine.tcp);
  EXPECT_EQ(c["udp"], mine.udp);
  EXPECT_EQ(c["icmp"], mine.icmp);
  EXPECT_EQ(c["icmpv6"], mine.icmpv6);
  EXPECT_EQ(c["vlan"], mine.vlan);
  EXPECT_EQ(c["fragments"], mine.fragments);
  EXPECT_EQ(c["later_fragments"], mine.later_fragments);
  EXPECT_EQ(c["tcp_syn"], mine.tcp_syn);
  EXPECT_EQ(c["tcp_synack"], mine.tcp_synack);
  EXPECT_EQ(c["tcp_rst"], mine.tcp_rst);
  EXPECT_EQ(c["tcp_fin"], mine.tcp_fin);
  EXPECT_EQ(c["non_ip"], mine.non_ip);
  EXPECT_GT(mine.non_ip, 0u);
  EXPECT_GT(mine.later_fragments, 200u);
  EXPECT_GT(mine.ipv6, 0u);
  EXPECT_GT(mine.vlan, 0u);
  EXPECT_EQ(t["first_ts_ns"], records.front().ts_ns);
  EXPECT_EQ(t["last_ts_ns"], records.back().ts_ns);
  EXPECT_EQ(t["first_ts"], "2025-01-01T00:00:00.000000Z");
  EXPECT_EQ(t["last_ts"], "2025-01-01T00:00:02.999950Z");  // packet 59999 at 20000 pps
}

TEST(GeneratorTest, IncidentTruthMatchesTheirPackets) {
  const Output out = generate(mixedConfig(), "incidents.pcap");
  const auto records = pgtest::readWithLibpcap(out.pcap);
  const auto& incidents = out.truth["incidents"];
  ASSERT_EQ(incidents.size(), 6u);
  // The flood is the only traffic to its victim.
  const auto& flood = incidents[1];
  EXPECT_EQ(flood["kind"], "syn-flood");
  uint64_t to_victim = 0, bytes = 0, first = 0, last = 0;
  for (const auto& r : records) {
    const pgtest::Parsed p = pgtest::parseFrame(r.data.data(), r.caplen);
    if (p.ip_version == 4 && p.dst == pgtest::ip("10.1.251.99")) {
      if (to_victim++ == 0) first = r.ts_ns;
      last = r.ts_ns;
      bytes += r.caplen;
    }
  }
  EXPECT_EQ(flood["packets"], to_victim);
  EXPECT_EQ(flood["packets"], 2000);
  EXPECT_EQ(flood["bytes"], bytes);
  EXPECT_EQ(flood["start_ns"], first);
  EXPECT_EQ(flood["end_ns"], last);
  EXPECT_EQ(flood["truncated"], false);
  uint64_t incident_packets = 0;
  for (const auto& i : incidents) {
    EXPECT_FALSE(i["truncated"].get<bool>()) << i["kind"];
    EXPECT_LE(i["start_ns"].get<uint64_t>(), i["end_ns"].get<uint64_t>());
    incident_packets += i["packets"].get<uint64_t>();
  }
  EXPECT_LT(incident_packets, 60000u);
  EXPECT_EQ(incidents[2]["reflectors"].size(), 50u);
  EXPECT_EQ(incidents[3]["port"], 2222);
  EXPECT_EQ(incidents[4]["benign"], true);
}

TEST(GeneratorTest, FixedFrameSizeWritesOnlySixtyFourByteFrames) {
  GeneratorConfig config;
  config.packets = 20000;
  config.frame_size = 64;
  config.incidents = {"syn-flood:count=1000", "scan-vertical:count=300"};
  const Output out = generate(config, "min64.pcap");
  const auto records = pgtest::readWithLibpcap(out.pcap);
  ASSERT_EQ(records.size(), 20000u);
  for (const auto& r : records) {
    ASSERT_EQ(r.caplen, 64u);
    const pgtest::Parsed p = pgtest::parseFrame(r.data.data(), r.caplen);
    ASSERT_FALSE(p.vlan);
    ASSERT_TRUE(p.ip_version == 4 || p.ether_type == 0x0806);
    if (p.ip_version == 4) {
      ASSERT_TRUE(p.protocol == 6 || p.protocol == 17) << int(p.protocol);
      ASSERT_TRUE(p.l4_checksum_ok);
    }
  }
  EXPECT_EQ(out.truth["capture"]["frame_bytes"], 64u * 20000);
  config.incidents = {"amplification-dns"};
  EXPECT_FALSE(Generator::create(config).ok());
}

TEST(GeneratorTest, NanosecondTimestampsAndStartTime) {
  GeneratorConfig config;
  config.packets = 1000;
  config.pps = 3000;  // 333333.33 ns apart: the fraction must survive
  config.start_ns = 1700000000123456789ULL;
  config.precision = TimestampPrecision::kNano;
  const Output out = generate(config, "ns.pcap");
  const auto records = pgtest::readWithLibpcap(out.pcap);
  ASSERT_EQ(records.size(), 1000u);
  EXPECT_EQ(records[0].ts_ns, 1700000000123456789ULL);
  EXPECT_EQ(records[1].ts_ns, 1700000000123456789ULL + 333333);
  EXPECT_EQ(records[3].ts_ns, 1700000000123456789ULL + 1000000);
  EXPECT_EQ(out.truth["capture"]["first_ts"], "2023-11-14T22:13:20.123456789Z");
  EXPECT_EQ(out.truth["generator"]["timestamps"], "ns");
}

TEST(GeneratorTest, NoBackgroundWritesOnlyIncidents) {
  GeneratorConfig config;
  config.packets = 100000;
  config.background = false;
  config.incidents = {"bruteforce-telnet:count=4", "c2-contact:count=1,at=0.5"};
  const Output out = generate(config, "nobg.pcap");
  const auto records = pgtest::readWithLibpcap(out.pcap);
  const auto& incidents = out.truth["incidents"];
  EXPECT_EQ(records.size(), incidents[0]["packets"].get<uint64_t>() + incidents[1]["packets"].get<uint64_t>());
  EXPECT_EQ(incidents[1]["start_ns"], kDefaultStartNs + 500000000);
  EXPECT_EQ(out.truth["capture"]["packets"], records.size());
}

TEST(GeneratorTest, TcpdumpReadsTheOutputCleanly) {
  if (std::system("command -v tcpdump >/dev/null 2>&1") != 0) GTEST_SKIP() << "tcpdump not installed";
  const Output out = generate(mixedConfig(), "tcpdump.pcap");
  const std::string log = out.pcap + ".tcpdump.log";
  const std::string cmd = "tcpdump -nn -vv -r " + out.pcap + " > " + log + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string text = fileBytes(log);
  EXPECT_NE(text.find("link-type EN10MB"), std::string::npos);
  EXPECT_EQ(text.find("bad cksum"), std::string::npos);
  EXPECT_EQ(text.find("bad udp cksum"), std::string::npos);
  EXPECT_EQ(text.find("incorrect ->"), std::string::npos);
  EXPECT_NE(text.find("cksum 0x"), std::string::npos);  // tcpdump verified TCP checksums: "(correct)"
  EXPECT_EQ(text.find("(incorrect"), std::string::npos);
  EXPECT_NE(text.find("[udp sum ok]"), std::string::npos);
  EXPECT_NE(text.find("198.51.100.13.2222 > 10.1.250.13."), std::string::npos);  // the brute-forced server
}

TEST(GeneratorTest, ConfigErrorsAreOneLine) {
  GeneratorConfig config;
  config.packets = 0;
  EXPECT_EQ(Generator::create(config).error(), "--packets must be at least 1");
  config.packets = 1000;
  config.frame_size = 30;
  EXPECT_NE(Generator::create(config).error().find("--frame-size"), std::string::npos);
  config.frame_size = 0;
  config.background = false;
  EXPECT_EQ(Generator::create(config).error(), "--no-background needs at least one --incident");
  config.background = true;
  config.incidents = {"syn-flood:count=5000"};
  const auto too_big = Generator::create(config);
  ASSERT_FALSE(too_big.ok());
  EXPECT_NE(too_big.error().find("incident 0 (syn-flood)"), std::string::npos);
}

}  // namespace
}  // namespace vigil::pcapgen
