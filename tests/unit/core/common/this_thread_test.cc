// Tests for the ThisThread helpers: what the kernel reports for the thread afterwards.
#include "common/this_thread.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/cpu_plan.h"
#include "thread_names.h"

namespace vigil::common {
namespace {

using testing_util::threadName;

int niceOf(pid_t tid) {
  return ::getpriority(PRIO_PROCESS, id_t(tid));
}

TEST(ThisThreadTest, NamesTheCallingThreadOnlyAndCutsLongNamesAt15Bytes) {
  const std::string main_name = threadName(::gettid());
  std::string short_name;
  std::string long_name;
  std::thread([&] {
    nameThisThread("vigil-worker0");
    short_name = threadName(::gettid());
    nameThisThread("vigil-a-name-longer-than-fifteen");
    long_name = threadName(::gettid());
  }).join();
  EXPECT_EQ(short_name, "vigil-worker0");
  EXPECT_EQ(long_name, "vigil-a-name-lo");
  EXPECT_EQ(threadName(::gettid()), main_name);
}

TEST(ThisThreadTest, LowersTheCallingThreadsPriorityOnlyAndStopsAtTheLowest) {
  const int main_nice = niceOf(::gettid());
  ASSERT_LT(main_nice, 10) << "the test needs room below the process's priority";
  int after_ten = 0;
  int after_more = 0;
  bool ok_ten = false;
  bool ok_more = false;
  std::thread([&] {
    const int start = niceOf(::gettid());
    ok_ten = lowerThisThreadPriority(10);
    after_ten = niceOf(::gettid()) - start;
    ok_more = lowerThisThreadPriority(100);
    after_more = niceOf(::gettid());
  }).join();
  EXPECT_TRUE(ok_ten);
  EXPECT_EQ(after_ten, 10);
  EXPECT_TRUE(ok_more);
  EXPECT_EQ(after_more, 19);
  EXPECT_EQ(niceOf(::gettid()), main_nice) << "other threads keep their priority";
  EXPECT_TRUE(lowerThisThreadPriority(0));
  EXPECT_EQ(niceOf(::gettid()), main_nice);
}

TEST(ThisThreadTest, PinsTheCallingThreadOnly) {
  const std::vector<int> allowed = allowedCpus();
  ASSERT_FALSE(allowed.empty());
  const int cpu = allowed.back();
  std::vector<int> pinned;
  int ran_on = -1;
  bool ok = false;
  bool empty_ok = true;
  std::thread([&] {
    empty_ok = pinThisThread({});
    ok = pinThisThread(std::vector<int>{cpu});
    pinned = allowedCpus();
    ran_on = ::sched_getcpu();
  }).join();
  EXPECT_FALSE(empty_ok);
  EXPECT_TRUE(ok);
  EXPECT_EQ(pinned, std::vector<int>{cpu});
  EXPECT_EQ(ran_on, cpu);
  EXPECT_EQ(allowedCpus(), allowed) << "other threads keep their CPUs";
  std::thread([&] { ok = pinThisThread(std::vector<int>{CPU_SETSIZE}); }).join();
  EXPECT_FALSE(ok);
}

/// The slice the scheduler reports for the calling thread (/proc/thread-self/sched, a debug file some
/// kernels leave out), or 0.
uint64_t reportedSlice() {
  std::ifstream in("/proc/thread-self/sched");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("se.slice", 0) == 0) return std::stoull(line.substr(line.find(':') + 1));
  }
  return 0;
}

TEST(ThisThreadTest, SetsTheCallingThreadsSliceAndKeepsItsPriority) {
  bool ok = false;
  int nice_change = -1;
  uint64_t before = 0;
  uint64_t after = 0;
  std::thread([&] {
    const int start = niceOf(::gettid());
    ASSERT_TRUE(lowerThisThreadPriority(3));
    before = reportedSlice();
    ok = setThisThreadSlice(100'000);
    after = reportedSlice();
    nice_change = niceOf(::gettid()) - start;
  }).join();
  EXPECT_TRUE(ok);
  EXPECT_EQ(nice_change, 3) << "a lowered priority stays lowered";
  // Custom slices for ordinary threads came with Linux 6.12; earlier kernels accept the call and ignore it.
  utsname uts{};
  ASSERT_EQ(::uname(&uts), 0);
  int major = 0;
  int minor = 0;
  if (std::sscanf(uts.release, "%d.%d", &major, &minor) != 2 || major * 100 + minor < 612)
    GTEST_SKIP() << "Linux " << uts.release << " has no per-thread slices";
  if (before == 0) GTEST_SKIP() << "this kernel does not report time slices";
  EXPECT_NE(before, 100'000u);
  EXPECT_EQ(after, 100'000u);
}

}  // namespace
}  // namespace vigil::common
