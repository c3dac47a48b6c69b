// ThisThread: pthread_setname_np for the name, setpriority on the thread id for the nice value.
#include "common/this_thread.h"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace vigil::common {
namespace {

constexpr std::size_t kMaxNameBytes = 15;  // the kernel's TASK_COMM_LEN less the terminating NUL
constexpr int kLowestPriority = 19;

}  // namespace

void nameThisThread(std::string_view name) noexcept {
  char buffer[kMaxNameBytes + 1] = {};
  std::memcpy(buffer, name.data(), std::min(name.size(), kMaxNameBytes));
  (void)pthread_setname_np(pthread_self(), buffer);
}

bool lowerThisThreadPriority(int steps) noexcept {
  if (steps <= 0) return true;
  // PRIO_PROCESS with a thread id addresses that thread alone on Linux (a documented departure from
  // POSIX, which would change the whole process). getpriority can return -1 legitimately: errno tells.
  const id_t tid = id_t(::gettid());
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, tid);
  if (current == -1 && errno != 0) return false;
  return ::setpriority(PRIO_PROCESS, tid, std::min(current + steps, kLowestPriority)) == 0;
}

}  // namespace vigil::common
