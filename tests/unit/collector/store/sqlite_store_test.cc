// Tests for SqliteStore specifics: file modes, WAL, bad files, and two stores on one file.
#include "store/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "store_test_support.h"

namespace vigil::store {
namespace {

using test::sampleEvent;
using test::TempDir;

unsigned modeOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

std::string pragma(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return out;
}

TEST(SqliteStoreTest, CreatesTheDatabaseAndItsWalOwnerOnly) {
  TempDir dir;
  const std::string path = dir.file("vigil.db");
  const mode_t old_umask = ::umask(022);  // the usual umask would leave a default-created file 0644
  auto store = SqliteStore::open(path);
  ::umask(old_umask);
  ASSERT_TRUE(store.ok()) << store.error();
  ASSERT_TRUE((*store)->insertEvent(sampleEvent("s1", 1), "{}", 1).ok());
  EXPECT_EQ(modeOf(path), 0600u);
  EXPECT_EQ(modeOf(path + "-wal"), 0600u);
  EXPECT_EQ(modeOf(path + "-shm"), 0600u);
  EXPECT_EQ(pragma(path, "PRAGMA journal_mode"), "wal");  // persistent, so visible to a second connection
}

TEST(SqliteStoreTest, AnExistingFileKeepsItsMode) {
  TempDir dir;
  const std::string path = dir.file("vigil.db");
  std::ofstream(path).close();
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  auto store = SqliteStore::open(path);
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(modeOf(path), 0640u);
}

TEST(SqliteStoreTest, AFileThatIsNotADatabaseGivesAClearError) {
  TempDir dir;
  const std::string path = dir.file("corrupt.db");
  std::ofstream(path) << std::string(8192, 'x');
  auto store = SqliteStore::open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error(), "sqlite:" + path + ": cannot open: file is not a database");
}

TEST(SqliteStoreTest, AMissingDirectoryNamesThePathAndTheReason) {
  TempDir dir;
  const std::string path = dir.file("missing/vigil.db");
  auto store = SqliteStore::open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error(), "sqlite:" + path + ": cannot open: No such file or directory");
}

TEST(SqliteStoreTest, TwoStoresOnOneFileSeeEachOthersCommits) {
  TempDir dir;
  const std::string path = dir.file("vigil.db");
  auto a = SqliteStore::open(path);
  auto b = SqliteStore::open(path);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE((*a)->insertEvent(sampleEvent("s1", 1), "{}", 1).ok());
  ASSERT_TRUE((*b)->insertEvent(sampleEvent("s1", 2), "{}", 2).ok());
  EXPECT_EQ((*a)->insertEvent(sampleEvent("s1", 2), "{}", 3).value(), Store::Outcome::kDuplicate);
  auto sensors = (*b)->sensors();
  ASSERT_TRUE(sensors.ok());
  ASSERT_EQ(sensors->size(), 1u);
  EXPECT_EQ(sensors->front().events, 2u);
  EXPECT_EQ(sensors->front().duplicates, 1u);
}

}  // namespace
}  // namespace vigil::store
