// DpdkEal: DPDK's environment abstraction layer, started once per process from the sensor's EAL arguments.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace vigil::capture {

/// EAL can be initialised only once per process, so this keeps the arguments of the first start and
/// treats later ones as additions: a --vdev EAL does not have yet is hot-plugged (rte_dev_probe), and
/// any other difference is an error naming the argument. EAL's own log goes to stderr at warning level
/// unless the arguments set --log-level. rte_eal_cleanup runs at process exit.
/// Thread: start() from the main thread only, before any worker uses DPDK.
class DpdkEal {
 public:
  /// `args` without the program name. Errors are one line with EAL's last message:
  /// "EAL: invalid parameters for --vdev (EAL arguments: --no-huge --vdev=net_nope0)".
  static common::Result<void> start(const std::vector<std::string>& args);
  static bool running();
};

}  // namespace vigil::capture
