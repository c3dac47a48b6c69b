// TrafficSource: anything that emits packets into the capture (the background mix, each incident).
#pragma once

#include <cstdint>

#include "pcapgen/wire/packet_spec.h"

namespace vigil::pcapgen {

/// The generator asks a source for one frame at a time, at the packet time it chose; sources
/// are state machines that never allocate per packet. Owned by the generator, single thread.
class TrafficSource {
 public:
  virtual ~TrafficSource() = default;

  /// Writes the next frame into out (at least FrameBuilder::kMaxFrame bytes) and returns its
  /// length; `summary` describes it. Must not be called once done() is true.
  virtual uint32_t emit(uint64_t ts_ns, uint8_t* out, FrameSummary& summary) noexcept = 0;

  /// True when the source has nothing more to send (the background never is).
  virtual bool done() const noexcept = 0;
};

}  // namespace vigil::pcapgen
