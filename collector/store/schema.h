// Schema: the store's tables as an ordered list of migrations, written once for both SQL dialects.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/sql_value.h"

namespace vigil::store {

/// Migrations are applied at open, in order, in one transaction with the version update, so a
/// database is always at exactly one version. Version 0 is an empty database. A step is never
/// edited once released: a schema change is a new step appended to the list.
class Schema {
 public:
  /// The newest version this binary knows.
  static int latestVersion() noexcept;
  /// The statements of step `version` (1..latestVersion()) in `dialect`: the logical types of the
  /// list (@ID, @INT, @REAL, @BOOL) become INTEGER PRIMARY KEY/INTEGER/REAL/INTEGER for SQLite and
  /// identity BIGINT/BIGINT/DOUBLE PRECISION/BOOLEAN for PostgreSQL.
  static std::vector<std::string> migration(int version, Dialect dialect);
  /// Creates the version table when missing (run first, inside the migration transaction).
  static std::string_view createVersionTable() noexcept;
  /// Error when the database is newer than this binary: "database schema version 7 is newer than this
  /// vigil-collector knows (3); upgrade vigil-collector"; also refuses negative versions.
  static common::Result<void> checkVersion(int found);
};

}  // namespace vigil::store
