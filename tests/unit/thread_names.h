// Test helper: the names the kernel reports for this process's threads (/proc/self/task/<tid>/comm).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace vigil::testing_util {

/// The name of the thread whose /proc directory is `task` (e.g. /proc/thread-self); empty if unreadable.
inline std::string threadName(const std::filesystem::path& task) {
  std::ifstream in(task / "comm");
  std::string name;
  std::getline(in, name);
  return name;
}

/// The name of this process's thread `tid`.
inline std::string threadName(pid_t tid) {
  return threadName(std::filesystem::path("/proc/self/task") / std::to_string(tid));
}

/// The names of every thread of this process that is alive now, in no particular order.
inline std::vector<std::string> threadNames() {
  std::vector<std::string> names;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task"))
    names.push_back(threadName(task.path()));
  return names;
}

}  // namespace vigil::testing_util
