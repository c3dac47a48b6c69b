// CpuPlan: parsing --cpus lists, the automatic split, and the process's allowed CPUs.
#include "common/cpu_plan.h"

#include <sched.h>

#include <algorithm>
#include <charconv>

namespace vigil::common {
namespace {

/// Parses "N" (a CPU number below CPU_SETSIZE) from all of `text`.
bool parseCpu(std::string_view text, int& cpu) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), cpu);
  return ec == std::errc() && end == text.data() + text.size() && cpu >= 0 && cpu < CPU_SETSIZE;
}

/// Parses "2,3,6-7" into ascending, distinct CPUs; the error names the bad element.
Result<std::vector<int>> parseCpuList(std::string_view spec) {
  std::vector<int> cpus;
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t comma = std::min(spec.find(',', start), spec.size());
    const std::string_view item = spec.substr(start, comma - start);
    const std::size_t dash = item.find('-');
    int first = 0;
    int last = 0;
    const bool ok = dash == std::string_view::npos ? parseCpu(item, first) && parseCpu(item, last)
                                                   : parseCpu(item.substr(0, dash), first) &&
                                                         parseCpu(item.substr(dash + 1), last) && first <= last;
    if (!ok) {
      return fail("--cpus " + std::string(spec) + ": '" + std::string(item) +
                  "' is not a CPU number or range (expected auto, off, or a list like 2,3 or 0-3)");
    }
    for (int cpu = first; cpu <= last; ++cpu)
      cpus.push_back(cpu);
    start = comma + 1;
  }
  std::sort(cpus.begin(), cpus.end());
  cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  return cpus;
}

/// Workers on the last `workers` CPUs of `cpus` (more than `workers` of them), the rest to the others.
CpuPlan split(const std::vector<int>& cpus, std::size_t workers) {
  CpuPlan plan;
  const std::size_t rest = cpus.size() - workers;
  plan.others.assign(cpus.begin(), cpus.begin() + std::ptrdiff_t(rest));
  plan.workers.assign(cpus.begin() + std::ptrdiff_t(rest), cpus.end());
  return plan;
}

}  // namespace

Result<CpuPlan> planCpus(std::string_view spec, std::size_t workers, const std::vector<int>& allowed) {
  if (spec == "off") return CpuPlan{};
  if (spec == "auto") return allowed.size() > workers ? split(allowed, workers) : CpuPlan{};
  auto listed = parseCpuList(spec);
  if (!listed) return fail(listed.error());
  const std::vector<int>& cpus = listed.value();
  for (const int cpu : cpus) {
    if (!std::binary_search(allowed.begin(), allowed.end(), cpu)) {
      return fail("--cpus " + std::string(spec) + ": CPU " + std::to_string(cpu) +
                  " is not available to this process (it may use " + formatCpus(allowed) + ")");
    }
  }
  if (cpus.size() <= workers) {
    return fail("--cpus " + std::string(spec) + ": " + std::to_string(cpus.size()) + " CPU(s) for " +
                std::to_string(workers) + " worker(s); list at least " + std::to_string(workers + 1) +
                " (one per worker, and one for the other threads)");
  }
  return split(cpus, workers);
}

bool isCpuSpec(std::string_view spec) {
  return spec == "auto" || spec == "off" || parseCpuList(spec).ok();
}

std::vector<int> allowedCpus() {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  }
  return cpus;
}

std::string formatCpus(const std::vector<int>& cpus) {
  std::string out;
  for (std::size_t i = 0; i < cpus.size();) {
    std::size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1)
      ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(cpus[i]);
    if (j > i) out += '-' + std::to_string(cpus[j]);
    i = j + 1;
  }
  return out.empty() ? "none" : out;
}

}  // namespace vigil::common
