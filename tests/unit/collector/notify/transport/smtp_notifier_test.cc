// Tests for SMTP delivery through libcurl against a real SMTP server (aiosmtpd) on loopback.
#include "notify/transport/smtp_notifier.h"

#include <gtest/gtest.h>

#include "../sink_process.h"

namespace vigil::notify {
namespace {

class SmtpNotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string why = test::SinkProcess::smtpUnavailable(); !why.empty()) GTEST_SKIP() << why;
    char tmpl[] = "/tmp/vigil-smtp-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<test::SinkProcess> sink(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--maildir", (dir_ / "mail").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    auto s = std::make_unique<test::SinkProcess>("smtp_sink.py", dir_ / "sink", args);
    EXPECT_NE(s->port(), 0) << "smtp_sink.py did not start";
    return s;
  }
  SmtpOptions options(int port) {
    SmtpOptions o;
    o.url = "smtp://127.0.0.1:" + std::to_string(port);
    o.mail_from = "cert@cert.test";
    o.timeout_s = 5;
    return o;
  }
  std::filesystem::path dir_;
  const std::string message_ =
      "From: cert@cert.test\r\nTo: abuse@isp.test\r\nSubject: [TLP:AMBER] test\r\n\r\n"
      "line one\r\n.leading dot\r\n";
};

TEST_F(SmtpNotifierTest, DeliversTheMessageBytesToTheRecipient) {
  auto server = sink();
  SmtpNotifier smtp(options(server->port()));
  const DeliveryResult r = smtp.deliver({"smtp", "abuse@isp.test", message_, "20261122-00000001"});
  EXPECT_EQ(r.status, DeliveryStatus::kDelivered) << r.detail;
  EXPECT_EQ(r.detail, "SMTP 250");
  const auto mails = test::filesIn(dir_ / "mail" / "new");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0], "X-MailFrom: cert@cert.test\r\nX-RcptTo: abuse@isp.test\r\n" + message_);
  // The handle is reused for the next session.
  EXPECT_EQ(smtp.deliver({"smtp", "noc@isp.test", message_, "t2"}).status, DeliveryStatus::kDelivered);
  EXPECT_EQ(test::filesIn(dir_ / "mail" / "new").size(), 2u);
}

TEST_F(SmtpNotifierTest, FiveHundredsArePermanentFourHundredsAreRetried) {
  auto server = sink({"--reject-rcpt", "gone@isp.test:550", "--reject-rcpt", "busy@isp.test:451"});
  SmtpNotifier smtp(options(server->port()));
  const DeliveryResult gone = smtp.deliver({"smtp", "gone@isp.test", message_, "t"});
  EXPECT_EQ(gone.status, DeliveryStatus::kPermanent);
  EXPECT_EQ(gone.detail.rfind("SMTP 550: ", 0), 0u) << gone.detail;
  const DeliveryResult busy = smtp.deliver({"smtp", "busy@isp.test", message_, "t"});
  EXPECT_EQ(busy.status, DeliveryStatus::kRetry);
  EXPECT_EQ(busy.detail.rfind("SMTP 451: ", 0), 0u) << busy.detail;
  EXPECT_TRUE(test::filesIn(dir_ / "mail" / "new").empty());
}

TEST_F(SmtpNotifierTest, ServerDownIsRetriedAndBadRecipientsNeverSent) {
  int port = 0;
  {
    auto server = sink();  // learn a free port, then stop the server
    port = server->port();
  }
  SmtpNotifier smtp(options(port));
  const auto start = std::chrono::steady_clock::now();
  const DeliveryResult down = smtp.deliver({"smtp", "abuse@isp.test", message_, "t"});
  EXPECT_EQ(down.status, DeliveryStatus::kRetry) << down.detail;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(smtp.deliver({"smtp", "abuse@isp.test>\r\nRCPT TO:<x@y", message_, "t"}).status,
            DeliveryStatus::kPermanent);
  EXPECT_EQ(smtp.deliver({"smtp", "no-at-sign", message_, "t"}).status, DeliveryStatus::kPermanent);
}

TEST_F(SmtpNotifierTest, RequiredStartTlsAgainstAPlainServerIsNotSentInTheClear) {
  auto server = sink();
  SmtpOptions o = options(server->port());
  o.tls = SmtpOptions::Tls::kStartTlsRequired;
  o.username = "cert";
  o.password = "hunter2";
  SmtpNotifier smtp(o);
  const DeliveryResult r = smtp.deliver({"smtp", "abuse@isp.test", message_, "t"});
  EXPECT_EQ(r.status, DeliveryStatus::kRetry) << r.detail;
  EXPECT_EQ(r.detail.find("hunter2"), std::string::npos);
  EXPECT_TRUE(test::filesIn(dir_ / "mail" / "new").empty());
}

TEST_F(SmtpNotifierTest, StartTlsWithTheServersCertificate) {
  const std::string cert = (dir_ / "cert.pem").string(), key = (dir_ / "key.pem").string();
  const std::string openssl =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout " +
      key + " -out " + cert + " >/dev/null 2>&1";
  if (std::system(openssl.c_str()) != 0) GTEST_SKIP() << "openssl cannot make a test certificate here";
  auto server = sink({"--tls-cert", cert, "--tls-key", key});
  SmtpOptions o = options(server->port());
  o.tls = SmtpOptions::Tls::kStartTlsRequired;
  o.ca_file = cert;
  SmtpNotifier smtp(o);
  const DeliveryResult r = smtp.deliver({"smtp", "abuse@isp.test", message_, "t"});
  EXPECT_EQ(r.status, DeliveryStatus::kDelivered) << r.detail;
  EXPECT_EQ(test::filesIn(dir_ / "mail" / "new").size(), 1u);
}

}  // namespace
}  // namespace vigil::notify
