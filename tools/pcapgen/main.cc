// vigil-pcapgen: command line wiring for the labelled traffic generator (pcap + truth JSON).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "pcapgen/engine/generator.h"
#include "pcapgen/engine/time_text.h"
#include "pcapgen/engine/truth_writer.h"
#include "pcapgen/incidents/incident_kind.h"
#include "pcapgen/traffic/value_text.h"

namespace {

using vigil::pcapgen::GeneratorConfig;

int fail(const std::string& message) {
  std::cerr << "vigil-pcapgen: " << message << '\n';
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  namespace pg = vigil::pcapgen;
  CLI::App app{"vigil-pcapgen: writes a deterministic, labelled Ethernet pcap and a JSON truth file.\n"
               "The same flags and seed give byte-identical output."};
  app.footer(pg::incidentHelpText());

  GeneratorConfig config;
  std::string output;
  std::string truth_path;
  std::string packets = "1000000";
  std::string pps = "100000";
  std::string start = "2025-01-01T00:00:00Z";
  std::string timestamps = "us";
  bool no_background = false;
  bool stats = false;

  app.add_option("-o,--output", output, "pcap to write, or - for stdout (then --truth is required)")->required();
  app.add_option("--truth", truth_path, "truth JSON path (default: OUT.pcap -> OUT.truth.json)");
  app.add_option("-n,--packets", packets, "total packets, background + incidents; k/M suffixes (default 1000000)");
  app.add_option("--pps", pps, "packet rate in packet time; sets timestamps (default 100000)");
  app.add_option("--start", start, "first packet time: RFC 3339 or epoch seconds (default 2025-01-01T00:00:00Z)");
  app.add_option("--seed", config.seed, "seed of every random choice (default 1)");
  app.add_option("--timestamps", timestamps, "us (magic a1b2c3d4) or ns (magic a1b23c4d) (default us)")
      ->check(CLI::IsMember({"us", "ns"}));
  app.add_option("--frame-size", config.frame_size,
                 "every frame exactly N bytes (60-1514), IPv4 TCP/UDP (+ARP) only; 0 = natural sizes (default 0)");
  app.add_option("--ipv6-share", config.ipv6_share, "share of background conversations over IPv6 (default 0.1)");
  app.add_option("--vlan-share", config.vlan_share, "share of background hosts behind an 802.1Q tag (default 0.05)");
  app.add_flag("--no-background", no_background, "write only the incidents' packets");
  app.add_option("-i,--incident", config.incidents, "KIND[:key=value,...], repeatable; kinds and keys below")
      ->take_all();
  app.add_flag("--stats", stats, "print one JSON line with packets, bytes, seconds and Mpps to stderr");
  CLI11_PARSE(app, argc, argv);

  const auto packet_count = pg::parseCount(packets);
  if (!packet_count) return fail("--packets " + packets + ": expected a count such as 1000000 or 10M");
  config.packets = *packet_count;
  const auto rate = pg::parseNumber(pps);
  if (!rate) return fail("--pps " + pps + ": expected a number such as 100000 or 100k");
  config.pps = *rate;
  const auto start_ns = pg::parseTime(start);
  if (!start_ns) return fail("--start " + start + ": expected RFC 3339 (2025-01-01T00:00:00Z) or epoch seconds");
  config.start_ns = *start_ns;
  config.precision = timestamps == "ns" ? pg::TimestampPrecision::kNano : pg::TimestampPrecision::kMicro;
  config.background = !no_background;
  if (output == "-" && truth_path.empty()) return fail("--truth FILE is required when the pcap goes to stdout");
  if (truth_path.empty()) truth_path = pg::defaultTruthPath(output);

  auto generator = pg::Generator::create(config);
  if (!generator.ok()) return fail(generator.error());
  auto writer = pg::PcapWriter::open(output, config.precision);
  if (!writer.ok()) return fail(writer.error());

  const auto t0 = std::chrono::steady_clock::now();
  auto run = generator.value()->run(writer.value());
  if (!run.ok()) return fail(run.error());
  if (auto done = writer->finish(); !done.ok()) return fail(done.error());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  if (auto written = pg::writeTruthFile(truth_path, pg::truthJson(*generator.value(), run.value())); !written.ok()) {
    return fail(written.error());
  }
  for (const auto& warning : run->warnings) std::cerr << "vigil-pcapgen: warning: " << warning << '\n';
  if (stats) {
    const auto& c = run->counts;
    std::fprintf(stderr, "{\"packets\": %llu, \"frame_bytes\": %llu, \"seconds\": %.3f, \"mpps\": %.2f, \"gbps\": %.2f}\n",
                 static_cast<unsigned long long>(c.packets), static_cast<unsigned long long>(c.frame_bytes), seconds,
                 static_cast<double>(c.packets) / seconds / 1e6, static_cast<double>(c.frame_bytes) * 8 / seconds / 1e9);
  }
  return 0;
}
