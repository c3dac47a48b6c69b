// Tests for the truth writer: file layout, incident fields and the default sidecar path.
#include "pcapgen/engine/truth_writer.h"

#include <gtest/gtest.h>

#include <fstream>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

TEST(TruthWriterTest, DefaultTruthPath) {
  EXPECT_EQ(defaultTruthPath("out/imix.pcap"), "out/imix.truth.json");
  EXPECT_EQ(defaultTruthPath("capture"), "capture.truth.json");
  EXPECT_EQ(defaultTruthPath(".pcap"), ".pcap.truth.json");
}

TEST(TruthWriterTest, WritesEveryDocumentedField) {
  GeneratorConfig config;
  config.packets = 5000;
  config.pps = 1000;
  config.seed = 3;
  config.incidents = {"amplification-ntp:count=20,reflectors=5", "c2-contact:count=1"};
  auto g = Generator::create(config);
  ASSERT_TRUE(g.ok()) << g.error();
  const std::string pcap = pgtest::tempPath("truth.pcap");
  auto w = PcapWriter::open(pcap, config.precision);
  ASSERT_TRUE(w.ok());
  auto run = g.value()->run(w.value());
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(w->finish().ok());
  const std::string path = defaultTruthPath(pcap);
  ASSERT_TRUE(writeTruthFile(path, truthJson(*g.value(), run.value())).ok());

  std::ifstream in(path);
  const auto truth = nlohmann::json::parse(in);
  EXPECT_EQ(truth["generator"]["name"], "vigil-pcapgen");
  EXPECT_EQ(truth["generator"]["seed"], 3);
  EXPECT_EQ(truth["generator"]["incidents"][0], "amplification-ntp:count=20,reflectors=5");
  const auto& capture = truth["capture"];
  EXPECT_EQ(capture["packets"], 5000);
  EXPECT_EQ(capture["link_type"], "ethernet");
  EXPECT_EQ(capture["frame_bytes"], run->counts.frame_bytes);
  for (const char* key : {"ipv4", "ipv6", "tcp", "udp", "icmp", "icmpv6", "vlan", "fragments", "later_fragments",
                          "tcp_syn", "tcp_synack", "tcp_rst", "tcp_fin", "non_ip"}) {
    EXPECT_TRUE(capture["counts"].contains(key)) << key;
  }
  const auto& amp = truth["incidents"][0];
  EXPECT_EQ(amp["kind"], "amplification-ntp");
  EXPECT_EQ(amp["benign"], false);
  EXPECT_EQ(amp["attackers"].size(), 0u);
  EXPECT_EQ(amp["victims"][0], "10.1.251.10");
  EXPECT_EQ(amp["reflectors"].size(), 5u);
  EXPECT_EQ(amp["port"], 123);
  EXPECT_EQ(amp["protocol"], "udp");
  EXPECT_EQ(amp["answers"], 20);
  EXPECT_TRUE(amp["start"].get<std::string>().ends_with("Z"));
  const auto& c2 = truth["incidents"][1];
  EXPECT_EQ(c2["c2"][0], "192.0.2.11");
  EXPECT_EQ(c2["infected"][0], "10.1.250.11");
  EXPECT_EQ(c2["attackers"][0], "192.0.2.11");
  EXPECT_EQ(c2["spec"], "c2-contact:count=1");
  EXPECT_EQ(c2["packets"], g.value()->incidents()[1].incident->expectedPackets());
  EXPECT_GE(c2["packets"].get<uint64_t>(), 9u);
  EXPECT_FALSE(writeTruthFile("/nonexistent-dir/t.json", truthJson(*g.value(), run.value())).ok());
}

}  // namespace
}  // namespace vigil::pcapgen
