// Tests for the wire protocol helpers: seq frames and Z85 key syntax.
#include "wire/wire_protocol.h"

#include <gtest/gtest.h>

namespace vigil::wire {
namespace {

TEST(WireProtocolTest, SeqFramesAreEightBytesBigEndian) {
  EXPECT_EQ(encodeSeq(0x0102030405060708ull), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  for (uint64_t seq : {0ull, 1ull, 255ull, 256ull, 0xffffffffffffffffull})
    EXPECT_EQ(decodeSeq(encodeSeq(seq)), seq);
  EXPECT_FALSE(decodeSeq("").has_value());
  EXPECT_FALSE(decodeSeq(std::string(7, '\0')).has_value());
  EXPECT_FALSE(decodeSeq(std::string(9, '\0')).has_value());
}

TEST(WireProtocolTest, Z85Keys) {
  EXPECT_TRUE(isZ85Key("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"));
  EXPECT_FALSE(isZ85Key("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf"));    // 39
  EXPECT_FALSE(isZ85Key("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7x"));  // 41
  EXPECT_FALSE(isZ85Key("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf\""));  // '"' is not Z85
  EXPECT_FALSE(isZ85Key(""));
}

}  // namespace
}  // namespace vigil::wire
