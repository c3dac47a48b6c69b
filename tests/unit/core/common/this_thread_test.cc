// Tests for nameThisThread and lowerThisThreadPriority: what the kernel reports for the thread afterwards.
#include "common/this_thread.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <string>
#include <thread>

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

}  // namespace
}  // namespace vigil::common
