// Tests for PostgresStore specifics: the one reconnect, and errors from the server, on a throwaway server.
#include "store/postgres_store.h"

#include <gtest/gtest.h>

#include <string>

#include "store_test_support.h"

namespace vigil::store {
namespace {

using test::PostgresBackend;
using test::sampleEvent;

class PostgresStoreTest : public testing::Test {
 protected:
  static void SetUpTestSuite() { PostgresBackend::startSuite(); }
  static void TearDownTestSuite() { PostgresBackend::stopSuite(); }

  void SetUp() override {
    if (const std::string why = PostgresBackend::unavailable(); !why.empty()) GTEST_SKIP() << why;
    ASSERT_EQ(PostgresBackend::startError(), "");
    backend_ = std::make_unique<PostgresBackend>();
    ASSERT_FALSE(backend_->database().empty());
  }

  std::string conninfo() const { return PostgresBackend::server().conninfo(backend_->database()); }
  // Ends every other session on the test database, as a server restart or an admin would.
  void dropConnections() const {
    ASSERT_EQ(PostgresBackend::server().exec(
                  "postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                                  backend_->database() + "' AND pid <> pg_backend_pid()"),
              "");
  }

  std::unique_ptr<PostgresBackend> backend_;
};

TEST_F(PostgresStoreTest, ReconnectsOnceWhenTheConnectionWasDropped) {
  auto store = PostgresStore::open(conninfo());
  ASSERT_TRUE(store.ok()) << store.error();
  ASSERT_TRUE((*store)->insertEvent(sampleEvent("s1", 1), "{}", 1).ok());
  dropConnections();
  auto inserted = (*store)->insertEvent(sampleEvent("s1", 2), "{}", 2);
  ASSERT_TRUE(inserted.ok()) << inserted.error();
  EXPECT_EQ(*inserted, Store::Outcome::kStored);
  dropConnections();
  auto sensors = (*store)->sensors();
  ASSERT_TRUE(sensors.ok()) << sensors.error();
  ASSERT_EQ(sensors->size(), 1u);
  EXPECT_EQ(sensors->front().events, 2u);
  EXPECT_EQ(sensors->front().last_seq, 2u);
}

TEST_F(PostgresStoreTest, AMissingDatabaseIsAOneLineConnectError) {
  auto store = PostgresStore::open(PostgresBackend::server().conninfo("no_such_db"));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().rfind("postgresql: cannot connect: ", 0), 0u) << store.error();
  EXPECT_NE(store.error().find("\"no_such_db\" does not exist"), std::string::npos) << store.error();
  EXPECT_EQ(store.error().find('\n'), std::string::npos);
}

TEST_F(PostgresStoreTest, ServerErrorsNameTheStatementAndKeepTheStoreUsable) {
  auto store = PostgresStore::open(conninfo());
  ASSERT_TRUE(store.ok()) << store.error();
  ASSERT_EQ(PostgresBackend::server().exec(backend_->database(), "ALTER TABLE imports ADD CHECK (row_count < 2)"), "");
  const std::vector<net::Pfx2AsEntry> entries = {{*net::Prefix::parse("192.0.2.0/24"), 1},
                                                 {*net::Prefix::parse("198.51.100.0/24"), 2}};
  auto replaced = (*store)->replaceAsns({"pfx2as", "x", 1, 0}, entries);
  ASSERT_FALSE(replaced.ok());
  EXPECT_EQ(replaced.error().rfind("postgresql: INSERT INTO imports: new row for relation \"imports\" violates", 0), 0u)
      << replaced.error();
  EXPECT_TRUE((*store)->asns()->empty());  // the COPY before it was rolled back too
  ASSERT_TRUE((*store)->replaceAsns({"pfx2as", "x", 1, 0}, std::span(entries).first(1)).ok());
  EXPECT_EQ((*store)->asns()->size(), 1u);
}

}  // namespace
}  // namespace vigil::store
