// ThisThread: pthread_setname_np for the name, setpriority for the nice value, sched_setaffinity and sched_setattr.
#include "common/this_thread.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

namespace vigil::common {
namespace {

constexpr std::size_t kMaxNameBytes = 15;  // the kernel's TASK_COMM_LEN less the terminating NUL
constexpr int kLowestPriority = 19;

// The kernel's struct sched_attr (include/uapi/linux/sched/types.h, 56 bytes since Linux 4.17): glibc 2.36
// has neither the struct nor a sched_setattr wrapper, and the kernel header clashes with <sched.h>.
struct SchedAttr {
  uint32_t size;
  uint32_t sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime;  // for SCHED_OTHER since Linux 6.12: the requested slice
  uint64_t sched_deadline;
  uint64_t sched_period;
  uint32_t sched_util_min;
  uint32_t sched_util_max;
};
static_assert(sizeof(SchedAttr) == 56);

/// The calling thread's nice value. PRIO_PROCESS with a thread id addresses that thread alone on Linux
/// (a documented departure from POSIX, which would mean the whole process). getpriority can return -1
/// legitimately: errno tells.
std::optional<int> niceOfThisThread() noexcept {
  errno = 0;
  const int nice = ::getpriority(PRIO_PROCESS, id_t(::gettid()));
  if (nice == -1 && errno != 0) return std::nullopt;
  return nice;
}

}  // namespace

void nameThisThread(std::string_view name) noexcept {
  char buffer[kMaxNameBytes + 1] = {};
  std::memcpy(buffer, name.data(), std::min(name.size(), kMaxNameBytes));
  (void)pthread_setname_np(pthread_self(), buffer);
}

bool lowerThisThreadPriority(int steps) noexcept {
  if (steps <= 0) return true;
  const std::optional<int> current = niceOfThisThread();
  return current && ::setpriority(PRIO_PROCESS, id_t(::gettid()), std::min(*current + steps, kLowestPriority)) == 0;
}

bool pinThisThread(std::span<const int> cpus) noexcept {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (const int cpu : cpus) {
    if (cpu < 0 || cpu >= CPU_SETSIZE) return false;
    CPU_SET(cpu, &set);
  }
  return !cpus.empty() && ::sched_setaffinity(0, sizeof set, &set) == 0;
}

bool setThisThreadSlice(uint64_t slice_ns) noexcept {
  // sched_setattr sets the policy and nice value too: keep the thread's own (a lowered priority stays).
  const std::optional<int> nice = niceOfThisThread();
  if (!nice) return false;
  SchedAttr attr{};
  attr.size = sizeof attr;
  attr.sched_policy = SCHED_OTHER;
  attr.sched_nice = *nice;
  attr.sched_runtime = slice_ns;
  return ::syscall(SYS_sched_setattr, 0, &attr, 0u) == 0;
}

}  // namespace vigil::common
