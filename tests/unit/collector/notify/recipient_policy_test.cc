// Tests for who may be told: own organisation, next contact, upstream only for CLEAR/GREEN, the CERT, never RED.
#include "notify/recipient_policy.h"

#include "notify_test_support.h"

namespace vigil::notify {
namespace {

class RecipientPolicyTest : public test::NotifyTest {
 protected:
  std::string who(const char* host, const char* tlp, std::set<std::string> disabled = {}) {
    const RecipientChoice c = policy_.choose(*resolver_, *net::IpAddress::parse(host), tlp, disabled);
    return c.recipient ? c.recipient->organisation + " <" + c.recipient->contact.email + ">" : "held: " + c.held_reason;
  }
  RecipientPolicy policy_{{"TLP:CLEAR", "TLP:GREEN"}};
};

TEST_F(RecipientPolicyTest, OwnOrganisationFirstThenItsNextContact) {
  EXPECT_EQ(who("192.0.2.1", "TLP:AMBER"), "ISP A <abuse@a.test>");
  EXPECT_EQ(who("192.0.2.1", "TLP:AMBER", {"abuse@a.test"}), "ISP A <noc@a.test>");
}

TEST_F(RecipientPolicyTest, UpstreamOnlyForLabelsThatMayLeaveTheOrganisation) {
  const std::set<std::string> both = {"abuse@a.test", "noc@a.test"};
  EXPECT_EQ(who("192.0.2.1", "TLP:GREEN", both), "Upstream <abuse@upstream.test>");
  EXPECT_EQ(who("192.0.2.1", "TLP:CLEAR", both), "Upstream <abuse@upstream.test>");
  EXPECT_EQ(who("192.0.2.1", "TLP:AMBER", both), "CERT-TEST <cert@cert.test>");
  EXPECT_EQ(who("192.0.2.1", "TLP:AMBER+STRICT", both), "CERT-TEST <cert@cert.test>");
}

TEST_F(RecipientPolicyTest, RedNeverLeavesAndNobodyLeftIsHeld) {
  EXPECT_EQ(who("192.0.2.1", "TLP:RED"), "held: TLP:RED never leaves the collector");
  EXPECT_EQ(who("203.0.113.1", "TLP:AMBER"), "CERT-TEST <cert@cert.test>");
  EXPECT_EQ(who("203.0.113.1", "TLP:AMBER", {"cert@cert.test"}),
            "held: no contact left for CERT-TEST (every address disabled or none listed)");
}

}  // namespace
}  // namespace vigil::notify
