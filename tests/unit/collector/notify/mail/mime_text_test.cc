// Tests for the MIME text encodings: quoted-printable, base64 lines, header words, dates, CRLF.
#include "notify/mail/mime_text.h"

#include <gtest/gtest.h>

namespace vigil::notify {
namespace {

TEST(MimeTextTest, QuotedPrintableKeepsTextReadableAndSafe) {
  EXPECT_EQ(quotedPrintable("plain line\nsecond"), "plain line\r\nsecond\r\n");
  EXPECT_EQ(quotedPrintable("a=b \nÄ\t\n"), "a=3Db=20\r\n=C3=84=09\r\n");
  EXPECT_EQ(quotedPrintable(".dot\nFrom here"), "=2Edot\r\n=46rom here\r\n");
  const std::string longline(200, 'x');
  const std::string qp = quotedPrintable(longline);
  std::size_t start = 0, lines = 0;
  while (start < qp.size()) {
    const std::size_t end = qp.find("\r\n", start);
    EXPECT_LE(end - start, 76u);
    start = end + 2;
    ++lines;
  }
  EXPECT_EQ(lines, 3u);
}

TEST(MimeTextTest, Base64InLinesOfSeventySix) {
  EXPECT_EQ(base64Lines("Man"), "TWFu\r\n");
  EXPECT_EQ(base64Lines("Ma"), "TWE=\r\n");
  EXPECT_EQ(base64Lines(std::string(60, 'a')).find("\r\n"), 76u);
}

TEST(MimeTextTest, HeaderValuesCannotInjectAndNonAsciiIsEncoded) {
  EXPECT_EQ(headerValue("[TLP:AMBER] scan\r\nBcc: evil@x"), "[TLP:AMBER] scan  Bcc: evil@x");
  EXPECT_EQ(headerValue("Grüße"), "=?UTF-8?B?R3LDvMOfZQ==?=");
  const std::string many = headerValue(std::string(30, 'x') + "ü" + std::string(60, 'y'));
  EXPECT_NE(many.find("?=\r\n =?UTF-8?B?"), std::string::npos) << many;
}

TEST(MimeTextTest, DatesAndLineEnds) {
  EXPECT_EQ(rfc5322Date(1795305600000), "Sun, 22 Nov 2026 00:00:00 +0000");
  EXPECT_EQ(toCrlf("a\nb\r\nc\rd"), "a\r\nb\r\nc\r\nd");
}

}  // namespace
}  // namespace vigil::notify
