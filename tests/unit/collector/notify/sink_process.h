// Test support: the SMTP and HTTP sinks of tests/support as child processes on loopback, stopped on scope exit.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace vigil::notify::test {

/// Starts `/usr/bin/python3 tests/support/<script> ... --port-file DIR/port` and waits (up to 10 s) for the
/// port. port() is 0 when it did not come up (the test then fails or skips with why()). The destructor
/// sends SIGTERM and reaps it.
class SinkProcess {
 public:
  SinkProcess(const std::string& script, const std::filesystem::path& dir, std::vector<std::string> args) {
    std::filesystem::create_directories(dir);
    const std::string port_file = (dir / "port").string();
    std::vector<std::string> argv = {"/usr/bin/python3", std::string(VIGIL_SOURCE_DIR) + "/tests/support/" + script};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--port-file");
    argv.push_back(port_file);
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<char*> raw;
      for (std::string& a : argv)
        raw.push_back(a.data());
      raw.push_back(nullptr);
      ::execv(raw[0], raw.data());
      ::_exit(127);
    }
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      std::ifstream in(port_file);
      if (!(in >> port_)) port_ = 0;
      if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~SinkProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  SinkProcess(const SinkProcess&) = delete;
  SinkProcess& operator=(const SinkProcess&) = delete;

  int port() const { return port_; }

  /// Why a test cannot use the SMTP sink here, or empty.
  static std::string smtpUnavailable() {
    return std::system("/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1") == 0
               ? std::string()
               : "python3-aiosmtpd is not installed (tools/install-deps.sh installs it)";
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

/// Every file in `dir`, sorted by name, read whole.
inline std::vector<std::string> filesIn(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".tmp") names.push_back(e.path());
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> out;
  for (const auto& n : names) {
    std::ifstream in(n, std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

}  // namespace vigil::notify::test
