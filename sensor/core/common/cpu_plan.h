// CpuPlan: which CPUs the packet workers get to themselves and which the sensor's other threads share (--cpus).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace vigil::common {

/// Why: a worker is the packet path, and a sensor has other busy threads beside it (the file reader,
/// the aggregator). Left to itself, the scheduler often puts a woken reader on the worker's CPU while
/// the aggregator holds the other, and the worker then waits for packets with one CPU idle: on a
/// 2-CPU machine, 10M IMIX packets left both CPUs idle 11-16 % of the run. With each worker on a CPU
/// of its own and the rest on the others, the worker never shares its CPU (DPDK applications place
/// their lcores the same way).
///
/// A plain value: built once at start-up on the main thread, applied by the main thread to itself
/// (before it starts any other thread, which inherit its CPUs) and by each worker to itself.
struct CpuPlan {
  std::vector<int> workers;  // worker i runs on workers[i]; empty: the scheduler places every thread
  std::vector<int> others;   // the CPUs every other thread shares (main, reader, aggregator, ...)

  bool active() const noexcept { return !workers.empty(); }
};

/// The plan for `workers` workers from a --cpus value, given the CPUs the process may use (`allowed`,
/// ascending):
///  - "auto": when there are more allowed CPUs than workers, the workers take the last ones (CPU 0
///    usually takes the most interrupts) and the others the rest; otherwise no plan.
///  - "off": no plan.
///  - a list of CPUs and ranges, e.g. "2,3" or "0-3,8": the same split over the listed CPUs, which must
///    be allowed and number at least one more than the workers.
/// Errors are one line starting "--cpus VALUE: ".
Result<CpuPlan> planCpus(std::string_view spec, std::size_t workers, const std::vector<int>& allowed);

/// True if `spec` is a well-formed --cpus value (auto, off, or a list), whatever CPUs exist here.
bool isCpuSpec(std::string_view spec);

/// The CPUs the calling thread may run on, ascending (sched_getaffinity); empty if unknown.
std::vector<int> allowedCpus();

/// "0-3,8": CPUs as a compact list, for messages.
std::string formatCpus(const std::vector<int>& cpus);

}  // namespace vigil::common
