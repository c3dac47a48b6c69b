// Tests for the JSON-lines feed file: whole lines appended and synced, file mode, refusals.
#include "notify/transport/jsonl_notifier.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace vigil::notify {
namespace {

class JsonlNotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/vigil-jsonl-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string read(const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::filesystem::path dir_;
};

TEST_F(JsonlNotifierTest, AppendsOneLinePerRecord) {
  const auto path = dir_ / "feed.jsonl";
  JsonlNotifier jsonl(path.string());
  EXPECT_EQ(jsonl.deliver({"jsonl", "", R"({"ticket":"a"})", "a"}).status, DeliveryStatus::kDelivered);
  EXPECT_EQ(jsonl.deliver({"jsonl", "", R"({"ticket":"b"})", "b"}).status, DeliveryStatus::kDelivered);
  EXPECT_EQ(read(path), "{\"ticket\":\"a\"}\n{\"ticket\":\"b\"}\n");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  const mode_t umask_now = ::umask(0);
  ::umask(umask_now);
  EXPECT_EQ(st.st_mode & 0777, 0640u & ~umask_now);
}

TEST_F(JsonlNotifierTest, RefusesMultiLineRecordsAndRetriesUnwritableFiles) {
  JsonlNotifier jsonl((dir_ / "feed.jsonl").string());
  const DeliveryResult split = jsonl.deliver({"jsonl", "", "{\n}", "t1"});
  EXPECT_EQ(split.status, DeliveryStatus::kPermanent);
  EXPECT_EQ(split.detail, "record for t1 spans several lines");
  JsonlNotifier missing((dir_ / "no-such-dir" / "feed.jsonl").string());
  const DeliveryResult r = missing.deliver({"jsonl", "", "{}", "t"});
  EXPECT_EQ(r.status, DeliveryStatus::kRetry);
  EXPECT_NE(r.detail.find("No such file or directory"), std::string::npos) << r.detail;
}

}  // namespace
}  // namespace vigil::notify
