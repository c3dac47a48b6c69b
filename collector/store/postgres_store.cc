// PostgresStore: libpq connection, parameterised statements, COPY bulk loads and the one reconnect.
#include "store/postgres_store.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <memory>
#include <vector>

namespace vigil::store {
namespace {

constexpr Oid kInt8Oid = 20;     // pg_type.oid of bigint
constexpr Oid kFloat8Oid = 701;  // pg_type.oid of double precision
constexpr std::size_t kCopyChunk = 1 << 20;

struct ResultDeleter {
  void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// libpq prints notices ("relation already exists, skipping") to stderr by default; the store has
// nothing to tell an operator from them.
void ignoreNotice(void*, const char*) {}

std::string firstLine(const char* text) {
  if (text == nullptr) return {};
  std::string_view s(text);
  s = s.substr(0, s.find('\n'));
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

template <typename T>
void appendNumber(std::string& out, T value) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, ec == std::errc() ? end : buffer);
}

// Values are sent as text with their type: bigint and double precision explicitly (so "$1 <> 0"
// and "1 - $1" type-check), text and NULL as unknown for the server to take from the column.
class TextParams {
 public:
  explicit TextParams(std::span<const SqlValue> params) {
    storage_.resize(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (const auto* v = std::get_if<int64_t>(&params[i])) {
        appendNumber(storage_[i], *v);
        add(storage_[i].c_str(), kInt8Oid);
      } else if (const auto* d = std::get_if<double>(&params[i])) {
        appendNumber(storage_[i], *d);  // shortest form that reads back to the same double
        add(storage_[i].c_str(), kFloat8Oid);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        add(s->c_str(), 0);
      } else {
        add(nullptr, 0);
      }
    }
  }
  int count() const noexcept { return int(values_.size()); }
  const char* const* values() const noexcept { return values_.data(); }
  const Oid* types() const noexcept { return types_.data(); }

 private:
  void add(const char* value, Oid type) {
    values_.push_back(value);
    types_.push_back(type);
  }
  std::vector<std::string> storage_;
  std::vector<const char*> values_;
  std::vector<Oid> types_;
};

class PostgresRow final : public SqlRow {
 public:
  explicit PostgresRow(const PGresult* result) : result_(result) {}
  void setRow(int row) noexcept { row_ = row; }
  bool isNull(int column) const override { return PQgetisnull(result_, row_, column) != 0; }
  int64_t integer(int column) const override {
    const std::string_view s = text(column);
    if (s == "t") return 1;  // boolean columns
    if (s == "f") return 0;
    int64_t value = 0;
    std::from_chars(s.data(), s.data() + s.size(), value);
    return value;
  }
  double real(int column) const override {
    const std::string_view s = text(column);
    double value = 0;
    std::from_chars(s.data(), s.data() + s.size(), value);
    return value;
  }
  std::string_view text(int column) const override {
    return {PQgetvalue(result_, row_, column), std::size_t(PQgetlength(result_, row_, column))};
  }

 private:
  const PGresult* result_;
  int row_ = 0;
};

// COPY text format: tab-separated, \N for NULL, backslash escapes for the separators.
void appendCopyValue(std::string& out, const SqlValue& value) {
  if (const auto* v = std::get_if<int64_t>(&value)) return appendNumber(out, *v);
  if (const auto* d = std::get_if<double>(&value)) return appendNumber(out, *d);
  const auto* s = std::get_if<std::string>(&value);
  if (s == nullptr) {
    out += "\\N";
    return;
  }
  for (const char c : *s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace

common::Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const std::string& conninfo) {
  // expand_dbname: the first "dbname" may be a whole conninfo or URI; the keys after it win, so
  // the session always speaks UTF-8.
  const char* const keys[] = {"dbname", "client_encoding", "fallback_application_name", nullptr};
  const char* const values[] = {conninfo.c_str(), "UTF8", "vigil-collector", nullptr};
  PGconn* connection = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (connection == nullptr) return common::fail("postgresql: cannot connect: out of memory");
  if (PQstatus(connection) != CONNECTION_OK) {
    const std::string why = firstLine(PQerrorMessage(connection));
    PQfinish(connection);
    return common::fail("postgresql: cannot connect: " + why);
  }
  PQsetNoticeProcessor(connection, ignoreNotice, nullptr);
  std::unique_ptr<PostgresStore> store(new PostgresStore(connection));
  if (auto migrated = store->migrate(); !migrated) return common::fail(migrated.error());
  return store;
}

PostgresStore::PostgresStore(pg_conn* connection) : SqlStore(Dialect::kPostgres), connection_(connection) {}

PostgresStore::~PostgresStore() {
  PQfinish(connection_);
}

std::string PostgresStore::connectionError() const {
  return firstLine(PQerrorMessage(connection_));
}

common::Result<int64_t> PostgresStore::run(std::string_view sql, std::span<const SqlValue> params,
                                           const RowHandler* on_row) {
  const std::string text(sql);
  const TextParams p(params);
  const ResultPtr result(
      PQexecParams(connection_, text.c_str(), p.count(), p.types(), p.values(), nullptr, nullptr, /*resultFormat=*/0));
  if (!result) return common::fail(std::string(statementHead(sql)) + ": " + connectionError());
  const ExecStatusType status = PQresultStatus(result.get());
  if (status == PGRES_TUPLES_OK && on_row != nullptr) {
    PostgresRow row(result.get());
    for (int i = 0, rows = PQntuples(result.get()); i < rows; ++i) {
      row.setRow(i);
      if (auto handled = (*on_row)(row); !handled) return common::fail(handled.error());
    }
  } else if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    const char* primary = PQresultErrorField(result.get(), PG_DIAG_MESSAGE_PRIMARY);
    std::string why = primary != nullptr ? firstLine(primary) : connectionError();
    if (const char* detail = PQresultErrorField(result.get(), PG_DIAG_MESSAGE_DETAIL)) {
      why += " (" + firstLine(detail) + ")";
    }
    return common::fail(std::string(statementHead(sql)) + ": " + why);
  }
  return int64_t(std::atoll(PQcmdTuples(result.get())));
}

common::Result<void> PostgresStore::begin(bool /*write*/) {
  // READ COMMITTED suffices: every write is a single statement or guarded by a unique key, and
  // reads are one statement each.
  bool reset = false;
  if (PQstatus(connection_) != CONNECTION_OK) {
    PQreset(connection_);
    reset = true;
    if (PQstatus(connection_) != CONNECTION_OK) return common::fail("reconnect failed: " + connectionError());
  }
  auto started = run("BEGIN", {}, nullptr);
  if (!started && !reset && PQstatus(connection_) == CONNECTION_BAD) {
    // The server went away since the last call (restart, idle timeout): nothing was sent in this
    // transaction yet, so starting it again on a new connection is safe.
    PQreset(connection_);
    if (PQstatus(connection_) != CONNECTION_OK) return common::fail("reconnect failed: " + connectionError());
    started = run("BEGIN", {}, nullptr);
  }
  if (!started) return common::fail(started.error());
  return {};
}

common::Result<void> PostgresStore::commit() {
  auto committed = run("COMMIT", {}, nullptr);
  if (!committed) return common::fail(committed.error());
  return {};
}

void PostgresStore::rollback() noexcept {
  if (PQstatus(connection_) != CONNECTION_OK || PQtransactionStatus(connection_) == PQTRANS_IDLE) return;
  PQclear(PQexec(connection_, "ROLLBACK"));
}

common::Result<void> PostgresStore::bulkInsert(std::string_view table, std::string_view columns, int column_count,
                                               std::size_t rows, const RowFiller& fill) {
  // COPY carries the values as a data stream, never as SQL text; one round trip per megabyte.
  const std::string sql = "COPY " + std::string(table) + " (" + std::string(columns) + ") FROM STDIN";
  const ResultPtr started(PQexec(connection_, sql.c_str()));
  if (!started || PQresultStatus(started.get()) != PGRES_COPY_IN) {
    const char* primary = started ? PQresultErrorField(started.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    return common::fail("COPY " + std::string(table) + ": " + (primary ? firstLine(primary) : connectionError()));
  }
  std::string buffer;
  buffer.reserve(kCopyChunk + 4096);
  std::vector<SqlValue> values(static_cast<std::size_t>(column_count));
  bool sent = true;
  for (std::size_t i = 0; i < rows && sent; ++i) {
    fill(i, values);
    for (int c = 0; c < column_count; ++c) {
      if (c != 0) buffer += '\t';
      appendCopyValue(buffer, values[std::size_t(c)]);
    }
    buffer += '\n';
    if (buffer.size() >= kCopyChunk) {
      sent = PQputCopyData(connection_, buffer.data(), int(buffer.size())) == 1;
      buffer.clear();
    }
  }
  if (sent && !buffer.empty()) sent = PQputCopyData(connection_, buffer.data(), int(buffer.size())) == 1;
  const bool ended = PQputCopyEnd(connection_, sent ? nullptr : "client failed to send") == 1;
  std::string error;
  while (PGresult* raw = PQgetResult(connection_)) {
    const ResultPtr result(raw);
    if (PQresultStatus(result.get()) == PGRES_COMMAND_OK || !error.empty()) continue;
    const char* primary = PQresultErrorField(result.get(), PG_DIAG_MESSAGE_PRIMARY);
    error = primary ? firstLine(primary) : connectionError();
    if (const char* context = PQresultErrorField(result.get(), PG_DIAG_CONTEXT))
      error += " (" + firstLine(context) + ")";
  }
  if (error.empty() && (!sent || !ended)) error = connectionError();
  if (!error.empty()) return common::fail("COPY " + std::string(table) + ": " + error);
  return {};
}

}  // namespace vigil::store
