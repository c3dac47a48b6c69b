// vigil-sensor: command-line wiring of capture sources, the engine and the end-of-run report.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>

#include "capture/source_factory.h"
#include "detect/detection_engine.h"
#include "detect/json_lines_sink.h"
#include "embedded_rules.h"
#include "pipeline/progress_meter.h"
#include "pipeline/run_report.h"
#include "pipeline/sensor_engine.h"
#include "rules/rule_loader.h"

namespace {

using namespace vigil;

struct Options {
  std::string read;
  std::string rules;
  std::string events;
  std::string sensor_id = "sensor";
  bool stats = false;
  bool no_progress = false;
  std::size_t top = 0;
  double tick_seconds = 1.0;
  uint32_t window_ticks = 0;
  uint32_t hosts = 1u << 16;
  uint32_t window_hosts = 1u << 16;
  uint32_t flows = 1u << 19;
};

// Blocks the signals we handle in every thread (threads inherit the mask), so main can collect them
// synchronously with sigtimedwait instead of running code in a signal handler.
sigset_t blockSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

/// The rules file named by --rules, or the built-in default rule set.
common::Result<std::shared_ptr<const rules::RuleSet>> loadRules(const Options& opt) {
  if (!opt.rules.empty()) return rules::loadRuleSet(opt.rules);
  return rules::parseRuleSet(embeddedDefaultRules(), "(built-in default.yaml)", ".");
}

common::Result<std::unique_ptr<detect::DetectorSet>> loadDetectors(const Options& opt) {
  auto rule_set = loadRules(opt);
  if (!rule_set) return common::fail(rule_set.error());
  return detect::buildDetectors(std::move(rule_set).value(), opt.sensor_id);
}

int run(const Options& opt) {
  // Rules first: a bad rules file must stop the sensor before it touches any capture.
  auto detectors = loadDetectors(opt);
  if (!detectors) {
    std::fprintf(stderr, "vigil-sensor: %s\n", detectors.error().c_str());
    return 1;
  }
  std::unique_ptr<detect::EventSink> sink;
  if (opt.events.empty()) {
    sink = std::make_unique<detect::NullSink>();
  } else {
    auto file = detect::JsonLinesSink::open(opt.events);
    if (!file) {
      std::fprintf(stderr, "vigil-sensor: %s\n", file.error().c_str());
      return 1;
    }
    sink = std::move(file).value();
  }

  auto source = capture::makeSource(opt.read);
  if (!source) {
    std::fprintf(stderr, "vigil-sensor: %s\n", source.error().c_str());
    return 1;
  }
  if (common::Result<void> opened = (*source)->open(); !opened) {
    std::fprintf(stderr, "vigil-sensor: %s\n", opened.error().c_str());
    return 1;
  }

  pipeline::EngineConfig config;
  config.state.tick_ns = uint64_t(opt.tick_seconds * 1e9);
  config.state.host_capacity = opt.hosts;
  config.state.flow_capacity = opt.flows;
  config.window.host_capacity = opt.window_hosts;
  config.window.window_ticks =
      std::max(opt.window_ticks, detect::DetectionEngine::windowTicksFor(*(*detectors)->rules, config.state.tick_ns));
  config.worker.wait_for_aggregator = true;  // offline: packet time, never lose a tick

  const sigset_t signals = blockSignals();
  std::vector<std::unique_ptr<capture::PacketSource>> sources;
  sources.push_back(std::move(source).value());
  const auto started = std::chrono::steady_clock::now();
  detect::DetectionEngine detection(opt.sensor_id, config.state.tick_ns, *sink, std::move(detectors).value());
  pipeline::SensorEngine engine(config, std::move(sources),
                                [&detection](const flow::HostWindow& window, uint64_t tick, uint64_t end_ns) {
                                  detection.onTick(window, tick, end_ns);
                                });
  engine.start();

  pipeline::ProgressMeter meter(stderr);
  const timespec poll{0, 100'000'000};
  uint64_t reload_failures = 0;
  while (!engine.finished()) {
    const int sig = sigtimedwait(&signals, nullptr, &poll);
    if (sig == SIGHUP) {
      // Reload: the new set is validated here and handed over whole; a bad file keeps the old rules.
      auto next = loadDetectors(opt);
      if (next) {
        detection.install(std::move(next).value());
        std::fprintf(stderr, "vigil-sensor: rules reloaded\n");
      } else {
        ++reload_failures;
        std::fprintf(stderr, "vigil-sensor: reload failed, keeping the previous rules: %s\n", next.error().c_str());
      }
    } else if (sig > 0) {
      engine.requestStop();
    }
    if (!opt.no_progress) {
      const pipeline::Worker::Progress p = engine.progress();
      meter.update(p.packets, p.bytes_read, p.bytes_total);
    }
  }
  const bool ok = engine.wait();
  detection.finish();
  meter.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const pipeline::EngineTotals totals = engine.totals();
  for (const std::string& w : totals.warnings) std::fprintf(stderr, "vigil-sensor: warning: %s\n", w.c_str());
  for (const std::string& e : totals.errors) std::fprintf(stderr, "vigil-sensor: %s\n", e.c_str());
  const detect::DetectionEngine::Stats& detected = detection.stats();
  if (detected.publish_failures != 0) {
    std::fprintf(stderr, "vigil-sensor: %llu events could not be written: %s\n",
                 static_cast<unsigned long long>(detected.publish_failures), detection.lastError().c_str());
  }
  if (opt.stats) {
    pipeline::RunReportInput report;
    report.totals = &totals;
    report.window = &engine.window();
    report.seconds = seconds;
    report.events = detected.events;
    report.rule_reloads = detected.reloads;
    report.rule_reload_failures = reload_failures;
    report.top_hosts = opt.top;
    report.memory_bytes = pipeline::SensorEngine::memoryBytes(config, 1);
    std::fprintf(stderr, "%s\n", pipeline::renderRunReport(report).c_str());
  }
  return ok && detected.publish_failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  CLI::App app{
      "vigil-sensor: reads packets, keeps bounded per-host and per-flow state, and finds suspicious hosts.\n"
      "Offline: vigil-sensor --read FILE|- [--rules FILE] [--events FILE|-] [--sensor-id ID] [--stats]\n"
      "(pcap or pcapng; '-' reads standard input; without --rules the built-in rules/default.yaml applies;\n"
      "SIGHUP reloads the rules file at the next tick, keeping the old rules if the new file is bad)"};
  app.set_version_flag("--version", "vigil-sensor 0.1.0");
  app.add_option("--read", opt.read,
                 "Capture to read: a pcap (us/ns, either byte order) or pcapng file, '-' for standard input, or a "
                 "source URI (pcap:FILE)")
      ->required();
  app.add_option("--rules", opt.rules,
                 "Rules file (YAML: home networks, allowlist, blocklists, rules; see rules/README.md). Default: the "
                 "built-in copy of rules/default.yaml");
  app.add_option("--events", opt.events,
                 "Write events as JSON lines (IntelMQ field names) to FILE, or '-' for standard output");
  app.add_option("--sensor-id", opt.sensor_id, "This sensor's name in events (event_id is <sensor-id>-<seq>)")
      ->default_val("sensor")
      ->check([](const std::string& id) -> std::string {
        if (id.empty() || id.size() > 64) return "sensor id must be 1-64 characters";
        for (char c : id)
          if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            return "sensor id may contain letters, digits, '.', '_' and '-' only";
        return {};
      });
  app.add_flag("--stats", opt.stats,
               "At end of input print one JSON object on stderr: packets, bytes, decode_errors (by reason), events, "
               "seconds, pps, protocol counts, evictions, memory");
  app.add_option("--top", opt.top, "With --stats, also list the N busiest hosts of the last window")
      ->check(CLI::Range(0, 10000));
  app.add_flag("--no-progress", opt.no_progress,
               "Never draw the progress line (it is only drawn when stderr is a terminal anyway)");
  app.add_option("--tick", opt.tick_seconds, "Tick length in seconds of packet time (counters are merged per tick)")
      ->default_val(1.0)
      ->check(CLI::Range(0.01, 3600.0));
  app.add_option("--window", opt.window_ticks,
                 "Minimum sliding window length in ticks (the window always covers the longest rule window)")
      ->default_val(0)
      ->check(CLI::Range(0, 3600));
  app.add_option("--hosts", opt.hosts, "Host table capacity per worker and tick (full tables evict and count)")
      ->default_val(1u << 16)
      ->check(CLI::Range(1024u, 1u << 28));
  app.add_option("--window-hosts", opt.window_hosts, "Host capacity of the aggregator's sliding window")
      ->default_val(1u << 16)
      ->check(CLI::Range(1024u, 1u << 28));
  app.add_option("--flows", opt.flows, "Flow table capacity per worker")
      ->default_val(1u << 19)
      ->check(CLI::Range(1024u, 1u << 28));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    return run(opt);
  } catch (const std::exception& e) {
    // Start-up failures (allocation of the configured tables, ...) end here with one line.
    std::fprintf(stderr, "vigil-sensor: %s\n", e.what());
    return 1;
  }
}
