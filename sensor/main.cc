// vigil-sensor: command-line wiring of capture sources, the engine and the end-of-run report.
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "capture/source_factory.h"
#include "common/cpu_plan.h"
#include "common/privileges.h"
#include "common/this_thread.h"
#include "config/sensor_config.h"
#include "detect/detection_engine.h"
#include "detect/json_lines_sink.h"
#include "detect/tee_sink.h"
#include "embedded_rules.h"
#include "metrics/metrics_server.h"
#include "pipeline/progress_meter.h"
#include "pipeline/run_report.h"
#include "pipeline/sensor_engine.h"
#include "publish/event_publisher.h"
#include "rules/rule_loader.h"
#include "telemetry/sensor_metrics.h"
#include "wire/curve_key_file.h"

namespace {

using namespace vigil;

struct Options {
  std::string config;
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
  std::optional<config::PublishSettings> publish;
  double drain_seconds = 10.0;
  std::string metrics;  // HOST:PORT
  std::string user;     // drop to this user once the capture is open
  std::string cpus = "auto";
  std::vector<std::string> dpdk_eal;
};

/// Fills the options from --config; flags given on the command line win over the file.
common::Result<void> applyConfigFile(Options& opt, const CLI::App& app) {
  auto c = config::loadSensorConfig(opt.config);
  if (!c.ok()) return common::fail(c.error());
  const auto unset = [&app](const char* flag) { return app.count(flag) == 0; };
  if (unset("--read")) opt.read = c->source;
  if (unset("--rules")) opt.rules = c->rules;
  if (unset("--events")) opt.events = c->events;
  if (unset("--metrics")) opt.metrics = c->metrics;
  if (unset("--sensor-id")) opt.sensor_id = c->sensor_id;
  if (unset("--tick")) opt.tick_seconds = c->tick_seconds;
  if (unset("--window")) opt.window_ticks = c->window_ticks;
  if (unset("--hosts")) opt.hosts = c->hosts;
  if (unset("--window-hosts")) opt.window_hosts = c->window_hosts;
  if (unset("--flows")) opt.flows = c->flows;
  if (unset("--user")) opt.user = c->user;
  if (unset("--cpus")) opt.cpus = c->cpus;
  opt.dpdk_eal = c->dpdk_eal;
  if (!opt.publish && c->publish) opt.publish = c->publish;
  if (opt.read.empty()) return common::fail(opt.config + ": no capture 'source' (and no --read)");
  return {};
}

/// The spooling publisher for --publish / publish:, started (it connects in the background).
common::Result<std::unique_ptr<publish::EventPublisher>> startPublisher(const config::PublishSettings& p) {
  publish::PublisherOptions options;
  options.endpoint = p.endpoint;
  options.insecure = p.insecure;
  options.window = p.window;
  options.ack_timeout = std::chrono::milliseconds(p.ack_timeout_ms);
  if (!p.insecure) {
    auto keys = wire::loadKeyPair(p.secret_key_file);
    if (!keys.ok()) return common::fail(keys.error());
    auto server = wire::loadPublicKey(p.server_key_file);
    if (!server.ok()) return common::fail(server.error());
    options.public_key = keys->public_key;
    options.secret_key = keys->secret_key;
    options.server_public_key = *server;
  }
  publish::SpoolOptions spool_options;
  spool_options.dir = p.spool_dir;
  spool_options.max_bytes = p.spool_max_bytes;
  spool_options.fsync = p.fsync == config::SpoolFsync::kAlways     ? publish::FsyncPolicy::kAlways
                        : p.fsync == config::SpoolFsync::kInterval ? publish::FsyncPolicy::kInterval
                                                                   : publish::FsyncPolicy::kNever;
  spool_options.fsync_interval = std::chrono::milliseconds(p.fsync_interval_ms);
  auto spool = publish::Spool::open(spool_options);
  if (!spool.ok()) return common::fail(spool.error());
  for (const std::string& w : (*spool)->takeWarnings())
    std::fprintf(stderr, "vigil-sensor: warning: %s\n", w.c_str());
  auto publisher = std::make_unique<publish::EventPublisher>(options, std::move(*spool));
  if (common::Result<void> r = publisher->start(); !r.ok()) return common::fail(r.error());
  return publisher;
}

// The engine's last thread sends this to main when it returns, so main's wait ends at once.
constexpr int kEngineDoneSignal = SIGUSR1;

// Blocks the signals we handle in every thread (threads inherit the mask), so main can collect them
// synchronously with sigtimedwait instead of running code in a signal handler.
sigset_t blockSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, kEngineDoneSignal);
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
  // Before any thread exists (DPDK's EAL starts some when the capture opens), so every thread inherits the
  // mask and only main's sigtimedwait sees SIGINT, SIGTERM and SIGHUP.
  const sigset_t signals = blockSignals();
  // The capture next, while the process may still hold the privileges it needs; then it gives them up
  // before it creates any file or connection.
  capture::SourceSettings settings;
  settings.dpdk_eal = opt.dpdk_eal;
  auto made = capture::makeSources(opt.read, settings);
  if (!made) {
    std::fprintf(stderr, "vigil-sensor: %s\n", made.error().c_str());
    return 1;
  }
  std::vector<std::unique_ptr<capture::PacketSource>> sources = std::move(made).value();
  // Still before any thread exists: main takes the CPUs of the threads that are not workers, so every
  // thread started from here on (a file's reader, the aggregator, ZeroMQ's) inherits them. DPDK places
  // its own threads on the EAL's lcores, so "auto" leaves it alone there.
  const bool dpdk = opt.read.starts_with("dpdk:");
  if (dpdk && opt.cpus != "auto" && opt.cpus != "off") {
    std::fprintf(stderr, "vigil-sensor: --cpus %s: not for dpdk: sources, whose threads run on the EAL's lcores (-l)\n",
                 opt.cpus.c_str());
    return 1;
  }
  auto cpus = common::planCpus(dpdk ? "off" : opt.cpus, sources.size(), common::allowedCpus());
  if (!cpus) {
    std::fprintf(stderr, "vigil-sensor: %s\n", cpus.error().c_str());
    return 1;
  }
  if (cpus->active() && !common::pinThisThread(cpus->others)) {
    std::fprintf(stderr, "vigil-sensor: --cpus %s: the kernel refused CPUs %s\n", opt.cpus.c_str(),
                 common::formatCpus(cpus->others).c_str());
    return 1;
  }
  for (const auto& source : sources) {
    if (common::Result<void> opened = source->open(); !opened) {
      std::fprintf(stderr, "vigil-sensor: %s\n", opened.error().c_str());
      return 1;
    }
  }
  if (!opt.user.empty()) {
    if (common::Result<void> dropped = common::dropPrivileges(opt.user); !dropped) {
      std::fprintf(stderr, "vigil-sensor: %s\n", dropped.error().c_str());
      return 1;
    }
  }
  // Events go to a local JSON-lines file, to the collector through the spool, both, or nowhere.
  std::unique_ptr<detect::EventSink> file_sink;
  std::unique_ptr<publish::EventPublisher> publisher;
  if (!opt.events.empty()) {
    auto file = detect::JsonLinesSink::open(opt.events);
    if (!file) {
      std::fprintf(stderr, "vigil-sensor: %s\n", file.error().c_str());
      return 1;
    }
    file_sink = std::move(file).value();
  }
  if (opt.publish) {
    auto started = startPublisher(*opt.publish);
    if (!started) {
      std::fprintf(stderr, "vigil-sensor: %s\n", started.error().c_str());
      return 1;
    }
    publisher = std::move(started).value();
  }
  std::vector<detect::EventSink*> sinks;
  // The spool first: an event in the local copy is then always one the collector will get, even if
  // the process dies between the two.
  if (publisher) sinks.push_back(publisher.get());
  if (file_sink) sinks.push_back(file_sink.get());
  detect::NullSink null_sink;
  detect::TeeSink tee(sinks);
  detect::EventSink* sink = sinks.empty() ? static_cast<detect::EventSink*>(&null_sink) : &tee;

  pipeline::EngineConfig config;
  config.state.tick_ns = uint64_t(opt.tick_seconds * 1e9);
  config.state.host_capacity = opt.hosts;
  config.state.flow_capacity = opt.flows;
  config.window.host_capacity = opt.window_hosts;
  config.window.window_ticks =
      std::max(opt.window_ticks, detect::DetectionEngine::windowTicksFor(*(*detectors)->rules, config.state.tick_ns));
  // Offline: packet time, never lose a tick. Live: clock ticks; a lagging aggregator merges ticks (counted).
  config.worker.wait_for_aggregator = !sources.front()->live();
  config.worker_cpus = cpus->workers;
  const std::size_t worker_count = sources.size();

  const auto started = std::chrono::steady_clock::now();
  detect::DetectionEngine detection(opt.sensor_id, config.state.tick_ns, *sink, std::move(detectors).value());
  // Spooled numbering continues across runs, so (sensor, seq) stays unique at the collector.
  if (publisher) detection.setNextSeq(publisher->nextSeq());
  pipeline::SensorEngine engine(config, std::move(sources),
                                [&detection](const flow::HostWindow& window, uint64_t tick, uint64_t end_ns) {
                                  detection.onTick(window, tick, end_ns);
                                });
  telemetry::ReloadCounts reloads;
  std::unique_ptr<metrics::MetricsServer> metrics;  // declared after the engine: stops scraping first
  if (!opt.metrics.empty()) {
    auto server = metrics::MetricsServer::start(opt.metrics, "sensor");
    if (!server) {
      std::fprintf(stderr, "vigil-sensor: %s\n", server.error().c_str());
      return 1;
    }
    metrics = std::move(server).value();
    telemetry::addSensorMetrics(*metrics, engine, detection, publisher.get(), reloads);
    std::fprintf(stderr, "vigil-sensor: metrics on http://%s:%d/metrics\n",
                 opt.metrics.substr(0, opt.metrics.rfind(':')).c_str(), metrics->port());
  }
  const pthread_t main_thread = pthread_self();
  engine.start([main_thread] { pthread_kill(main_thread, kEngineDoneSignal); });
  if (!config.worker.wait_for_aggregator) {
    // Live capture runs until stopped: say once that packets are being taken from now on.
    std::fprintf(stderr, "vigil-sensor: capturing from %s (%zu worker%s)\n",
                 opt.read.substr(0, opt.read.find('?')).c_str(), worker_count, worker_count == 1 ? "" : "s");
  }

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
        ++reloads.ok;
        std::fprintf(stderr, "vigil-sensor: rules reloaded\n");
      } else {
        ++reload_failures;
        ++reloads.failed;
        std::fprintf(stderr, "vigil-sensor: reload failed, keeping the previous rules: %s\n", next.error().c_str());
      }
    } else if (sig > 0 && sig != kEngineDoneSignal) {
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
  if (publisher) {
    // Deliver what is spooled before exiting; anything left is sent by the next run.
    const uint64_t left = publisher->stop(std::chrono::milliseconds(int64_t(opt.drain_seconds * 1000)));
    if (left != 0) {
      std::fprintf(stderr, "vigil-sensor: %llu events not yet acked by the collector stay in the spool (%s)\n",
                   static_cast<unsigned long long>(left), opt.publish->spool_dir.c_str());
    }
    const auto& ps = publisher->stats();
    if (ps.rejected.load() != 0) {
      std::fprintf(stderr, "vigil-sensor: the collector rejected %llu events; last: %s\n",
                   static_cast<unsigned long long>(ps.rejected.load()), publisher->lastProblem().c_str());
    }
    if (ps.dropped_full.load() != 0) {
      std::fprintf(stderr, "vigil-sensor: the full spool dropped %llu of the oldest events\n",
                   static_cast<unsigned long long>(ps.dropped_full.load()));
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const pipeline::EngineTotals totals = engine.totals();
  for (const std::string& w : totals.warnings)
    std::fprintf(stderr, "vigil-sensor: warning: %s\n", w.c_str());
  for (const std::string& e : totals.errors)
    std::fprintf(stderr, "vigil-sensor: %s\n", e.c_str());
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
      "Deployed: vigil-sensor --config sensor.yaml (capture source, rules, collector, spool; flags override it)\n"
      "(pcap or pcapng; '-' reads standard input; without --rules the built-in rules/default.yaml applies;\n"
      "SIGHUP reloads the rules file at the next tick, keeping the old rules if the new file is bad)"};
  app.set_version_flag("--version", "vigil-sensor 0.1.0");
  app.add_option("--config", opt.config, "Sensor configuration file (YAML; see deploy/sensor.yaml)");
  app.add_option(
      "--read", opt.read,
      "Capture to read: a pcap (us/ns, either byte order) or pcapng file, '-' for standard input, or a "
      "source URI: pcap:FILE, live:IFACE?snaplen=N&buffer=64M&filter=EXPR, afpacket:IFACE?fanout=N&blocks=64, "
      "dpdk:PORT?queues=N&time=clock|device&idle_exit=MS&eal=ARGS. Required unless --config names a source");
  config::PublishSettings publish_flags;
  app.add_option("--publish", publish_flags.endpoint,
                 "Send events to the collector at this ZeroMQ endpoint (tcp://HOST:PORT), through the spool");
  app.add_option("--spool", publish_flags.spool_dir, "With --publish: spool directory (unacked events survive here)");
  app.add_option("--secret-key", publish_flags.secret_key_file,
                 "With --publish: this sensor's CURVE secret key (NAME.key from vigil-keygen; NAME.pub beside it)");
  app.add_option("--server-key", publish_flags.server_key_file, "With --publish: the collector's public key (.pub)");
  app.add_flag("--insecure", publish_flags.insecure, "With --publish: plaintext, no keys (loopback tests only)");
  app.add_option("--drain", opt.drain_seconds,
                 "At end of input, wait up to this many seconds for the collector to ack every event")
      ->default_val(10.0)
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--rules", opt.rules,
                 "Rules file (YAML: home networks, allowlist, blocklists, rules; see rules/README.md). Default: the "
                 "built-in copy of rules/default.yaml");
  app.add_option("--user", opt.user,
                 "Once the capture is open, switch to this user and drop every capability (from root, or the "
                 "user itself holding CAP_NET_RAW)");
  app.add_option("--cpus", opt.cpus,
                 "Where threads run: auto gives each worker a CPU of its own when the process may use more CPUs "
                 "than it has workers (the last ones) and lets the other threads (reader, aggregator) share the "
                 "rest; off leaves it to the scheduler; a list (2,3 or 0-3) splits those CPUs the same way")
      ->default_val("auto");
  app.add_option("--metrics", opt.metrics,
                 "Serve Prometheus metrics on HOST:PORT (port 0 picks one; the line says which)");
  app.add_option("--events", opt.events,
                 "Write events as JSON lines (IntelMQ field names) to FILE, or '-' for standard output");
  app.add_option("--sensor-id", opt.sensor_id, "This sensor's name in events (event_id is <sensor-id>-<seq>)")
      ->default_val("sensor")
      ->check([](const std::string& id) { return config::checkSensorId(id); });
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
  if (!opt.config.empty()) {
    if (common::Result<void> r = applyConfigFile(opt, app); !r.ok()) {
      std::fprintf(stderr, "vigil-sensor: %s\n", r.error().c_str());
      return 1;
    }
  }
  if (opt.read.empty()) {
    std::fprintf(stderr, "vigil-sensor: --read FILE (or --config with a source) is required; see --help\n");
    return 1;
  }
  if (!publish_flags.endpoint.empty()) {
    if (publish_flags.spool_dir.empty()) publish_flags.spool_dir = "vigil-spool-" + opt.sensor_id;
    if (!publish_flags.insecure && (publish_flags.secret_key_file.empty() || publish_flags.server_key_file.empty())) {
      std::fprintf(stderr, "vigil-sensor: --publish needs --secret-key and --server-key (or --insecure on loopback)\n");
      return 1;
    }
    opt.publish = publish_flags;
  }
  try {
    return run(opt);
  } catch (const std::exception& e) {
    // Start-up failures (allocation of the configured tables, ...) end here with one line.
    std::fprintf(stderr, "vigil-sensor: %s\n", e.what());
    return 1;
  }
}
