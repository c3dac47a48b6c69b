// TickHandoff: what a worker passes to the aggregator at the end of each tick of packet time.
#pragma once

#include <cstdint>

namespace vigil::flow {
class HostTable;
}

namespace vigil::pipeline {

/// A filled per-tick host table travels worker -> aggregator; the aggregator merges it, clears it and
/// sends the pointer back (double buffering, DESIGN §1). The worker owns the table's storage; the
/// aggregator only borrows it between the two hops, so no table is ever touched by two threads at once.
struct TickHandoff {
  flow::HostTable* table = nullptr;
  uint64_t tick = 0;       // tick index: packet time / tick length
  uint64_t end_ns = 0;     // packet time at which the tick closed (boundary, or last packet at end of input)
  bool final = false;      // the worker's input is exhausted; nothing follows from it
};

}  // namespace vigil::pipeline
