// SQL values and rows as the two backends exchange them with the shared store logic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.h"

namespace vigil::store {

/// The SQL dialects the store speaks; the same logical schema and statements, types adapted.
enum class Dialect { kSqlite, kPostgres };

/// A statement parameter: NULL, a 64-bit integer, a double or text. Statements number their
/// parameters $1, $2, ... in order of first appearance, which both SQLite and PostgreSQL accept.
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;

/// One result row, valid only inside the callback it is passed to. Columns count from 0. Reading
/// a column as the wrong type gives that type's zero value (the schema fixes the types).
class SqlRow {
 public:
  virtual ~SqlRow() = default;
  virtual bool isNull(int column) const = 0;
  virtual int64_t integer(int column) const = 0;  // booleans read as 0 / 1
  virtual double real(int column) const = 0;
  virtual std::string_view text(int column) const = 0;

 protected:
  SqlRow() = default;
  SqlRow(const SqlRow&) = default;
  SqlRow& operator=(const SqlRow&) = default;
};

/// Called once per result row; an error stops the statement and becomes its result.
using RowHandler = std::function<common::Result<void>(const SqlRow&)>;

/// Fills `out` (already sized to the column count) with the values of row `index` of a bulk insert.
using RowFiller = std::function<void(std::size_t index, std::vector<SqlValue>& out)>;

}  // namespace vigil::store
