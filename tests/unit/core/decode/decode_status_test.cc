// Tests for DecodeStatus ordering and decodeStatusName.
#include "decode/decode_status.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vigil::decode {
namespace {

TEST(DecodeStatusTest, OkAndNonIpComeFirst) {
  EXPECT_EQ(static_cast<int>(DecodeStatus::kOk), 0);
  EXPECT_EQ(static_cast<int>(DecodeStatus::kNonIp), 1);
  EXPECT_EQ(kDecodeStatusCount, 33u);
}

TEST(DecodeStatusTest, EveryStatusHasADistinctSnakeCaseName) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < kDecodeStatusCount; ++i) {
    const std::string name(decodeStatusName(static_cast<DecodeStatus>(i)));
    EXPECT_NE(name, "unknown") << i;
    EXPECT_FALSE(name.empty()) << i;
    for (char c : name)
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << name;
    EXPECT_TRUE(seen.insert(name).second) << "duplicate " << name;
  }
  EXPECT_EQ(seen.size(), kDecodeStatusCount);
}

TEST(DecodeStatusTest, NamesMatchTheCounterContract) {
  EXPECT_EQ(decodeStatusName(DecodeStatus::kOk), "ok");
  EXPECT_EQ(decodeStatusName(DecodeStatus::kNonIp), "non_ip");
  EXPECT_EQ(decodeStatusName(DecodeStatus::kTruncatedIpv4), "truncated_ipv4");
  EXPECT_EQ(decodeStatusName(DecodeStatus::kTooManyIpv6Extensions), "too_many_ipv6_extensions");
  EXPECT_EQ(decodeStatusName(DecodeStatus::kBadTcpDataOffset), "bad_tcp_data_offset");
  EXPECT_EQ(decodeStatusName(DecodeStatus::kTunnelTooDeep), "tunnel_too_deep");
  EXPECT_EQ(decodeStatusName(DecodeStatus::kCount), "unknown");
}

}  // namespace
}  // namespace vigil::decode
