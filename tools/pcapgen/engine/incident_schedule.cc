// IncidentSchedule: count/rate/duration resolution, fitting and placement of incidents in the capture.
#include "pcapgen/engine/incident_schedule.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "pcapgen/incidents/incident_factory.h"
#include "pcapgen/incidents/incident_params.h"
#include "pcapgen/traffic/value_text.h"

namespace vigil::pcapgen {
namespace {

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g s", s);
  return buf;
}

// Timing keys as given on the command line.
struct Timing {
  bool has_at = false;
  bool has_rate = false;
  bool has_duration = false;
  double at = 0;
  double rate = 0;
  double duration = 0;
};

common::Result<Timing> readTiming(const IncidentSpec& spec, uint32_t index, double capture_s) {
  IncidentParams params(spec, index);
  Timing t;
  t.has_rate = params.has("rate");
  t.has_duration = params.has("duration");
  t.has_at = params.has("at");
  t.rate = params.number("rate", incidentKindInfo(spec.kind).default_rate, 1e-6, 1e12);
  t.duration = params.number("duration", 0, 1e-9, 1e9);
  if (t.has_at) {
    std::string_view text = *spec.find("at");
    const bool percent = !text.empty() && text.back() == '%';
    if (percent) text.remove_suffix(1);
    const auto v = parseNumber(text);
    if (!v || *v < 0 || (percent && *v >= 100)) {
      params.fail("at=" + *spec.find("at") + ": expected seconds >= 0 or a percentage below 100%");
    } else {
      t.at = percent ? *v / 100.0 * capture_s : *v;
    }
  }
  if (t.has_rate && t.has_duration && params.has("count")) params.fail("give at most two of count, rate and duration");
  if (!params.ok()) return common::fail(params.error());
  return t;
}

}  // namespace

common::Result<std::vector<ScheduledIncident>> scheduleIncidents(const GeneratorConfig& config,
                                                                 const FrameBuilder& builder) {
  const double capture_s = static_cast<double>(config.packets) / config.pps;
  std::vector<ScheduledIncident> out;
  std::vector<Timing> timings;
  for (uint32_t i = 0; i < config.incidents.size(); ++i) {
    auto spec = IncidentSpec::parse(config.incidents[i]);
    if (!spec.ok()) return common::fail("incident " + std::to_string(i) + ": " + spec.error());
    auto timing = readTiming(spec.value(), i, capture_s);
    if (!timing.ok()) return common::fail(timing.error());
    const IncidentContext context{builder, config.seed, i};
    auto incident = createIncident(spec.value(), context);
    if (!incident.ok()) return common::fail(incident.error());
    if (timing->has_duration && spec->find("count") == nullptr) {
      // Derive count from rate x duration with this kind's packets per unit.
      const double per_unit = static_cast<double>(incident.value()->expectedPackets()) /
                              static_cast<double>(incident.value()->units());
      const double units = std::max(1.0, std::round(timing->rate * timing->duration / per_unit));
      spec->set("count", std::to_string(static_cast<uint64_t>(units)));
      incident = createIncident(spec.value(), context);
      if (!incident.ok()) return common::fail(incident.error() + " (count derived from rate x duration)");
    }
    ScheduledIncident s;
    s.spec = std::move(spec.value());
    s.incident = std::move(incident.value());
    out.push_back(std::move(s));
    timings.push_back(timing.value());
  }

  const double slots_per_s = config.pps;
  for (size_t k = 0; k < out.size(); ++k) {
    ScheduledIncident& s = out[k];
    const Timing& t = timings[k];
    const auto packets = static_cast<double>(s.incident->expectedPackets());
    const std::string name = "incident " + std::to_string(k) + " (" + std::string(incidentKindName(s.spec.kind)) + ")";
    double rate = t.has_duration ? packets / t.duration : t.rate;
    double duration = packets / rate;
    if (!t.has_rate && !t.has_duration) {
      const double room = 0.95 * (capture_s - (t.has_at ? t.at : 0));
      if (room <= 0) return common::fail(name + ": at=" + seconds(t.at) + " is past the capture end " + seconds(capture_s));
      if (duration > room) {
        rate = packets / room;  // too long at the default rate: speed it up to fit
        duration = packets / rate;
      }
    }
    if (rate > config.pps * (1 + 1e-9)) {
      return common::fail(name + ": needs " + std::to_string(static_cast<uint64_t>(packets)) + " packets at " +
                          std::to_string(static_cast<uint64_t>(rate)) + " packets/s, more than --pps " +
                          std::to_string(static_cast<uint64_t>(config.pps)) +
                          "; raise --packets or --pps, or lower count/rate");
    }
    const double at = t.has_at ? t.at
                               : std::max(0.0, capture_s - duration) * static_cast<double>(k + 1) /
                                     static_cast<double>(out.size() + 1);
    if (at + duration > capture_s * (1 + 1e-9)) {
      return common::fail(name + ": runs from " + seconds(at) + " for " + seconds(duration) +
                          " but the capture is " + seconds(capture_s) + " long (" + std::to_string(config.packets) +
                          " packets at " + std::to_string(static_cast<uint64_t>(config.pps)) +
                          " packets/s); raise --packets or change at/count/rate/duration");
    }
    s.at_s = at;
    s.rate = rate;
    s.first_slot = static_cast<uint64_t>(std::ceil(at * slots_per_s));
    s.spacing = std::max(1.0, slots_per_s / rate);
  }
  return out;
}

}  // namespace vigil::pcapgen
