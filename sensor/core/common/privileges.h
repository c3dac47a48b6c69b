// Privileges: giving up root and capabilities once the capture is open, so the long-running sensor holds none.
#pragma once

#include <string>

#include "common/result.h"

namespace vigil::common {

/// Switches the whole process to `user` (its uid, primary gid and no supplementary groups) and leaves it
/// with no capabilities, permitted, effective or ambient. Running as root it changes user; running as
/// `user` already (systemd's User= with AmbientCapabilities=) it only drops the capabilities. Anything else
/// is an error: "cannot switch to user 'vigil': running as uid 1000, not root". Afterwards it checks that
/// root cannot be regained. Call from the main thread before any other thread starts (set*id apply to
/// every thread through glibc, but capabilities are per thread).
Result<void> dropPrivileges(const std::string& user);

}  // namespace vigil::common
