// DpdkEal: rte_eal_init once, EAL output kept off stdout, later --vdev arguments hot-plugged.
#include "capture/dpdk/dpdk_eal.h"

#include <fcntl.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace vigil::capture {
namespace {

std::mutex g_mutex;
bool g_running = false;
std::vector<std::string> g_args;  // of the first start, plus every vdev probed since

std::string joined(const std::vector<std::string>& args) {
  std::string out;
  for (const std::string& a : args)
    out += (out.empty() ? "" : " ") + a;
  return out;
}

/// "--vdev=X" or "--vdev X" at i: the device string, or empty.
std::string vdevAt(const std::vector<std::string>& args, std::size_t i) {
  if (args[i].rfind("--vdev=", 0) == 0) return args[i].substr(7);
  if (args[i] == "--vdev" && i + 1 < args.size()) return args[i + 1];
  return {};
}

/// Runs `fn` with file descriptors 1 and 2 pointed at /dev/null: on bad arguments EAL prints its usage
/// text to stdout, which may be the event stream (--events -), and an alert straight to stderr; what it
/// logs is caught separately and reported in one line.
template <typename Fn>
auto quietly(Fn fn) {
  std::fflush(stdout);
  std::fflush(stderr);
  const int saved_out = ::dup(STDOUT_FILENO);
  const int saved_err = ::dup(STDERR_FILENO);
  const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null >= 0) {
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::close(null);
  }
  auto result = fn();
  std::fflush(stdout);
  std::fflush(stderr);
  for (const auto& [saved, fd] : {std::pair{saved_out, STDOUT_FILENO}, std::pair{saved_err, STDERR_FILENO}}) {
    if (saved < 0) continue;
    ::dup2(saved, fd);
    ::close(saved);
  }
  return result;
}

/// EAL's log lines as one line, without the generic closing line that follows the specific cause.
std::string oneLine(const std::string& log) {
  std::string out;
  std::size_t start = 0;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line.find("Invalid 'command line' arguments") != std::string::npos) continue;
    out += (out.empty() ? "" : "; ") + line;
  }
  return out;
}

common::Result<void> probeAdditions(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string vdev = vdevAt(args, i);
    if (!vdev.empty()) {
      if (args[i] == "--vdev") ++i;
      if (std::find(g_args.begin(), g_args.end(), "--vdev=" + vdev) != g_args.end()) continue;
      if (const int rc = rte_dev_probe(vdev.c_str()); rc < 0) {
        return common::fail("EAL: cannot add device '" + vdev + "': " + rte_strerror(-rc));
      }
      g_args.push_back("--vdev=" + vdev);
      continue;
    }
    if (std::find(g_args.begin(), g_args.end(), args[i]) == g_args.end()) {
      return common::fail("EAL is already running with '" + joined(g_args) + "'; only --vdev can be added, not '" +
                          args[i] + "'");
    }
  }
  return {};
}

}  // namespace

common::Result<void> DpdkEal::start(const std::vector<std::string>& args) {
  std::lock_guard lock(g_mutex);
  if (g_running) return probeAdditions(args);

  // EAL logs to stdout (and syslog) by default; its messages during start are caught so a failure is one
  // line with EAL's own reason, and the rest of its log goes to stderr with the sensor's messages.
  char* log_text = nullptr;
  std::size_t log_size = 0;
  FILE* log = open_memstream(&log_text, &log_size);
  rte_openlog_stream(log != nullptr ? log : stderr);
  std::vector<std::string> full = {"vigil-sensor", "--log-level=warning"};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : full)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  const int rc = quietly([&] { return rte_eal_init(int(full.size()), argv.data()); });
  const int error = rte_errno;
  rte_openlog_stream(stderr);
  std::string messages;
  if (log != nullptr) {
    std::fclose(log);
    messages.assign(log_text, log_size);
    std::free(log_text);
  }
  if (rc < 0) {
    std::string reason = oneLine(messages);
    if (reason.empty()) reason = std::string("EAL: ") + rte_strerror(error);
    return common::fail(reason + " (EAL arguments: " + joined(args) + ")");
  }
  std::fputs(messages.c_str(), stderr);
  g_running = true;
  g_args.clear();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string vdev = vdevAt(args, i);
    if (!vdev.empty() && args[i] == "--vdev") ++i;
    g_args.push_back(vdev.empty() ? args[i] : "--vdev=" + vdev);
  }
  std::atexit([] { rte_eal_cleanup(); });
  return {};
}

bool DpdkEal::running() {
  std::lock_guard lock(g_mutex);
  return g_running;
}

}  // namespace vigil::capture
