// Tests for planCpus (--cpus auto, off, lists, errors), allowedCpus and formatCpus.
#include "common/cpu_plan.h"

#include <gtest/gtest.h>
#include <sched.h>

#include <string>
#include <vector>

namespace vigil::common {
namespace {

using Cpus = std::vector<int>;

CpuPlan planOk(std::string_view spec, std::size_t workers, const Cpus& allowed) {
  auto plan = planCpus(spec, workers, allowed);
  EXPECT_TRUE(plan.ok()) << spec << ": " << (plan.ok() ? "" : plan.error());
  return plan.ok() ? plan.value() : CpuPlan{};
}

std::string planError(std::string_view spec, std::size_t workers, const Cpus& allowed) {
  auto plan = planCpus(spec, workers, allowed);
  EXPECT_FALSE(plan.ok()) << spec << " was accepted";
  return plan.ok() ? "" : plan.error();
}

TEST(CpuPlanTest, AutoGivesEachWorkerOneOfTheLastCpusAndTheOthersTheRest) {
  const CpuPlan two = planOk("auto", 1, {0, 1});
  EXPECT_TRUE(two.active());
  EXPECT_EQ(two.workers, Cpus{1});
  EXPECT_EQ(two.others, Cpus{0});
  const CpuPlan sparse = planOk("auto", 2, {0, 2, 5, 7});
  EXPECT_EQ(sparse.workers, (Cpus{5, 7}));
  EXPECT_EQ(sparse.others, (Cpus{0, 2}));
}

TEST(CpuPlanTest, AutoAndOffLeaveThreadsToTheSchedulerWithoutASpareCpu) {
  EXPECT_FALSE(planOk("auto", 1, {0}).active());
  EXPECT_FALSE(planOk("auto", 2, {0, 1}).active());
  EXPECT_FALSE(planOk("auto", 1, {}).active());
  const CpuPlan off = planOk("off", 1, {0, 1, 2, 3});
  EXPECT_FALSE(off.active());
  EXPECT_TRUE(off.others.empty());
}

TEST(CpuPlanTest, ListsAndRangesSplitTheListedCpusInAscendingOrder) {
  const CpuPlan plan = planOk("3,1-2", 1, {0, 1, 2, 3});
  EXPECT_EQ(plan.workers, Cpus{3});
  EXPECT_EQ(plan.others, (Cpus{1, 2}));
  const CpuPlan repeated = planOk("2,0,2,0-0", 1, {0, 1, 2});
  EXPECT_EQ(repeated.workers, Cpus{2});
  EXPECT_EQ(repeated.others, Cpus{0});
  EXPECT_EQ(planOk("0-3", 3, {0, 1, 2, 3}).workers, (Cpus{1, 2, 3}));
}

TEST(CpuPlanTest, BadListsAreOneLineNamingTheValueAndTheProblem) {
  const Cpus allowed{0, 1, 2, 3};
  for (const char* bad : {"x", "", "1,", ",1", "1,,2", "1-", "-1", "2-1", "1-2-3", "0x1", "+1", "1 ", "99999"}) {
    const std::string error = planError(bad, 1, allowed);
    EXPECT_EQ(error.rfind("--cpus " + std::string(bad) + ": ", 0), 0u) << error;
    EXPECT_NE(error.find("not a CPU number or range"), std::string::npos) << error;
  }
  EXPECT_EQ(planError("2,5", 1, allowed), "--cpus 2,5: CPU 5 is not available to this process (it may use 0-3)");
  EXPECT_EQ(planError("2", 1, allowed),
            "--cpus 2: 1 CPU(s) for 1 worker(s); list at least 2 (one per worker, and one for the other threads)");
  EXPECT_NE(planError("0-1", 2, allowed).find("list at least 3"), std::string::npos);
}

TEST(CpuPlanTest, AllowedCpusAreThoseTheKernelLetsThisThreadUse) {
  cpu_set_t set;
  CPU_ZERO(&set);
  ASSERT_EQ(::sched_getaffinity(0, sizeof set, &set), 0);
  const Cpus cpus = allowedCpus();
  ASSERT_EQ(cpus.size(), std::size_t(CPU_COUNT(&set)));
  for (std::size_t i = 0; i < cpus.size(); ++i) {
    EXPECT_TRUE(CPU_ISSET(cpus[i], &set));
    if (i > 0) {
      EXPECT_LT(cpus[i - 1], cpus[i]);
    }
  }
}

TEST(CpuPlanTest, FormatsCpusAsACompactList) {
  EXPECT_EQ(formatCpus({}), "none");
  EXPECT_EQ(formatCpus({4}), "4");
  EXPECT_EQ(formatCpus({0, 1, 2, 5, 7, 8}), "0-2,5,7-8");
}

}  // namespace
}  // namespace vigil::common
