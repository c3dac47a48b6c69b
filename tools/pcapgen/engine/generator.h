// Generator: runs background and incidents slot by slot into a PcapWriter and measures the result.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "pcapgen/engine/generator_config.h"
#include "pcapgen/engine/incident_schedule.h"
#include "pcapgen/traffic/background.h"
#include "pcapgen/wire/capture_counts.h"
#include "pcapgen/wire/frame_builder.h"
#include "pcapgen/wire/pcap_writer.h"

namespace vigil::pcapgen {

/// What a run wrote: capture-wide counters and times (timestamps as written, i.e. cut to µs
/// in µs files), plus each incident's measured packets, bytes and first/last time.
struct RunSummary {
  CaptureCounts counts;
  uint64_t first_ts = 0;
  uint64_t last_ts = 0;
  std::vector<std::string> warnings;  // e.g. an incident cut short by the end of the capture
};

/// Usage: `auto g = Generator::create(config); g->run(writer); g->incidents()` for the truth.
///
/// Time: packet slot i is at start + i/pps. At each slot the due incident with the earliest
/// due slot sends (ties: the one given first), else the background does; with --no-background
/// idle slots are skipped. Every choice is a function of the config, so output is byte-identical
/// for the same config. run() streams in constant memory (no allocation per packet); cost is
/// dominated by frame building. Single thread; run() once.
class Generator {
 public:
  /// Validates the config, builds the background and every incident, and places them in time.
  static common::Result<std::unique_ptr<Generator>> create(const GeneratorConfig& config);

  /// Writes all packets (does not finish() the writer). Fails only on an internal error.
  common::Result<RunSummary> run(PcapWriter& writer);

  const GeneratorConfig& config() const noexcept { return config_; }
  const std::vector<ScheduledIncident>& incidents() const noexcept { return incidents_; }

 private:
  explicit Generator(const GeneratorConfig& config);
  uint64_t slotTime(uint64_t slot) const noexcept;
  size_t dueIncident(uint64_t slot) const noexcept;
  uint64_t earliestDue() const noexcept;

  GeneratorConfig config_;
  FrameBuilder builder_;
  std::unique_ptr<Background> background_;
  std::vector<ScheduledIncident> incidents_;
  double slot_ns_;
  uint64_t integral_pps_;  // pps when it is a whole number (exact timestamps), else 0
};

/// Checks ranges of the config's numeric fields; returns a one-line error.
common::Result<void> validateConfig(const GeneratorConfig& config);

}  // namespace vigil::pcapgen
