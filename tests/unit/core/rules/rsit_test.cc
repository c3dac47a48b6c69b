// Tests for the RSIT taxonomy table.
#include "rules/rsit.h"

#include <gtest/gtest.h>

namespace vigil::rules {
namespace {

TEST(RsitTest, TaxonomiesAreTheElevenRsitValues) {
  EXPECT_EQ(rsitTaxonomyNames(),
            "abusive-content, malicious-code, information-gathering, intrusion-attempts, intrusions, availability, "
            "information-content-security, fraud, vulnerable, other, test");
  EXPECT_TRUE(isRsitTaxonomy("vulnerable"));
  EXPECT_FALSE(isRsitTaxonomy("Vulnerable"));
  EXPECT_FALSE(isRsitTaxonomy("malware"));
  EXPECT_FALSE(isRsitTaxonomy(""));
}

TEST(RsitTest, TypesBelongToTheirTaxonomyOnly) {
  EXPECT_TRUE(isRsitType("information-gathering", "scanner"));
  EXPECT_TRUE(isRsitType("availability", "ddos"));
  EXPECT_TRUE(isRsitType("vulnerable", "ddos-amplifier"));
  EXPECT_TRUE(isRsitType("intrusion-attempts", "brute-force"));
  EXPECT_TRUE(isRsitType("malicious-code", "c2-server"));
  EXPECT_TRUE(isRsitType("fraud", "unauthorised-use-of-resources"));
  EXPECT_TRUE(isRsitType("other", "undetermined"));
  EXPECT_FALSE(isRsitType("availability", "scanner"));
  EXPECT_FALSE(isRsitType("fraud", "unauthorized-use-of-resources"));  // IntelMQ spelling, not RSIT
  EXPECT_FALSE(isRsitType("other", "blacklist"));                      // IntelMQ-only
  EXPECT_FALSE(isRsitType("nope", "scanner"));
  EXPECT_FALSE(isRsitType("test", ""));
}

TEST(RsitTest, TypeNamesPerTaxonomy) {
  EXPECT_EQ(rsitTypeNames("availability"), "dos, ddos, misconfiguration, sabotage, outage");
  EXPECT_EQ(rsitTypeNames("test"), "test");
  EXPECT_EQ(rsitTypeNames("intrusions"),
            "privileged-account-compromise, unprivileged-account-compromise, application-compromise, "
            "system-compromise, burglary");
  EXPECT_EQ(rsitTypeNames("unknown"), "");
}

}  // namespace
}  // namespace vigil::rules
