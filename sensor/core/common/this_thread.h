// ThisThread: names the calling thread and lowers its own scheduling priority (Linux keeps both per thread).
#pragma once

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

}  // namespace vigil::common
