// Test support: a throwaway PostgreSQL cluster (initdb + pg_ctl) on a Unix socket, one per test suite.
#pragma once

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace vigil::store::test {

/// Starts a private server as the postgres user (via runuser when root) in a fresh 0755 directory
/// under /dev/shm or /tmp (the postgres user cannot traverse /root or a 0700 mktemp dir), fsync off,
/// TCP off; the socket is DIR/.s.PGSQL.PORT. The cluster is a copy of a cached initdb template
/// (see ensureTemplate). The destructor stops the server (immediate mode) and deletes its
/// directory. About half a second to start once the template exists. Single-threaded use only.
class PostgresServer {
 public:
  static constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

  /// Why this machine cannot run a throwaway server (no binaries, not root or the postgres user),
  /// or empty when it can: a test then skips with this reason instead of failing.
  static std::string missingPrerequisite() {
    const std::string bin = kBin;
    if (::access((bin + "/initdb").c_str(), X_OK) != 0 || ::access((bin + "/pg_ctl").c_str(), X_OK) != 0) {
      return "PostgreSQL 15 binaries not found in " + bin;
    }
    const passwd* pg = ::getpwnam("postgres");
    if (pg == nullptr) return "no 'postgres' user to run a throwaway PostgreSQL server";
    if (::geteuid() != 0 && ::geteuid() != pg->pw_uid) {
      return "starting a throwaway PostgreSQL server needs root or the postgres user";
    }
    return {};
  }

  /// A running server, or nullptr and `error` naming the log to read (the directory is then kept).
  /// Call only when missingPrerequisite() is empty.
  static std::unique_ptr<PostgresServer> start(std::string* error) {
    const std::string as_postgres = ::geteuid() == 0 ? "runuser -u postgres -- " : "";
    const std::string template_data = ensureTemplate(as_postgres, error);
    if (template_data.empty()) return nullptr;
    const std::string dir = makeDirectory(scratchBase() + "/vigil-store-pg-XXXXXX");
    if (dir.empty()) {
      *error = "cannot create a directory for the postgres user under /tmp";
      return nullptr;
    }
    std::unique_ptr<PostgresServer> server(new PostgresServer(dir, as_postgres));
    server->port_ = freePort();
    const std::string data = dir + "/data";
    if (std::system((as_postgres + "cp -a " + template_data + " " + data).c_str()) != 0) {
      *error = "cannot copy " + template_data + " to " + data;
      return nullptr;
    }
    const std::string options = "-p " + std::to_string(server->port_) + " -k " + dir +
                                " -c listen_addresses='' -c fsync=off -c full_page_writes=off";
    const std::string start = as_postgres + kBin + "/pg_ctl -D " + data + " -l " + dir + "/server.log -w -t 30 -o \"" +
                              options + "\" start > /dev/null 2>&1";
    if (std::system(start.c_str()) != 0) {
      *error =
          "pg_ctl start failed, see " + dir + "/server.log (a damaged template " + template_data + " can be removed)";
      server->keep_ = true;
      return nullptr;
    }
    server->running_ = true;
    return server;
  }

  ~PostgresServer() {
    if (running_) {
      const std::string stop =
          as_postgres_ + kBin + std::string("/pg_ctl -D ") + dir_ + "/data -m immediate -w stop > /dev/null 2>&1";
      [[maybe_unused]] const int rc = std::system(stop.c_str());
    }
    std::error_code ignored;
    if (!keep_) std::filesystem::remove_all(dir_, ignored);
  }
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  /// libpq key/value conninfo for `database`.
  std::string conninfo(const std::string& database) const {
    return "host=" + dir_ + " port=" + std::to_string(port_) + " user=postgres dbname=" + database;
  }

  /// A new empty database for one test: "t1", "t2", ...; empty string on failure.
  std::string createDatabase() {
    const std::string name = "t" + std::to_string(++databases_);
    return exec("postgres", "CREATE DATABASE " + name).empty() ? name : std::string();
  }
  void dropDatabase(const std::string& name) { exec("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); }

  /// Runs test-only SQL in `database`; returns the error, empty on success.
  std::string exec(const std::string& database, const std::string& sql) const {
    PGconn* c = PQconnectdb(conninfo(database).c_str());
    std::string error;
    if (PQstatus(c) != CONNECTION_OK) {
      error = PQerrorMessage(c);
    } else {
      PGresult* r = PQexec(c, sql.c_str());
      const ExecStatusType status = PQresultStatus(r);
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) error = PQresultErrorMessage(r);
      PQclear(r);
    }
    PQfinish(c);
    return error;
  }

 private:
  PostgresServer(std::string dir, std::string as_postgres)
      : dir_(std::move(dir)), as_postgres_(std::move(as_postgres)) {}

  // The running cluster lives in memory when it can: copying it and running it on this machine's
  // disk costs a second per test process, on tmpfs a tenth of that.
  static std::string scratchBase() {
    std::error_code ignored;
    return std::filesystem::is_directory("/dev/shm", ignored) && ::access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm"
                                                                                                        : "/tmp";
  }

  // A fresh 0755 directory owned by the postgres user, from a mkdtemp pattern; empty on failure.
  static std::string makeDirectory(std::string pattern) {
    const passwd* pg = ::getpwnam("postgres");
    if (pg == nullptr || ::mkdtemp(pattern.data()) == nullptr) return {};
    if (::chmod(pattern.c_str(), 0755) != 0 ||
        (::geteuid() == 0 && ::chown(pattern.c_str(), pg->pw_uid, pg->pw_gid) != 0)) {
      std::error_code ignored;
      std::filesystem::remove_all(pattern, ignored);
      return {};
    }
    return pattern;
  }

  // initdb takes seconds (it bootstraps three databases), and ctest runs every test in its own
  // process, each starting its own server: so one initdb'd cluster is kept as a template under /tmp
  // (about 40 MB, reused until removed) and each server starts from a copy. Concurrent test
  // processes race safely: each builds its own candidate and one rename() wins. Returns the
  // template's data directory, or empty with `error` set.
  static std::string ensureTemplate(const std::string& as_postgres, std::string* error) {
    const std::string cached = std::string("/tmp/vigil-store-pg-template-15-v1");
    std::error_code ignored;
    if (std::filesystem::exists(cached + "/data/PG_VERSION", ignored)) return cached + "/data";
    const std::string candidate = makeDirectory(cached + ".XXXXXX");
    if (candidate.empty()) {
      *error = "cannot create a directory for the postgres user under /tmp";
      return {};
    }
    const std::string initdb = as_postgres + kBin + "/initdb -D " + candidate +
                               "/data -A trust -U postgres -E UTF8 --no-locale --no-sync > " + candidate +
                               "/initdb.log 2>&1";
    if (std::system(initdb.c_str()) != 0) {
      *error = "initdb failed, see " + candidate + "/initdb.log";
      return {};
    }
    if (::rename(candidate.c_str(), cached.c_str()) != 0) std::filesystem::remove_all(candidate, ignored);
    if (!std::filesystem::exists(cached + "/data/PG_VERSION", ignored)) {
      *error = "cannot install the initdb template " + cached;
      return {};
    }
    return cached + "/data";
  }

  // A port nobody listens on now. The server listens on a Unix socket only, so the number just has
  // to be unlikely to clash with another throwaway server's socket name.
  static int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 54329;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      port = ntohs(address.sin_port);
    }
    if (fd >= 0) ::close(fd);
    return port;
  }

  std::string dir_;
  std::string as_postgres_;
  int port_ = 0;
  int databases_ = 0;
  bool running_ = false;
  bool keep_ = false;  // a failed start keeps its logs for the reader of the skip reason
};

}  // namespace vigil::store::test
