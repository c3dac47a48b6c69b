// Tests for the Attributor: constituency + store imports, inhibitions, fallback, and reload keeping the old resolver.
#include "incidents/attributor.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace vigil::incidents {
namespace {

class AttributorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/vigil-attributor-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto s = store::openStore("sqlite:" + (dir_ / "c.db").string());
    ASSERT_TRUE(s.ok()) << s.error();
    store_ = std::move(*s);
    write(R"(
fallback:
  organisation: CERT-XX
  contacts: [{email: incidents@cert.example}]
organisations:
  - name: ISP A
    networks: [192.0.2.0/24]
    contacts: [{email: abuse@a.example}]
    inhibitions:
      - identifier: scan-vertical
        expires: 2200-01-01
        reason: research scanner
)");
    enrich::NetworkRecord imported;
    imported.prefix = *net::Prefix::parse("198.51.100.0/24");
    imported.netname = "IMP-NET";
    imported.org_name = "Imported Org";
    imported.abuse_email = "abuse@imported.example";
    const store::ImportInfo info{"ripe", "test", 1, 0};
    ASSERT_TRUE(store_->replaceNetworks(info, std::span(&imported, 1)).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void write(const std::string& text) { std::ofstream(dir_ / "constituency.yaml") << text; }
  std::string file() const { return (dir_ / "constituency.yaml").string(); }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(AttributorTest, ManualImportedAndFallback) {
  Attributor a(file());
  {
    auto r = a.reload(*store_);
    ASSERT_TRUE(r.ok()) << r.error();
  }
  Attribution r = a.attribute(*net::IpAddress::parse("192.0.2.9"), "scan-horizontal");
  EXPECT_EQ(r.organisation, "ISP A");
  EXPECT_EQ(r.contact, "abuse@a.example");
  EXPECT_FALSE(r.inhibition.has_value());
  r = a.attribute(*net::IpAddress::parse("198.51.100.20"), "syn-flood");
  EXPECT_EQ(r.organisation, "Imported Org");
  EXPECT_EQ(r.contact, "abuse@imported.example");
  r = a.attribute(*net::IpAddress::parse("203.0.113.1"), "syn-flood");
  EXPECT_EQ(r.organisation, "CERT-XX");
  EXPECT_EQ(r.contact, "incidents@cert.example");
}

TEST_F(AttributorTest, InhibitionAppliesToItsKindOnly) {
  Attributor a(file());
  {
    auto r = a.reload(*store_);
    ASSERT_TRUE(r.ok()) << r.error();
  }
  const Attribution r = a.attribute(*net::IpAddress::parse("192.0.2.9"), "scan-vertical");
  ASSERT_TRUE(r.inhibition.has_value());
  EXPECT_EQ(*r.inhibition, "research scanner");
}

TEST_F(AttributorTest, FailedReloadKeepsThePreviousResolver) {
  Attributor a(file());
  {
    auto r = a.reload(*store_);
    ASSERT_TRUE(r.ok()) << r.error();
  }
  write("organisations: [\n");
  const common::Result<void> r = a.reload(*store_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("constituency.yaml"), std::string::npos) << r.error();
  EXPECT_EQ(a.attribute(*net::IpAddress::parse("192.0.2.9"), "x").organisation, "ISP A");
}

TEST_F(AttributorTest, TheShippedDemoConstituencyLoads) {
  Attributor a(VIGIL_SOURCE_DIR "/deploy/constituency.yaml");
  { auto r = a.reload(*store_); ASSERT_TRUE(r.ok()) << r.error(); }
  EXPECT_EQ(a.attribute(*net::IpAddress::parse("10.1.250.10"), "scan-horizontal").organisation, "Example ISP A");
  EXPECT_EQ(a.attribute(*net::IpAddress::parse("10.1.251.11"), "syn-flood").contact, "abuse@isp-b.example");
  EXPECT_EQ(*a.attribute(*net::IpAddress::parse("10.1.250.200"), "scan-horizontal").inhibition,
            "research scanner of Example ISP A");
}

TEST_F(AttributorTest, WithoutAConstituencyEverythingIsUnresolved) {
  Attributor none("");
  EXPECT_EQ(none.attribute(*net::IpAddress::parse("192.0.2.9"), "x").organisation, "");
  ASSERT_TRUE(none.reload(*store_).ok());
  EXPECT_EQ(none.attribute(*net::IpAddress::parse("203.0.113.1"), "x").organisation, "unresolved");
  // Imports still resolve without a constituency file.
  EXPECT_EQ(none.attribute(*net::IpAddress::parse("198.51.100.1"), "x").organisation, "Imported Org");
}

}  // namespace
}  // namespace vigil::incidents
