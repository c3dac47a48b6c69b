// Tests for the protocol payload writers: DNS wire format, NTP, QUIC headers, reflection answers.
#include "pcapgen/traffic/app_payloads.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace vigil::pcapgen {
namespace {

TEST(AppPayloadsTest, DnsQueryAndAnswerWireFormat) {
  uint8_t q[64];
  ASSERT_EQ(writeDnsQuery(q, sizeof(q), 0x1234, "www.example.com", 1), 12u + 17 + 4);
  const uint8_t expected[] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'w', 'w', 7, 'e', 'x',
                              'a',  'm',  'p',  'l',  'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1};
  EXPECT_EQ(0, std::memcmp(q, expected, sizeof(expected)));
  uint8_t a[128];
  const size_t n = writeDnsAnswer(a, sizeof(a), 0x1234, "www.example.com", 28, 2, 9);
  ASSERT_EQ(n, 33u + 2 * (12 + 16));
  EXPECT_EQ(a[2], 0x81);
  EXPECT_EQ(a[7], 2);  // answer count
  EXPECT_EQ(a[33], 0xc0);
  EXPECT_EQ(a[34], 0x0c);
  EXPECT_EQ(writeDnsQuery(q, 10, 1, "x.com", 1), 0u);  // does not fit
}

TEST(AppPayloadsTest, NtpAndQuic) {
  uint8_t b[64];
  ASSERT_EQ(writeNtp(b, sizeof(b), false, 1735689600ULL * 1000000000ULL), 48u);
  EXPECT_EQ(b[0], 0x23);
  EXPECT_EQ(b[40], 0xeb);  // 1735689600 + 2208988800 = 0xeb1d6b80 (NTP era 0)
  ASSERT_EQ(writeNtp(b, sizeof(b), true, 0), 48u);
  EXPECT_EQ(b[0], 0x24);
  ASSERT_EQ(writeQuicInitial(b, sizeof(b), 1, 2, 1200), 26u);
  EXPECT_EQ(b[0], 0xc3);
  EXPECT_EQ(b[4], 1);
  ASSERT_EQ(writeQuicShort(b, sizeof(b), 5), 9u);
  EXPECT_EQ(b[0] & 0xc0, 0x40);
}

TEST(AppPayloadsTest, ReflectionAnswersStartRight) {
  uint8_t b[4096];
  EXPECT_EQ(reflectionPort(ReflectionService::kMemcached), 11211);
  EXPECT_EQ(writeReflectionAnswer(ReflectionService::kNtp, b, sizeof(b), 468, 1), 8u);
  EXPECT_EQ(b[0], 0xd7);
  EXPECT_EQ(b[3], 0x2a);
  const size_t ssdp = writeReflectionAnswer(ReflectionService::kSsdp, b, sizeof(b), 300, 1);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(b), 17), "HTTP/1.1 200 OK\r\n");
  EXPECT_GT(ssdp, 100u);
  const size_t mc = writeReflectionAnswer(ReflectionService::kMemcached, b, sizeof(b), 1400, 1);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(b) + 8, mc - 8), "VALUE injected 0 1360\r\n");
  writeReflectionAnswer(ReflectionService::kSnmp, b, sizeof(b), 1000, 1);
  EXPECT_EQ(b[0], 0x30);
  EXPECT_EQ((b[2] << 8) | b[3], 996);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(b) + 9, 6), "public");
  writeReflectionAnswer(ReflectionService::kCldap, b, sizeof(b), 2000, 1);
  EXPECT_EQ(b[9], 0x64);  // searchResEntry
  EXPECT_EQ(writeReflectionAnswer(ReflectionService::kChargen, b, sizeof(b), 1000, 0), 1000u);
  EXPECT_EQ(b[0], ' ');
  EXPECT_EQ(b[72], '\r');
  EXPECT_EQ(b[74], '!');  // the next line starts one character further on
  const size_t dns = writeReflectionAnswer(ReflectionService::kDns, b, sizeof(b), 3000, 7);
  EXPECT_EQ((b[dns - 2] << 8) | b[dns - 1], static_cast<int>(3000 - dns));  // RDLENGTH covers the rest
}

}  // namespace
}  // namespace vigil::pcapgen
