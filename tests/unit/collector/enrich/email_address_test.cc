// Tests for abuse-address validation, normalisation and extraction from messy RIPE abuse-mailbox values.
#include "enrich/email_address.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>

namespace vigil::enrich {
namespace {

TEST(EmailAddressTest, AcceptsDotAtomAndQuotedLocalParts) {
  EXPECT_TRUE(isEmailAddress("abuse@isp.example"));
  EXPECT_TRUE(isEmailAddress("abuse.desk+vigil@mail.isp.example"));
  EXPECT_TRUE(isEmailAddress("\"abuse team\"@isp.example"));
  EXPECT_TRUE(isEmailAddress("a@b-c.example"));
}

TEST(EmailAddressTest, RejectsWhatAMailServerCouldNotDeliver) {
  for (const char* text :
       {"", "abuse", "@isp.example", "abuse@", "abuse@localhost", "abuse@isp..example", "abuse@-isp.example",
        "abuse@isp-.example", ".abuse@isp.example", "ab..use@isp.example", "ab use@isp.example", "abuse@isp.example.",
        "abuse@[192.0.2.1]", "\"\"@isp.example", "abuse@isp_x.example", "ab\xc3\xa9@isp.example"}) {
    EXPECT_FALSE(isEmailAddress(text)) << text;
  }
  EXPECT_FALSE(isEmailAddress(std::string(65, 'a') + "@isp.example"));  // local part over 64
  EXPECT_TRUE(isEmailAddress(std::string(64, 'a') + "@isp.example"));
  EXPECT_FALSE(isEmailAddress("a@" + std::string(64, 'b') + ".example"));  // label over 63
}

TEST(EmailAddressTest, NormalizingLowerCasesOnlyTheDomain) {
  EXPECT_EQ(normalizeEmailAddress("NOC@ISP.Example"), "NOC@isp.example");
  EXPECT_EQ(normalizeEmailAddress("\"Abuse\"@X.NET"), "\"Abuse\"@x.net");
}

TEST(EmailAddressTest, FirstAddressInMessyMailboxValues) {
  const std::pair<const char*, std::optional<std::string>> cases[] = {
      {"abuse@x.net", "abuse@x.net"},
      {"ABUSE@X.NET", "ABUSE@x.net"},
      {"Abuse <abuse@x.net>", "abuse@x.net"},
      {"Abuse Team <abuse@x.net>", "abuse@x.net"},
      {"abuse@x <abuse@x.net>", "abuse@x.net"},  // "abuse@x" has no dot in its domain
      {"abuse@x.com abuse@y.net", "abuse@x.com"},
      {"a@x.com, b@y.net", "a@x.com"},
      {"a@x.com;b@y.net", "a@x.com"},
      {"abuse@x.com,", "abuse@x.com"},
      {"abuse@x.net (preferred)", "abuse@x.net"},
      {"abuse@x.net # 24/7 desk", "abuse@x.net"},
      {"\"abuse contact\"@x.com", "\"abuse contact\"@x.com"},
      {"mailto:Abuse@X.Net", "Abuse@x.net"},
      {"write to abuse@x.net.", "abuse@x.net"},
      {"  \tabuse@x.net  ", "abuse@x.net"},
      {"see https://www.example.net/contact", std::nullopt},
      {"# abuse@x.net", std::nullopt},  // all comment
      {"", std::nullopt},
      {"abuse at x dot net", std::nullopt},
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_EQ(firstEmailAddress(text), expected) << text;
  }
}

}  // namespace
}  // namespace vigil::enrich
