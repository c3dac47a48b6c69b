// Tests for PGP/MIME mail with real GnuPG: a CERT and an ISP keyring, verified and decrypted by the gpg tool.
#include "notify/mail/mail_composer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace vigil::notify {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void spit(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// Runs a shell command; returns its exit status, fills `out` with its stdout and keeps its stderr for
// failure messages (`lastErrors()`), as a gpg failure under load says why only there.
std::string* last_errors = new std::string();
int sh(const std::string& command, std::string* out = nullptr) {
  char err_path[] = "/tmp/vigil-pgp-err-XXXXXX";
  const int err_fd = ::mkstemp(err_path);
  if (err_fd < 0) return -1;
  ::close(err_fd);
  FILE* p = ::popen((command + " 2>" + err_path).c_str(), "r");
  if (p == nullptr) return -1;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) {
    if (out != nullptr) out->append(buf, n);
  }
  const int status = WEXITSTATUS(::pclose(p));
  *last_errors = command + ": " + slurp(err_path);
  std::filesystem::remove(err_path);
  return status;
}

// Two keyrings made once for the suite: the CERT's (secret signing key) and an ISP's.
class MailComposerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/vigil-pgp-XXXXXX";
    if (sh("command -v gpg >/dev/null") != 0 || mkdtemp(tmpl) == nullptr) return;
    dir_ = new std::filesystem::path(tmpl);
    for (const char* who : {"cert", "isp"}) {
      std::filesystem::create_directories(*dir_ / who);
      std::filesystem::permissions(*dir_ / who, std::filesystem::perms::owner_all);
    }
    const std::string gen = " --batch --pinentry-mode loopback --passphrase '' --quick-gen-key ";
    // The agents are launched first: one that gpg starts on demand must answer within a few seconds,
    // which a loaded test machine may miss.
    const std::string steps[] = {
        "gpgconf --homedir " + (*dir_ / "cert").string() + " --launch gpg-agent",
        "gpgconf --homedir " + (*dir_ / "isp").string() + " --launch gpg-agent",
        gpg("cert") + gen + "'CERT Test <cert@cert.test>' future-default default never",
        gpg("isp") + gen + "'ISP Abuse <abuse@isp.test>' future-default default never",
        gpg("isp") + " --export --armor abuse@isp.test > " + (*dir_ / "isp.asc").string(),
        gpg("cert") + " --export --armor cert@cert.test > " + (*dir_ / "cert.asc").string(),
        gpg("isp") + " --batch --import " + (*dir_ / "cert.asc").string(),
    };
    for (const std::string& step : steps) {
      if (sh(step) != 0) {
        *setup_error_ = *last_errors;
        return;
      }
    }
    std::string listing;
    sh(gpg("cert") + " --with-colons --list-secret-keys cert@cert.test", &listing);
    const std::size_t fpr = listing.find("\nfpr:");
    if (fpr != std::string::npos) *cert_fpr_ = listing.substr(fpr + 13, 40);
  }
  static void TearDownTestSuite() {
    if (dir_ == nullptr) return;
    sh("gpgconf --homedir " + (*dir_ / "cert").string() + " --kill gpg-agent");
    sh("gpgconf --homedir " + (*dir_ / "isp").string() + " --kill gpg-agent");
    std::filesystem::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (dir_ == nullptr) GTEST_SKIP() << "no gpg here";
    ASSERT_EQ(*setup_error_, "");
    ASSERT_EQ(cert_fpr_->size(), 40u) << "no fingerprint for the CERT's key";
    auto pgp = PgpContext::open((*dir_ / "cert").string(), *cert_fpr_);
    ASSERT_TRUE(pgp.ok()) << pgp.error();
    pgp_ = std::move(*pgp);
  }
  static std::string gpg(const char* who) { return "gpg --homedir " + (*dir_ / who).string(); }

  static RenderedMail sample() {
    RenderedMail m;
    m.subject = "[TLP:AMBER] Vigil: 2 incidents in your network (ticket 20261122-00000001)";
    m.text = "TLP:AMBER\n\nHost 192.0.2.1 scanned 300 addresses.\n.a line starting with a dot\nFrom you\n";
    m.attachments.push_back({"events.csv", "text/csv", "time.source,source.ip\n2026-11-22T00:00:00Z,192.0.2.1\n"});
    m.headers = {{"Auto-Submitted", "auto-generated"}};
    return m;
  }
  static Envelope envelope() {
    return {"CERT Test", "cert@cert.test", "abuse@isp.test", "20261122-00000001", "cert.test", 1795305600000};
  }

  // The part between the first two boundary lines of a multipart body (RFC 2046: the CRLF before a
  // boundary belongs to it).
  static std::pair<std::string, std::string> twoParts(const std::string& message) {
    const std::size_t b = message.find("boundary=\"") + 10;
    const std::string boundary = "--" + message.substr(b, message.find('"', b) - b);
    const std::size_t first = message.find(boundary + "\r\n") + boundary.size() + 2;
    const std::size_t second = message.find("\r\n" + boundary + "\r\n", first);
    const std::size_t second_start = second + boundary.size() + 4;
    const std::size_t end = message.find("\r\n" + boundary + "--", second_start);
    return {message.substr(first, second - first), message.substr(second_start, end - second_start)};
  }

  static std::filesystem::path* dir_;
  static std::string* cert_fpr_;
  static std::string* setup_error_;
  std::unique_ptr<PgpContext> pgp_;
};
std::filesystem::path* MailComposerTest::dir_ = nullptr;
std::string* MailComposerTest::cert_fpr_ = new std::string();
std::string* MailComposerTest::setup_error_ = new std::string();

TEST_F(MailComposerTest, SignedMailVerifiesWithGpgAndTamperingBreaksIt) {
  MailComposer composer(42);
  auto message = composer.compose(sample(), envelope(), pgp_.get());
  ASSERT_TRUE(message.ok()) << message.error();
  EXPECT_NE(message->find("Content-Type: multipart/signed; micalg=pgp-sha"), std::string::npos);
  EXPECT_NE(message->find("\r\nAuto-Submitted: auto-generated\r\n"), std::string::npos);
  auto [signed_part, signature] = twoParts(*message);
  EXPECT_EQ(signed_part.rfind("Content-Type: multipart/mixed", 0), 0u);
  const auto part = *dir_ / "part1", sig = *dir_ / "sig.asc";
  spit(part, signed_part);
  spit(sig, signature.substr(signature.find("-----BEGIN PGP SIGNATURE-----")));
  EXPECT_EQ(sh(gpg("isp") + " --verify " + sig.string() + " " + part.string()), 0) << *last_errors;
  spit(part, signed_part.substr(0, 200) + "X" + signed_part.substr(201));
  EXPECT_NE(sh(gpg("isp") + " --verify " + sig.string() + " " + part.string()), 0);

  // Python's e-mail parser sees the RFC 3156 structure and the micalg gpg actually used.
  spit(*dir_ / "m.eml", *message);
  std::string py;
  sh("/usr/bin/python3 -c 'import email,sys; m=email.message_from_binary_file(open(sys.argv[1],\"rb\")); "
     "p=m.get_payload(); print(m.get_content_type(), m.get_param(\"protocol\"), len(p), p[1].get_content_type(), "
     "[x.get_filename() for x in p[0].get_payload()][1])' " +
         (*dir_ / "m.eml").string(),
     &py);
  EXPECT_EQ(py, "multipart/signed application/pgp-signature 2 application/pgp-signature events.csv\n");
}

TEST_F(MailComposerTest, EncryptedMailDecryptsForTheIspWithTheCertsSignatureInside) {
  auto imported = pgp_->importKeyFile((*dir_ / "isp.asc").string());
  ASSERT_TRUE(imported.ok()) << imported.error();
  const auto recipient = pgp_->encryptionKeyFor("ABUSE@isp.test", "");
  ASSERT_TRUE(recipient.has_value());
  EXPECT_EQ(pgp_->encryptionKeyFor("", imported->front()), recipient);
  EXPECT_FALSE(pgp_->encryptionKeyFor("nobody@isp.test", "").has_value());
  MailComposer composer(7);
  auto message = composer.compose(sample(), envelope(), pgp_.get(), *recipient);
  ASSERT_TRUE(message.ok()) << message.error();
  EXPECT_NE(message->find("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\""),
            std::string::npos);
  EXPECT_EQ(message->find("192.0.2.1"), std::string::npos);  // nothing of the body in the clear
  auto [version, sealed] = twoParts(*message);
  EXPECT_NE(version.find("Version: 1"), std::string::npos);
  spit(*dir_ / "sealed.asc", sealed.substr(sealed.find("-----BEGIN PGP MESSAGE-----")));
  std::string plain, status;
  EXPECT_EQ(sh(gpg("isp") + " --batch --status-fd 3 --decrypt " + (*dir_ / "sealed.asc").string() + " 3>" +
                   (*dir_ / "status").string(),
               &plain),
            0)
      << *last_errors;
  status = slurp(*dir_ / "status");
  EXPECT_NE(status.find("GOODSIG"), std::string::npos) << status;
  EXPECT_EQ(plain.rfind("Content-Type: multipart/mixed", 0), 0u);
  EXPECT_NE(plain.find("Host 192.0.2.1 scanned 300 addresses."), std::string::npos);
}

TEST_F(MailComposerTest, PlainMessagesAreSevenBitCrlfWithShortLines) {
  RenderedMail m = sample();
  m.subject = "Grüße\r\nBcc: evil@example.test";
  m.text += std::string(3000, 'y') + "\nÜmlaut\n";
  MailComposer composer(1);
  auto message = composer.compose(m, envelope(), nullptr);
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(message->find("\nBcc:"), std::string::npos);
  for (std::size_t i = 0; i < message->size(); ++i) {
    ASSERT_LT(uint8_t((*message)[i]), 0x80u) << "offset " << i;
    if ((*message)[i] == '\n') {
      ASSERT_EQ((*message)[i - 1], '\r') << "bare LF at " << i;
    }
  }
  std::size_t start = 0;
  while (start < message->size()) {
    const std::size_t end = message->find("\r\n", start);
    ASSERT_LE(end - start, 998u);
    start = end + 2;
  }
  spit(*dir_ / "plain.eml", *message);
  std::string subject;
  sh("/usr/bin/python3 -c 'import email,sys; from email.header import decode_header, make_header; "
     "m=email.message_from_binary_file(open(sys.argv[1],\"rb\")); "
     "print(str(make_header(decode_header(m[\"Subject\"]))))' " +
         (*dir_ / "plain.eml").string(),
     &subject);
  EXPECT_EQ(subject, "Grüße  Bcc: evil@example.test\n");
}

TEST_F(MailComposerTest, UnusableKeysAreClearErrors) {
  auto missing = PgpContext::open((*dir_ / "cert").string(), "0000000000000000000000000000000000000000");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("no secret key 0000000000000000000000000000000000000000"), std::string::npos)
      << missing.error();
  // An ISP key that expired is never encrypted to.
  sh(gpg("isp") +
     " --batch --pinentry-mode loopback --passphrase '' --quick-gen-key 'Old <old@isp.test>' "
     "future-default default seconds=1");
  sh(gpg("isp") + " --export --armor old@isp.test > " + (*dir_ / "old.asc").string());
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  ASSERT_TRUE(pgp_->importKeyFile((*dir_ / "old.asc").string()).ok());
  EXPECT_FALSE(pgp_->encryptionKeyFor("old@isp.test", "").has_value());
  EXPECT_FALSE(pgp_->importKeyFile((*dir_ / "status-missing").string()).ok());
}

}  // namespace
}  // namespace vigil::notify
