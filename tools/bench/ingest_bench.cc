// vigil-bench-ingest: durable events per second from a sensor's spool, over CURVE, into the collector's store.
//
// Both ends are the real code in one process, joined by a real ZeroMQ TCP socket on loopback with CURVE:
// the sensor's Spool + EventPublisher (window and ack handling as in production) and the collector's
// IntakeServer + StoreEventHandler (group commit, acks after the commit) on a fresh SQLite database with
// synchronous=FULL, or any database URL given. The spool is filled first; the clock runs from the
// publisher's start until the last ack, so the figure is what the collector sustains when a sensor
// delivers a backlog (after an outage, or a burst of findings). The store is checked afterwards: every
// event exactly once, no gap.
#include <zmq.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "event/event_json.h"
#include "intake/intake_server.h"
#include "publish/event_publisher.h"
#include "service/store_event_handler.h"
#include "store/store.h"

namespace {

using namespace vigil;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A finding like the detectors' (a scanner on one of 65 536 hosts), numbered `seq`.
event::Event makeEvent(uint64_t seq) {
  event::Event e;
  e.sensor = "bench";
  e.seq = seq;
  e.time_source_ns = 1'700'000'000'000'000'000ull + seq * 1'000'000ull;
  e.time_observation_ns = e.time_source_ns + 1'000'000'000ull;
  e.taxonomy = "information-gathering";
  e.type = "scanner";
  e.identifier = "scan-horizontal";
  const uint32_t host = uint32_t(seq % 65536);
  e.source_ip = net::IpAddress::parse("198.18." + std::to_string(host >> 8) + "." + std::to_string(host & 255));
  e.transport = "tcp";
  e.destination_port = 22;
  e.rule_id = "scan-horizontal";
  e.tlp = "TLP:AMBER";
  e.severity = "medium";
  return e;
}

int fail(const std::string& why) {
  std::fprintf(stderr, "vigil-bench-ingest: %s\n", why.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Durable ingest rate: sensor spool -> CURVE over loopback -> collector store"};
  uint64_t events = 100000;
  uint32_t window = publish::PublisherOptions{}.window;
  uint32_t batch = intake::IntakeOptions{}.max_batch;
  std::string dir = "/tmp/vigil-bench-ingest";
  std::string database;
  app.add_option("--events", events, "events to deliver")->check(CLI::Range(uint64_t(1), uint64_t(100'000'000)));
  app.add_option("--window", window, "publisher window (events in flight)")->check(CLI::Range(1u, 1u << 20));
  app.add_option("--batch", batch, "collector's largest group commit")->check(CLI::Range(1u, 1u << 20));
  app.add_option("--dir", dir, "work directory (emptied first)");
  app.add_option("--database", database, "store URL (default: sqlite:DIR/collector.db)");
  CLI11_PARSE(app, argc, argv);

  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(dir + ": " + ec.message());
  if (database.empty()) database = "sqlite:" + dir + "/collector.db";

  char server_pub[41], server_sec[41], sensor_pub[41], sensor_sec[41];
  if (zmq_curve_keypair(server_pub, server_sec) != 0 || zmq_curve_keypair(sensor_pub, sensor_sec) != 0) {
    return fail("no CURVE support in libzmq");
  }

  // Sensor side: fill the spool (fsync every 200 ms, the sensor's interval policy) before the clock starts.
  publish::SpoolOptions spool_options;
  spool_options.dir = dir + "/spool";
  spool_options.max_bytes = uint64_t(4) << 30;
  spool_options.fsync = publish::FsyncPolicy::kInterval;
  auto spool = publish::Spool::open(spool_options);
  if (!spool) return fail(spool.error());
  const auto fill_start = Clock::now();
  for (uint64_t seq = 1; seq <= events; ++seq) {
    if (auto r = (*spool)->append(seq, event::toJsonLine(makeEvent(seq))); !r) return fail(r.error());
  }
  if (auto r = (*spool)->sync(); !r) return fail(r.error());
  const double fill_s = secondsSince(fill_start);

  // Collector side.
  auto db = store::openStore(database);
  if (!db) return fail(db.error());
  service::StoreEventHandler handler(std::move(*db));
  intake::IntakeOptions intake_options;
  intake_options.endpoint = "tcp://127.0.0.1:0";
  intake_options.server_secret_key = server_sec;
  intake_options.sensors = {{"bench", sensor_pub}};
  intake_options.max_batch = batch;
  intake::IntakeServer intake(intake_options, handler);
  if (auto r = intake.start(); !r) return fail(r.error());

  publish::PublisherOptions publisher_options;
  publisher_options.endpoint = intake.boundEndpoint();
  publisher_options.public_key = sensor_pub;
  publisher_options.secret_key = sensor_sec;
  publisher_options.server_public_key = server_pub;
  publisher_options.window = window;
  publish::EventPublisher publisher(publisher_options, std::move(*spool));
  const auto start = Clock::now();
  if (auto r = publisher.start(); !r) return fail(r.error());
  const uint64_t left = publisher.stop(std::chrono::minutes(10));
  const double ingest_s = secondsSince(start);
  intake.stop();
  if (left != 0) return fail(std::to_string(left) + " events never acked; intake: " + intake.lastProblem());

  // Exactly once, no gap, as the store sees it.
  auto check = store::openStore(database);
  if (!check) return fail(check.error());
  auto sensors = (*check)->sensors();
  if (!sensors || sensors->size() != 1) return fail("store: expected one sensor row");
  const store::SensorStatus& s = sensors->front();
  if (s.events != events || s.last_seq != events || s.gaps != 0) {
    return fail("store holds " + std::to_string(s.events) + " events, last seq " + std::to_string(s.last_seq) + ", " +
                std::to_string(s.gaps) + " gaps; expected " + std::to_string(events));
  }

  const double rate = double(events) / ingest_s;
  std::printf("events            %llu (window %u, group commit up to %u)\n", (unsigned long long)events, window, batch);
  std::printf("spool fill        %.2f s  (%.0f events/s, fsync interval)\n", fill_s, double(events) / fill_s);
  std::printf("durable ingest    %.2f s  %.0f events/s  (target >= 20000)\n", ingest_s, rate);
  std::printf("store check       %llu stored once, 0 gaps, %llu duplicates (resends)\n", (unsigned long long)s.events,
              (unsigned long long)s.duplicates);
  std::printf("acks              %llu, resent %llu\n", (unsigned long long)publisher.stats().acked.load(),
              (unsigned long long)publisher.stats().resent.load());
  return 0;
}
