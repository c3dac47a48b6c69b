// Test support for store tests: temp directories, sample records, and the two backends the suites run on.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "postgres_server.h"
#include "store/store.h"

namespace vigil::store::test {

/// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "vigil-store-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// An event with every field set; seq and sensor vary, the rest is fixed.
inline event::Event sampleEvent(const std::string& sensor, uint64_t seq) {
  event::Event e;
  e.sensor = sensor;
  e.seq = seq;
  e.time_source_ns = 1'700'000'000'123'456'789ull + seq;
  e.time_observation_ns = 1'700'000'060'000'000'000ull + seq;
  e.taxonomy = "information-gathering";
  e.type = "scanner";
  e.identifier = "scan-horizontal";
  e.source_ip = net::IpAddress::parse("192.0.2.7");
  e.destination_ip = net::IpAddress::parse("2001:db8::1");
  e.destination_port = 22;
  e.transport = "tcp";
  e.rule_id = "ssh-scan";
  e.tlp = "TLP:AMBER";
  e.severity = "medium";
  e.status = "started";
  e.extra = nlohmann::ordered_json::parse(
      R"({"pps": 1234.5, "packets": 99, "top": [{"ip": "198.51.100.1", "n": 3}], "note": "tab\there \u00e9"})");
  return e;
}

/// SQLite in a temp dir, a new file per test.
class SqliteBackend {
 public:
  static void startSuite() {}
  static void stopSuite() {}
  static std::string unavailable() { return {}; }
  static std::string startError() { return {}; }

  std::string url() const { return "sqlite:" + path(); }
  std::string path() const { return dir_.file("vigil.db"); }
  /// Rewrites the stored schema version behind the store's back.
  std::string setSchemaVersion(int version) const {
    sqlite3* db = nullptr;
    sqlite3_open(path().c_str(), &db);
    const std::string sql = "UPDATE schema_version SET version = " + std::to_string(version);
    char* message = nullptr;
    std::string error;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) error = message ? message : "?";
    sqlite3_free(message);
    sqlite3_close(db);
    return error;
  }

 private:
  TempDir dir_;
};

/// A new database per test on one throwaway server per suite.
class PostgresBackend {
 public:
  static void startSuite() {
    missing_ = PostgresServer::missingPrerequisite();
    if (missing_.empty()) server_ = PostgresServer::start(&error_);
  }
  static void stopSuite() { server_.reset(); }
  /// Non-empty: the test skips (this machine cannot run a server).
  static std::string unavailable() { return missing_; }
  /// Non-empty: the test fails (it could, and did not).
  static std::string startError() { return server_ ? std::string() : "PostgreSQL did not start: " + error_; }

  PostgresBackend() : database_(server_ ? server_->createDatabase() : std::string()) {}
  ~PostgresBackend() {
    if (server_ && !database_.empty()) server_->dropDatabase(database_);
  }
  PostgresBackend(const PostgresBackend&) = delete;
  PostgresBackend& operator=(const PostgresBackend&) = delete;

  std::string url() const { return "postgres:" + server_->conninfo(database_); }
  std::string setSchemaVersion(int version) const {
    return server_->exec(database_, "UPDATE schema_version SET version = " + std::to_string(version));
  }
  const std::string& database() const { return database_; }
  static PostgresServer& server() { return *server_; }

 private:
  inline static std::unique_ptr<PostgresServer> server_;
  inline static std::string missing_;
  inline static std::string error_;
  std::string database_;
};

}  // namespace vigil::store::test
