// Generator: the slot loop that interleaves incidents with the background and writes every frame.
#include "pcapgen/engine/generator.h"

#include <cmath>
#include <limits>

namespace vigil::pcapgen {
namespace {

constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();

}  // namespace

common::Result<void> validateConfig(const GeneratorConfig& c) {
  if (c.packets == 0) return common::fail("--packets must be at least 1");
  if (!(c.pps >= 1 && c.pps <= 1e9)) return common::fail("--pps must be between 1 and 1e9");
  if (c.frame_size != 0 && (c.frame_size < FrameBuilder::kMinFixedFrame || c.frame_size > FrameBuilder::kMaxFixedFrame)) {
    return common::fail("--frame-size must be 0 or between " + std::to_string(FrameBuilder::kMinFixedFrame) +
                        " and " + std::to_string(FrameBuilder::kMaxFixedFrame));
  }
  if (!(c.ipv6_share >= 0 && c.ipv6_share <= 1)) return common::fail("--ipv6-share must be between 0 and 1");
  if (!(c.vlan_share >= 0 && c.vlan_share <= 1)) return common::fail("--vlan-share must be between 0 and 1");
  const double end_s = static_cast<double>(c.start_ns) / 1e9 + static_cast<double>(c.packets) / c.pps;
  if (end_s >= 4294967296.0) return common::fail("the capture would end after 2106, past the pcap time field");
  if (!c.background && c.incidents.empty()) return common::fail("--no-background needs at least one --incident");
  return {};
}

Generator::Generator(const GeneratorConfig& config)
    : config_(config),
      builder_(config.frame_size),
      slot_ns_(1e9 / config.pps),
      integral_pps_(config.pps == std::floor(config.pps) ? static_cast<uint64_t>(config.pps) : 0) {}

common::Result<std::unique_ptr<Generator>> Generator::create(const GeneratorConfig& config) {
  if (auto valid = validateConfig(config); !valid.ok()) return common::fail(valid.error());
  auto g = std::unique_ptr<Generator>(new Generator(config));
  BackgroundOptions options;
  options.pps = config.pps;
  options.ipv6_share = config.ipv6_share;
  options.vlan_share = config.vlan_share;
  options.seed = config.seed;
  g->background_ = std::make_unique<Background>(g->builder_, options);
  auto incidents = scheduleIncidents(config, g->builder_);
  if (!incidents.ok()) return common::fail(incidents.error());
  g->incidents_ = std::move(incidents.value());
  return g;
}

uint64_t Generator::slotTime(uint64_t slot) const noexcept {
  uint64_t offset;
  if (integral_pps_ != 0) {  // exact: slot * 1e9 / pps without overflow (remainder * 1e9 < 2^64)
    offset = slot / integral_pps_ * 1000000000ULL + slot % integral_pps_ * 1000000000ULL / integral_pps_;
  } else {
    offset = static_cast<uint64_t>(static_cast<double>(slot) * slot_ns_);
  }
  uint64_t ts = config_.start_ns + offset;
  if (config_.precision == TimestampPrecision::kMicro) ts -= ts % 1000;  // what the file will say
  return ts;
}

size_t Generator::dueIncident(uint64_t slot) const noexcept {
  size_t best = incidents_.size();
  uint64_t best_due = kNever;
  for (size_t i = 0; i < incidents_.size(); ++i) {
    if (incidents_[i].incident->done()) continue;
    const uint64_t due = incidents_[i].nextDueSlot();
    if (due <= slot && due < best_due) {
      best = i;
      best_due = due;
    }
  }
  return best;
}

uint64_t Generator::earliestDue() const noexcept {
  uint64_t earliest = kNever;
  for (const auto& s : incidents_) {
    if (!s.incident->done()) earliest = std::min(earliest, s.nextDueSlot());
  }
  return earliest;
}

common::Result<RunSummary> Generator::run(PcapWriter& writer) {
  RunSummary summary;
  const bool background = config_.background;
  uint64_t next_due = earliestDue();
  uint64_t slot = 0;
  FrameSummary frame;
  while (background ? summary.counts.packets < config_.packets : next_due != kNever) {
    TrafficSource* source = background_.get();
    size_t which = incidents_.size();
    if (slot >= next_due) {
      which = dueIncident(slot);
      source = incidents_[which].incident.get();
    } else if (!background) {
      slot = next_due;  // nothing to send until then
      continue;
    }
    const uint64_t ts = slotTime(slot);
    uint8_t* out = writer.reserve(FrameBuilder::kMaxFrame);
    const uint32_t len = source->emit(ts, out, frame);
    if (len == 0) return common::fail("internal error: a traffic source produced an empty frame");
    writer.commit(ts, len);
    summary.counts.add(frame);
    if (summary.counts.packets == 1) summary.first_ts = ts;
    summary.last_ts = ts;
    if (which != incidents_.size()) {
      ScheduledIncident& s = incidents_[which];
      if (s.emitted == 0) s.first_ts = ts;
      s.last_ts = ts;
      ++s.emitted;
      s.bytes += len;
      next_due = earliestDue();
    }
    ++slot;
  }
  for (size_t i = 0; i < incidents_.size(); ++i) {
    const ScheduledIncident& s = incidents_[i];
    if (s.emitted < s.incident->expectedPackets()) {
      summary.warnings.push_back("incident " + std::to_string(i) + " (" + std::string(incidentKindName(s.spec.kind)) +
                                 ") cut short by the end of the capture: " + std::to_string(s.emitted) + " of " +
                                 std::to_string(s.incident->expectedPackets()) + " packets");
    }
  }
  return summary;
}

}  // namespace vigil::pcapgen
