// SqliteStore: connection set-up, the statement cache, and the SqlStore primitives on the SQLite C API.
#include "store/sqlite_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

namespace vigil::store {
namespace {

constexpr int kBusyTimeoutMs = 5000;

class SqliteRow final : public SqlRow {
 public:
  explicit SqliteRow(sqlite3_stmt* statement) : statement_(statement) {}
  bool isNull(int column) const override { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
  int64_t integer(int column) const override { return sqlite3_column_int64(statement_, column); }
  double real(int column) const override { return sqlite3_column_double(statement_, column); }
  std::string_view text(int column) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    if (p == nullptr) return {};
    return {p, std::size_t(sqlite3_column_bytes(statement_, column))};
  }

 private:
  sqlite3_stmt* statement_;
};

// Leaves a cached statement ready for its next use whatever way the caller returns.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* statement) : statement_(statement) {}
  ~ResetOnExit() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* statement_;
};

}  // namespace

common::Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  const std::string prefix = "sqlite:" + path;
  if (path.empty()) return common::fail("sqlite:: no database path given");
  // SQLite would create the file 0644; events name hosts and contacts, so nobody else reads them.
  // Only a file that does not exist yet is created here: closing any descriptor of a database file
  // drops every POSIX lock this process holds on it, including the shared lock of another open
  // connection (the collector opens one per thread). Without that lock a second process closing its
  // connection believes it is the last one, checkpoints and resets the WAL under our feet, and our
  // connections keep reading a stale snapshot.
  if (struct stat st {}; ::stat(path.c_str(), &st) != 0) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) return common::fail(prefix + ": cannot open: " + std::strerror(errno));
    if (fd >= 0) ::close(fd);
  }
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return common::fail(prefix + ": cannot open: " + why);
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(path, db));
  if (auto configured = store->configure(); !configured) return common::fail(configured.error());
  if (auto migrated = store->migrate(); !migrated) return common::fail(migrated.error());
  return store;
}

SqliteStore::SqliteStore(std::string path, sqlite3* db)
    : SqlStore(Dialect::kSqlite), prefix_("sqlite:" + std::move(path)), db_(db) {}

SqliteStore::~SqliteStore() {
  for (auto& [sql, statement] : statements_)
    sqlite3_finalize(statement);
  sqlite3_close(db_);
}

common::Result<void> SqliteStore::configure() {
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  // The first read of the file happens here, so a file that is not a database fails here.
  std::string mode;
  const RowHandler read_mode = [&](const SqlRow& row) -> common::Result<void> {
    mode = std::string(row.text(0));
    return {};
  };
  if (auto r = run("PRAGMA journal_mode = WAL", {}, &read_mode); !r) {
    return common::fail(prefix_ + ": cannot open: " + sqlite3_errmsg(db_));
  }
  if (mode != "wal") return common::fail(prefix_ + ": cannot switch to WAL journal mode (got '" + mode + "')");
  for (const char* pragma : {"PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"}) {
    if (auto r = run(pragma, {}, nullptr); !r) return common::fail(prefix_ + ": " + r.error());
  }
  return {};
}

common::Error SqliteStore::lastError(std::string_view sql) const {
  return common::fail(std::string(statementHead(sql)) + ": " + sqlite3_errmsg(db_));
}

common::Result<sqlite3_stmt*> SqliteStore::prepare(std::string_view sql) {
  if (const auto it = statements_.find(std::string(sql)); it != statements_.end()) return it->second;
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement, &tail) != SQLITE_OK) {
    return lastError(sql);
  }
  // Parameters must be $1..$N in order of first appearance, so that index N is $N as in PostgreSQL.
  for (int i = 1; i <= sqlite3_bind_parameter_count(statement); ++i) {
    const char* name = sqlite3_bind_parameter_name(statement, i);
    if (name == nullptr || "$" + std::to_string(i) != name) {
      sqlite3_finalize(statement);
      return common::fail(std::string(statementHead(sql)) + ": parameter " + std::to_string(i) + " is not $" +
                          std::to_string(i));
    }
  }
  statements_.emplace(std::string(sql), statement);
  return statement;
}

common::Result<void> SqliteStore::bindAll(sqlite3_stmt* statement, std::span<const SqlValue> params) {
  if (int(params.size()) != sqlite3_bind_parameter_count(statement)) {
    return common::fail(std::string(statementHead(sqlite3_sql(statement))) + ": " + std::to_string(params.size()) +
                        " values for " + std::to_string(sqlite3_bind_parameter_count(statement)) + " parameters");
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int index = int(i) + 1;
    int rc = SQLITE_OK;
    if (const auto* v = std::get_if<int64_t>(&params[i])) {
      rc = sqlite3_bind_int64(statement, index, *v);
    } else if (const auto* d = std::get_if<double>(&params[i])) {
      rc = sqlite3_bind_double(statement, index, *d);
    } else if (const auto* s = std::get_if<std::string>(&params[i])) {
      // The values outlive the statement's use: the caller holds them until run() returns.
      rc = sqlite3_bind_text(statement, index, s->data(), int(s->size()), SQLITE_STATIC);
    } else {
      rc = sqlite3_bind_null(statement, index);
    }
    if (rc != SQLITE_OK) return lastError(sqlite3_sql(statement));
  }
  return {};
}

common::Result<int64_t> SqliteStore::run(std::string_view sql, std::span<const SqlValue> params,
                                         const RowHandler* on_row) {
  auto prepared = prepare(sql);
  if (!prepared) return common::fail(prepared.error());
  sqlite3_stmt* statement = *prepared;
  const ResetOnExit reset(statement);
  if (auto bound = bindAll(statement, params); !bound) return common::fail(bound.error());
  const SqliteRow row(statement);
  for (;;) {
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return lastError(sql);
    if (on_row != nullptr) {
      if (auto handled = (*on_row)(row); !handled) return common::fail(handled.error());
    }
  }
  return sqlite3_stmt_readonly(statement) ? int64_t(0) : int64_t(sqlite3_changes64(db_));
}

common::Result<void> SqliteStore::begin(bool write) {
  auto r = run(write ? "BEGIN IMMEDIATE" : "BEGIN", {}, nullptr);
  if (!r) return common::fail(r.error());
  return {};
}

common::Result<void> SqliteStore::commit() {
  auto r = run("COMMIT", {}, nullptr);
  if (!r) return common::fail(r.error());
  return {};
}

void SqliteStore::rollback() noexcept {
  // A failed COMMIT or an I/O error may already have ended the transaction.
  if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

common::Result<void> SqliteStore::bulkInsert(std::string_view table, std::string_view columns, int column_count,
                                             std::size_t rows, const RowFiller& fill) {
  std::string sql = "INSERT INTO " + std::string(table) + " (" + std::string(columns) + ") VALUES (";
  for (int i = 1; i <= column_count; ++i)
    sql += (i > 1 ? ", $" : "$") + std::to_string(i);
  sql += ")";
  auto prepared = prepare(sql);
  if (!prepared) return common::fail(prepared.error());
  sqlite3_stmt* statement = *prepared;
  const ResetOnExit reset(statement);
  std::vector<SqlValue> values(static_cast<std::size_t>(column_count));
  // One prepared statement re-bound per row inside the caller's transaction: about a microsecond a
  // row, so a million-row import is a few seconds and one fsync.
  for (std::size_t i = 0; i < rows; ++i) {
    fill(i, values);
    if (auto bound = bindAll(statement, values); !bound) return bound;
    if (sqlite3_step(statement) != SQLITE_DONE) return lastError(sql);
    sqlite3_reset(statement);
  }
  return {};
}

}  // namespace vigil::store
