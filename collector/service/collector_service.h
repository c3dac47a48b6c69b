// runCollector: the collector process: intake thread, incident processing thread, signals.
#pragma once

#include "config/collector_config.h"

namespace vigil::service {

/// Runs until SIGINT/SIGTERM; returns the exit status. Threads: the intake (receive, validate, store,
/// ack), the processor (folds stored events into incidents every 200 ms, resolves quiet incidents,
/// reloads the constituency and imports on SIGHUP), and the calling thread, which waits for signals.
/// Each thread that touches the database has its own Store connection. Start-up problems (keys, database,
/// constituency, endpoint) are one line on stderr and exit status 1.
int runCollector(const config::CollectorConfig& config);

}  // namespace vigil::service
