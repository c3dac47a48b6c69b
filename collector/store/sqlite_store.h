// SqliteStore: the collector's default store, one SQLite file in WAL mode with durable commits.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql_store.h"

struct sqlite3;
struct sqlite3_stmt;

namespace vigil::store {

/// Owns one sqlite3 connection and its prepared statements (each distinct SQL text is prepared
/// once and reused). journal_mode=WAL (readers never block the writer), synchronous=FULL (a
/// committed event survives power loss, which the sensor's ack relies on: about one fsync per
/// commit), foreign_keys=ON, busy_timeout 5 s for other connections' writes. The file is created
/// mode 0600 (SQLite gives its -wal and -shm files the same mode); an existing file keeps its mode.
/// Same threading rules as Store: one thread at a time.
class SqliteStore final : public SqlStore {
 public:
  /// Opens or creates `path` and migrates it. "sqlite:PATH: cannot open: file is not a database"
  /// and the like for anything that is not a usable Vigil database.
  static common::Result<std::unique_ptr<SqliteStore>> open(const std::string& path);
  ~SqliteStore() override;

 protected:
  std::string_view errorPrefix() const noexcept override { return prefix_; }
  common::Result<void> begin(bool write) override;
  common::Result<void> commit() override;
  void rollback() noexcept override;
  common::Result<int64_t> run(std::string_view sql, std::span<const SqlValue> params,
                              const RowHandler* on_row) override;
  common::Result<void> bulkInsert(std::string_view table, std::string_view columns, int column_count, std::size_t rows,
                                  const RowFiller& fill) override;

 private:
  SqliteStore(std::string path, sqlite3* db);
  common::Result<sqlite3_stmt*> prepare(std::string_view sql);
  common::Result<void> bindAll(sqlite3_stmt* statement, std::span<const SqlValue> params);
  common::Error lastError(std::string_view sql) const;
  common::Result<void> configure();

  const std::string prefix_;  // "sqlite:PATH"
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace vigil::store
