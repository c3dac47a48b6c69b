// ThisThread: the calling thread's name and its own scheduling: priority, CPUs, time slice.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace vigil::common {

/// Gives the calling thread a name that `top -H`, `ps -L`, perf, gdb and /proc/<pid>/task/<tid>/comm
/// show, so an operator can tell which of a sensor's threads uses the CPU. Linux keeps at most 15
/// bytes: a longer name is cut there. Cannot fail in any way that matters (the name is only a label).
void nameThisThread(std::string_view name) noexcept;

/// Raises the calling thread's nice value by `steps` (Linux keeps one per thread; the other threads of
/// the process keep theirs), capped at 19, the lowest priority. Meant for threads whose work can wait
/// for the packet path's: when they share a core with it, the scheduler gives the packet path most of
/// the time, and they still run whenever a core is free. Any user may lower a priority, so this needs
/// no privilege; false if the kernel refused anyway, which changes speed only.
bool lowerThisThreadPriority(int steps) noexcept;

/// Lets the calling thread run only on `cpus` (non-empty; other threads keep their sets, threads it
/// starts later inherit this one). False if the kernel refused (e.g. none of them is available to the
/// process), which leaves the thread where it was.
bool pinThisThread(std::span<const int> cpus) noexcept;

/// Asks the scheduler for time slices of `slice_ns` for the calling thread (Linux 6.12 and later; the
/// kernel clamps it to 0.1..100 ms), keeping its nice value. A thread whose work comes in short bursts
/// that others wait for uses a short slice: once woken, it preempts a thread with the default slice
/// (about 3 ms) at once instead of waiting for that slice to run out. Any user may do this. False if the
/// kernel refused; older kernels accept and ignore it. Changes latency only.
bool setThisThreadSlice(uint64_t slice_ns) noexcept;

}  // namespace vigil::common
