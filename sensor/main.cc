// vigil-sensor: command-line wiring of capture sources, the engine and the end-of-run report.
#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>

#include "capture/source_factory.h"
#include "pipeline/progress_meter.h"
#include "pipeline/run_report.h"
#include "pipeline/sensor_engine.h"

namespace {

using namespace vigil;

struct Options {
  std::string read;
  bool stats = false;
  bool no_progress = false;
  std::size_t top = 0;
  double tick_seconds = 1.0;
  uint32_t window_ticks = 60;
  uint32_t hosts = 1u << 16;
  uint32_t window_hosts = 1u << 16;
  uint32_t flows = 1u << 19;
};

// Blocks the signals we handle in every thread (threads inherit the mask), so main can collect them
// synchronously with sigtimedwait instead of running code in a signal handler.
sigset_t blockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int run(const Options& opt) {
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
  config.window.window_ticks = opt.window_ticks;
  config.worker.wait_for_aggregator = true;  // offline: packet time, never lose a tick

  const sigset_t signals = blockStopSignals();
  std::vector<std::unique_ptr<capture::PacketSource>> sources;
  sources.push_back(std::move(source).value());
  const auto started = std::chrono::steady_clock::now();
  pipeline::SensorEngine engine(config, std::move(sources));
  engine.start();

  pipeline::ProgressMeter meter(stderr);
  const timespec poll{0, 100'000'000};
  while (!engine.finished()) {
    if (sigtimedwait(&signals, nullptr, &poll) > 0) engine.requestStop();
    if (!opt.no_progress) {
      const pipeline::Worker::Progress p = engine.progress();
      meter.update(p.packets, p.bytes_read, p.bytes_total);
    }
  }
  const bool ok = engine.wait();
  meter.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const pipeline::EngineTotals totals = engine.totals();
  for (const std::string& w : totals.warnings) std::fprintf(stderr, "vigil-sensor: warning: %s\n", w.c_str());
  for (const std::string& e : totals.errors) std::fprintf(stderr, "vigil-sensor: %s\n", e.c_str());
  if (opt.stats) {
    pipeline::RunReportInput report;
    report.totals = &totals;
    report.window = &engine.window();
    report.seconds = seconds;
    report.top_hosts = opt.top;
    report.memory_bytes = pipeline::SensorEngine::memoryBytes(config, 1);
    std::fprintf(stderr, "%s\n", pipeline::renderRunReport(report).c_str());
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  CLI::App app{
      "vigil-sensor: reads packets, keeps bounded per-host and per-flow state, and finds suspicious hosts.\n"
      "Offline: vigil-sensor --read FILE|- [--stats]   (pcap or pcapng; '-' reads standard input)"};
  app.set_version_flag("--version", "vigil-sensor 0.1.0");
  app.add_option("--read", opt.read,
                 "Capture to read: a pcap (us/ns, either byte order) or pcapng file, '-' for standard input, or a "
                 "source URI (pcap:FILE)")
      ->required();
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
  app.add_option("--window", opt.window_ticks, "Sliding window length in ticks")
      ->default_val(60)
      ->check(CLI::Range(1, 3600));
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
