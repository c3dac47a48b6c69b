// Tests for CURVE key files: modes, syntax, allowlist directories, no accidental overwrite.
#include "wire/curve_key_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace vigil::wire {
namespace {

constexpr const char* kPublic = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
constexpr const char* kSecret = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";

class CurveKeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/vigil-keys-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(CurveKeyFileTest, WrittenPairLoadsBackWithOwnerOnlySecret) {
  ASSERT_TRUE(writeKeyPair(dir_.string(), "s1", {kPublic, kSecret}, false).ok());
  struct stat st {};
  ASSERT_EQ(::stat(path("s1.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto pair = loadKeyPair(path("s1.key"));
  ASSERT_TRUE(pair.ok()) << pair.error();
  EXPECT_EQ(pair->public_key, kPublic);
  EXPECT_EQ(pair->secret_key, kSecret);
}

TEST_F(CurveKeyFileTest, NeverOverwritesWithoutForce) {
  ASSERT_TRUE(writeKeyPair(dir_.string(), "s1", {kPublic, kSecret}, false).ok());
  auto again = writeKeyPair(dir_.string(), "s1", {kSecret, kPublic}, false);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error(), path("s1.key") + ": already exists (use --force to replace it)");
  ::chmod(path("s1.key").c_str(), 0644);
  ASSERT_TRUE(writeKeyPair(dir_.string(), "s1", {kSecret, kPublic}, true).ok());
  EXPECT_EQ(*loadSecretKey(path("s1.key")), kPublic);  // replaced, and back to 0600
}

TEST_F(CurveKeyFileTest, ReadableSecretKeyIsRefused) {
  ASSERT_TRUE(writeKeyPair(dir_.string(), "s1", {kPublic, kSecret}, false).ok());
  ::chmod(path("s1.key").c_str(), 0640);
  auto key = loadSecretKey(path("s1.key"));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error(),
            path("s1.key") + ": is readable by group or others (mode 0640); run chmod 600 " + path("s1.key"));
}

TEST_F(CurveKeyFileTest, BadAndMissingKeysNameTheFile) {
  std::ofstream(path("bad.pub")) << "not a key\n";
  EXPECT_EQ(loadPublicKey(path("bad.pub")).error(), path("bad.pub") + ": not a CURVE key (expected 40 Z85 characters)");
  EXPECT_EQ(loadPublicKey(path("none.pub")).error(), path("none.pub") + ": cannot read: No such file or directory");
}

TEST_F(CurveKeyFileTest, AllowlistTakesEveryPubFileByName) {
  std::filesystem::create_directory(dir_ / "sensors");
  std::ofstream((dir_ / "sensors" / "b.pub").string()) << kSecret << "\n";
  std::ofstream((dir_ / "sensors" / "a.pub").string()) << kPublic << "\r\n";
  std::ofstream((dir_ / "sensors" / "README").string()) << "ignored\n";
  auto keys = loadAllowlist((dir_ / "sensors").string());
  ASSERT_TRUE(keys.ok()) << keys.error();
  EXPECT_EQ(*keys, (std::vector<NamedKey>{{"a", kPublic}, {"b", kSecret}}));
  std::filesystem::create_directory(dir_ / "empty");
  EXPECT_EQ(loadAllowlist((dir_ / "empty").string()).error(),
            (dir_ / "empty").string() + ": no sensor public keys (NAME.pub) found");
  std::ofstream((dir_ / "sensors" / "c.pub").string()) << "short\n";
  EXPECT_EQ(loadAllowlist((dir_ / "sensors").string()).error(),
            (dir_ / "sensors" / "c.pub").string() + ": not a CURVE key (expected 40 Z85 characters)");
}

}  // namespace
}  // namespace vigil::wire
