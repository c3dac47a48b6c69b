// Tests for JSON POST delivery through libcurl against a real HTTP server on loopback.
#include "notify/transport/http_notifier.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../sink_process.h"

namespace vigil::notify {
namespace {

class HttpNotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/vigil-http-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<test::SinkProcess> sink(const std::string& statuses) {
    auto s = std::make_unique<test::SinkProcess>(
        "http_sink.py", dir_ / "sink",
        std::vector<std::string>{"--out", (dir_ / "out").string(), "--status", statuses});
    EXPECT_NE(s->port(), 0) << "http_sink.py did not start";
    return s;
  }
  HttpNotifier notifier(int port) {
    HttpOptions o;
    o.channel = "misp";
    o.url = "http://127.0.0.1:" + std::to_string(port) + "/events/add";
    o.headers = {{"Authorization", "SECRETKEY"}};
    o.timeout_s = 5;
    return HttpNotifier(o);
  }
  std::vector<nlohmann::json> requests() {
    std::vector<nlohmann::json> out;
    for (const std::string& f : test::filesIn(dir_ / "out"))
      out.push_back(nlohmann::json::parse(f));
    return out;
  }
  std::filesystem::path dir_;
};

TEST_F(HttpNotifierTest, PostsTheDocumentWithAuthAndIdempotencyKey) {
  auto server = sink("201");
  HttpNotifier http = notifier(server->port());
  EXPECT_EQ(http.channel(), "misp");
  const DeliveryResult r = http.deliver({"misp", "", R"({"Event":{"info":"x"}})", "20261122-00000007"});
  EXPECT_EQ(r.status, DeliveryStatus::kDelivered) << r.detail;
  const auto seen = requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0]["path"], "/events/add");
  EXPECT_EQ(seen[0]["body"], R"({"Event":{"info":"x"}})");
  EXPECT_EQ(seen[0]["headers"]["Authorization"], "SECRETKEY");
  EXPECT_EQ(seen[0]["headers"]["Idempotency-Key"], "20261122-00000007");
  EXPECT_EQ(seen[0]["headers"]["Content-Type"], "application/json");
}

TEST_F(HttpNotifierTest, ServerErrorsAndThrottlingAreRetriedClientErrorsArePermanent) {
  auto server = sink("503,429,401,400,200");
  HttpNotifier http = notifier(server->port());
  const Delivery d{"misp", "", "{}", "t"};
  const DeliveryResult unavailable = http.deliver(d);
  EXPECT_EQ(unavailable.status, DeliveryStatus::kRetry);
  EXPECT_EQ(unavailable.detail, R"(HTTP 503: {"status": 503, "note": "http sink"})");
  EXPECT_EQ(http.deliver(d).status, DeliveryStatus::kRetry);  // 429
  EXPECT_EQ(http.deliver(d).status, DeliveryStatus::kRetry);  // 401: an expired token is ours to fix
  const DeliveryResult bad = http.deliver(d);
  EXPECT_EQ(bad.status, DeliveryStatus::kPermanent);
  EXPECT_EQ(bad.detail.find("SECRETKEY"), std::string::npos);
  EXPECT_EQ(http.deliver(d).status, DeliveryStatus::kDelivered);
  EXPECT_EQ(requests().size(), 5u);
}

TEST_F(HttpNotifierTest, NobodyListeningIsRetried) {
  int port = 0;
  {
    auto server = sink("200");
    port = server->port();
  }
  HttpNotifier http = notifier(port);
  const DeliveryResult r = http.deliver({"misp", "", "{}", "t"});
  EXPECT_EQ(r.status, DeliveryStatus::kRetry);
  EXPECT_NE(r.detail.find("Couldn't connect"), std::string::npos) << r.detail;
}

}  // namespace
}  // namespace vigil::notify
