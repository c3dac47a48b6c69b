// Tests for Bruteforce: repeated short connections, the SSH banner first, each service's dialogue.
#include "pcapgen/incidents/bruteforce.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

std::string text(const pgtest::Parsed& p) { return std::string(p.payload.begin(), p.payload.end()); }

TEST(BruteforceTest, SshOnANonStandardPortStartsWithTheServerBanner) {
  const FrameBuilder b;
  auto bf = pgtest::makeIncident(b, "bruteforce-ssh:src=147.32.80.40,dst=147.32.80.37,port=902,count=67");
  ASSERT_NE(bf, nullptr);
  const auto packets = pgtest::drain(*bf);
  ASSERT_EQ(packets.size(), bf->expectedPackets());
  std::set<uint16_t> client_ports;
  uint32_t syns = 0, banners = 0, fins = 0;
  bool awaiting_first_payload = false;
  for (const auto& p : packets) {
    EXPECT_TRUE(p.l4_checksum_ok);
    const bool from_server = p.src == pgtest::ip("147.32.80.37");
    EXPECT_EQ(from_server ? p.sport : p.dport, 902);
    if (p.tcp_flags == kSyn) {
      ++syns;
      client_ports.insert(p.sport);
      awaiting_first_payload = true;
    }
    fins += (p.tcp_flags & kFin) != 0;
    if (awaiting_first_payload && !p.payload.empty()) {
      EXPECT_TRUE(from_server);
      EXPECT_EQ(text(p), "SSH-2.0-OpenSSH_8.9\r\n");
      ++banners;
      awaiting_first_payload = false;
    }
  }
  EXPECT_EQ(syns, 67u);
  EXPECT_EQ(banners, 67u);
  EXPECT_EQ(fins, 2u * 67);
  EXPECT_EQ(client_ports.size(), 67u);
  EXPECT_EQ(packets.size() % 67, 0u);
  const IncidentTruth t = bf->truth();
  EXPECT_EQ(t.attackers, std::vector<std::string>{"147.32.80.40"});
  EXPECT_EQ(t.victims, std::vector<std::string>{"147.32.80.37"});
  EXPECT_EQ(t.port, 902);
}

TEST(BruteforceTest, FtpTelnetAndRdpDialogues) {
  const FrameBuilder b;
  const std::tuple<const char*, uint16_t, bool, std::string> cases[] = {
      {"bruteforce-ftp", 21, true, "220 (vsFTPd 3.0.5)\r\n"},
      {"bruteforce-telnet", 23, true, "\xff\xfd\x18"},
      {"bruteforce-rdp", 3389, false, std::string("\x03\x00\x00\x33", 4)},
  };
  for (const auto& [kind, port, server_first, first] : cases) {
    auto bf = pgtest::makeIncident(b, std::string(kind) + ":count=5");
    ASSERT_NE(bf, nullptr) << kind;
    const auto packets = pgtest::drain(*bf);
    ASSERT_EQ(packets.size(), bf->expectedPackets());
    EXPECT_EQ(packets[0].dport, port);
    EXPECT_EQ(packets[0].src, pgtest::ip("10.1.250.10"));
    const pgtest::Parsed& data = packets[3];  // first payload after the handshake
    EXPECT_EQ(data.src == pgtest::ip("198.51.100.10"), server_first) << kind;
    EXPECT_EQ(text(data).substr(0, first.size()), first) << kind;
  }
  auto ftp = pgtest::makeIncident(b, "bruteforce-ftp:count=2");
  std::string client_text;
  for (const auto& p : pgtest::drain(*ftp)) {
    if (p.src == pgtest::ip("10.1.250.10")) client_text += text(p);
  }
  EXPECT_NE(client_text.find("PASS 123456\r\n"), std::string::npos);
  EXPECT_NE(client_text.find("PASS password\r\n"), std::string::npos);
}

}  // namespace
}  // namespace vigil::pcapgen
