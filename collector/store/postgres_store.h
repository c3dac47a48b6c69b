// PostgresStore: the store on a PostgreSQL server through libpq, for sites that run one.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/sql_store.h"

struct pg_conn;

namespace vigil::store {

/// Owns one libpq connection. Every statement is parameterised (values never enter SQL text);
/// bulk imports stream through COPY. A connection found broken when a transaction starts (server
/// restart, idle connection killed) is reset once and the transaction started again; a break in
/// the middle of a transaction is returned as an error, since the server rolled it back and only the
/// caller knows whether to retry. The database should use UTF8 encoding (text is sent as UTF-8).
/// Same threading rules as Store: one thread at a time.
class PostgresStore final : public SqlStore {
 public:
  /// `conninfo` is anything libpq accepts: "host=/run/postgresql dbname=vigil" or a
  /// postgresql:// URI. Errors never repeat it (it may hold a password).
  static common::Result<std::unique_ptr<PostgresStore>> open(const std::string& conninfo);
  ~PostgresStore() override;

 protected:
  std::string_view errorPrefix() const noexcept override { return "postgresql"; }
  common::Result<void> begin(bool write) override;
  common::Result<void> commit() override;
  void rollback() noexcept override;
  common::Result<int64_t> run(std::string_view sql, std::span<const SqlValue> params,
                              const RowHandler* on_row) override;
  common::Result<void> bulkInsert(std::string_view table, std::string_view columns, int column_count, std::size_t rows,
                                  const RowFiller& fill) override;

 private:
  explicit PostgresStore(pg_conn* connection);
  /// The connection's last error, first line only.
  std::string connectionError() const;

  pg_conn* connection_;
};

}  // namespace vigil::store
