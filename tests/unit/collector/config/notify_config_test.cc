// Tests for the `notifications:` section: every key, secrets read from files, defaults, exact located errors.
#include "config/notify_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config/collector_config.h"

namespace vigil::config {
namespace {

class NotifyConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/vigil-notify-config-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::ofstream(dir_ / "smtp.password") << "s3cret\n";
    std::ofstream(dir_ / "misp.key") << "MISPKEY\n";
    std::ofstream(dir_ / "rt.token") << "RTTOKEN\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  common::Result<CollectorConfig> parse(const std::string& notifications) {
    return parseCollectorConfig("insecure: true\nnotifications:\n" + notifications, "collector.yaml", dir_.string());
  }
  std::filesystem::path dir_;
};

TEST_F(NotifyConfigTest, FullExampleLoadsEveryField) {
  auto c = parse(R"(  reporter: {name: CERT-XX, email: cert@cert.example, domain: cert.example}
  templates: templates
  renotify_after: 12h
  settle: 5s
  high_at_once: false
  upstream_tlps: [TLP:CLEAR]
  events_per_incident: 3
  pgp: {home: gnupg, signing_key: 0123456789ABCDEF0123456789ABCDEF01234567}
  smtp: {url: "smtp://127.0.0.1:2525", tls: starttls-required, username: cert, password_file: smtp.password,
         timeout: 20s}
  outbox: {first_retry: 10s, max_retry: 30m, max_attempts: 5, disable_after: 2}
  feeds:
    webhook: {url: "https://ir.cert.example/hook", headers: {Authorization: "Bearer abc"}}
    misp: {url: "https://misp.cert.example/events/add", key_file: misp.key}
    rtir: {url: "https://rt.cert.example/REST/2.0/ticket", token_file: rt.token}
    jsonl: {path: feed.jsonl}
)");
  ASSERT_TRUE(c.ok()) << c.error();
  ASSERT_TRUE(c->notifications.has_value());
  const NotifyConfig& n = *c->notifications;
  EXPECT_EQ(n.reporter_name, "CERT-XX");
  EXPECT_EQ(n.reporter_domain, "cert.example");
  EXPECT_EQ(n.templates_dir, (dir_ / "templates").string());
  EXPECT_EQ(n.renotify_after_s, 12u * 3600);
  EXPECT_EQ(n.settle_s, 5u);
  EXPECT_FALSE(n.high_at_once);
  EXPECT_EQ(n.upstream_tlps, std::vector<std::string>{"TLP:CLEAR"});
  EXPECT_EQ(n.events_per_incident, 3u);
  EXPECT_EQ(n.pgp_home, (dir_ / "gnupg").string());
  EXPECT_EQ(n.smtp_url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(n.smtp_tls, "starttls-required");
  EXPECT_EQ(n.smtp_password, "s3cret");
  EXPECT_EQ(n.smtp_from, "cert@cert.example");  // defaults to the reporter's address
  EXPECT_EQ(n.smtp_timeout_s, 20u);
  EXPECT_EQ(n.first_retry_s, 10u);
  EXPECT_EQ(n.max_retry_s, 1800u);
  EXPECT_EQ(n.max_attempts, 5u);
  EXPECT_EQ(n.disable_after, 2u);
  ASSERT_TRUE(n.webhook && n.misp && n.rtir);
  EXPECT_EQ(n.webhook->headers.at("Authorization"), "Bearer abc");
  EXPECT_EQ(n.misp->headers.at("Authorization"), "MISPKEY");
  EXPECT_EQ(n.rtir->headers.at("Authorization"), "token RTTOKEN");
  EXPECT_EQ(n.rtir->queue, "Incident Reports");
  EXPECT_EQ(n.jsonl_path, (dir_ / "feed.jsonl").string());
}

TEST_F(NotifyConfigTest, AbsentSectionNotifiesNobody) {
  auto c = parseCollectorConfig("insecure: true\n", "collector.yaml", dir_.string());
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->notifications.has_value());
}

TEST_F(NotifyConfigTest, ErrorsNameFileLineAndField) {
  EXPECT_EQ(parse("  smtp: {url: \"http://x\"}\n").error(),
            "collector.yaml:3:15: 'url' must start with smtp:// or smtps:// (got 'http://x')");
  EXPECT_EQ(parse("  upstream_tlps: [TLP:RED]\n").error(),
            "collector.yaml:3:18: 'upstream_tlps' takes TLP:CLEAR, TLP:GREEN, TLP:AMBER or TLP:AMBER+STRICT (got "
            "'TLP:RED'; TLP:RED never leaves the collector)");
  EXPECT_EQ(parse("  pgp: {home: g}\n").error(),
            "collector.yaml:3:8: 'pgp' needs 'signing_key' (the fingerprint of the CERT's key in 'home')");
  const std::string missing = parse("  smtp: {url: \"smtp://h\", password_file: nope}\n").error();
  EXPECT_NE(missing.find("cannot read '" + (dir_ / "nope").string() + "'"), std::string::npos) << missing;
  EXPECT_NE(parse("  feeds: {misp: {url: \"https://m\", token_file: rt.token}}\n")
                .error()
                .find("'token_file' does not apply to the misp feed"),
            std::string::npos);
  EXPECT_NE(parse("  smtp_url: x\n").error().find("unknown key 'smtp_url'"), std::string::npos);
}

}  // namespace
}  // namespace vigil::config
