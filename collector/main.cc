// vigil-collector: command-line wiring of the collector service and its maintenance commands.
#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "config/collector_config.h"
#include "enrich/ripe_db.h"
#include "event/time_format.h"
#include "net/pfx2as_file.h"
#include "rules/duration.h"
#include "service/collector_service.h"
#include "service/incident_listing.h"
#include "service/notification_listing.h"
#include "store/store.h"

namespace {

using namespace vigil;

struct Options {
  std::string config;
  std::string database;  // overrides the configuration's
  std::vector<std::string> files;
  std::string since;
  std::string status;
  bool json = false;
};

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int fail(const std::string& message) {
  std::fprintf(stderr, "vigil-collector: %s\n", message.c_str());
  return 1;
}

/// The configuration file, or the defaults when none is given (maintenance commands need only the database).
common::Result<config::CollectorConfig> loadConfig(const Options& opt, bool need_intake) {
  config::CollectorConfig c;
  if (!opt.config.empty()) {
    auto loaded = config::loadCollectorConfig(opt.config);
    if (!loaded.ok()) return common::fail(loaded.error());
    c = std::move(*loaded);
  } else if (need_intake) {
    return common::fail("--config FILE is required to run the collector (see deploy/collector.yaml)");
  }
  if (!opt.database.empty()) c.database = opt.database;
  return c;
}

common::Result<std::unique_ptr<store::Store>> openDatabase(const Options& opt) {
  auto c = loadConfig(opt, false);
  if (!c.ok()) return common::fail(c.error());
  return store::openStore(c->database);
}

int importPfx2As(const Options& opt) {
  auto db = openDatabase(opt);
  if (!db.ok()) return fail(db.error());
  std::vector<net::Pfx2AsEntry> all;
  for (const std::string& file : opt.files) {
    auto entries = net::readPfx2AsFile(file);
    if (!entries.ok()) return fail(entries.error());
    all.insert(all.end(), entries->begin(), entries->end());
  }
  std::string sources;
  for (const std::string& f : opt.files)
    sources += (sources.empty() ? "" : ",") + f;
  const store::ImportInfo info{"pfx2as", sources, nowMs(), all.size()};
  if (common::Result<void> r = (*db)->replaceAsns(info, all); !r.ok()) return fail(r.error());
  std::fprintf(stderr, "vigil-collector: imported %zu prefix-to-AS entries from %s\n", all.size(), sources.c_str());
  return 0;
}

int importRipe(const Options& opt) {
  auto db = openDatabase(opt);
  if (!db.ok()) return fail(db.error());
  enrich::RipeDbImporter importer;
  for (const std::string& file : opt.files) {
    if (common::Result<void> r = importer.readFile(file); !r.ok()) return fail(r.error());
  }
  const std::vector<enrich::NetworkRecord> records = importer.finish();
  std::string sources;
  for (const std::string& f : opt.files)
    sources += (sources.empty() ? "" : ",") + f;
  const store::ImportInfo info{"ripe", sources, nowMs(), records.size()};
  if (common::Result<void> r = (*db)->replaceNetworks(info, records); !r.ok()) return fail(r.error());
  const enrich::RipeImportStats& s = importer.stats();
  std::fprintf(stderr,
               "vigil-collector: imported %zu networks (%llu inetnum, %llu inet6num, %llu organisations, %llu abuse "
               "roles; %llu without an abuse address, %llu malformed lines skipped)\n",
               records.size(), static_cast<unsigned long long>(s.inetnums),
               static_cast<unsigned long long>(s.inet6nums), static_cast<unsigned long long>(s.organisations),
               static_cast<unsigned long long>(s.roles), static_cast<unsigned long long>(s.without_abuse_email),
               static_cast<unsigned long long>(s.malformed_lines));
  return 0;
}

int listIncidents(const Options& opt) {
  store::IncidentFilter filter;
  if (!opt.since.empty()) {
    if (auto ns = event::parseRfc3339(opt.since)) {
      filter.since_ms = int64_t(*ns / 1'000'000);
    } else if (auto ago = rules::parseDurationMs(opt.since)) {
      filter.since_ms = nowMs() - int64_t(*ago);
    } else {
      return fail("--since '" + opt.since + "': expected an RFC 3339 time (2026-11-23T10:00:00Z) or a duration (24h)");
    }
  }
  if (!opt.status.empty()) {
    filter.status = store::parseIncidentStatus(opt.status);
    if (!filter.status) {
      return fail("--status '" + opt.status + "': expected new, notified, persisting, resolved or reopened");
    }
  }
  auto db = openDatabase(opt);
  if (!db.ok()) return fail(db.error());
  auto incidents = (*db)->incidents(filter);
  if (!incidents.ok()) return fail(incidents.error());
  std::fputs(service::renderIncidents(*incidents, opt.json).c_str(), stdout);
  return 0;
}

int listNotifications(const Options& opt) {
  store::NotificationFilter filter;
  if (!opt.status.empty()) {
    filter.status = store::parseNotificationStatus(opt.status);
    if (!filter.status) return fail("--status '" + opt.status + "': expected queued or held");
  }
  auto db = openDatabase(opt);
  if (!db.ok()) return fail(db.error());
  auto notifications = (*db)->notifications(filter);
  if (!notifications.ok()) return fail(notifications.error());
  std::map<std::string, std::vector<store::OutboxItem>> outbox;
  for (const store::Notification& n : *notifications) {
    auto items = (*db)->outboxOfTicket(n.ticket);
    if (!items.ok()) return fail(items.error());
    outbox[n.ticket] = std::move(*items);
  }
  std::fputs(service::renderNotifications(*notifications, outbox, opt.json).c_str(), stdout);
  return 0;
}

int listSensors(const Options& opt) {
  auto db = openDatabase(opt);
  if (!db.ok()) return fail(db.error());
  auto sensors = (*db)->sensors();
  if (!sensors.ok()) return fail(sensors.error());
  std::fputs(service::renderSensors(*sensors, opt.json).c_str(), stdout);
  return 0;
}

int run(const Options& opt) {
  auto c = loadConfig(opt, true);
  if (!c.ok()) return fail(c.error());
  return service::runCollector(*c);
}

}  // namespace

int main(int argc, char** argv) {
  // A size limit on the JSONL feed file must surface as a failed write (retried), not kill the collector.
  std::signal(SIGXFSZ, SIG_IGN);
  Options opt;
  CLI::App app{
      "vigil-collector: receives sensor events over ZeroMQ (CURVE), stores them, attributes each host to the\n"
      "organisation responsible for it and folds findings into incidents.\n"
      "  vigil-collector --config collector.yaml            run the collector (SIGHUP reloads the constituency)\n"
      "  vigil-collector import pfx2as|ripe FILE...         load routing or RIPE data into the database\n"
      "  vigil-collector incidents [--since T] [--status S] [--json]\n"
      "  vigil-collector sensors [--json]                   per-sensor sequence accounting (gaps, duplicates)\n"
      "  vigil-collector notifications [--status S] [--json]  notifications made, held, and their delivery"};
  app.set_version_flag("--version", "vigil-collector 0.1.0");
  app.add_option("--config", opt.config, "Collector configuration file (YAML)");
  app.add_option("--database", opt.database,
                 "Database URL, overriding the configuration: sqlite:PATH or postgresql://...");
  app.require_subcommand(0, 1);

  CLI::App* import = app.add_subcommand("import", "Replace imported reference data in the database");
  import->require_subcommand(1);
  CLI::App* pfx2as = import->add_subcommand("pfx2as", "CAIDA routeviews prefix-to-AS files (or pyasn .dat)");
  pfx2as->add_option("files", opt.files, "Files (IPv4 and IPv6 files together)")->required()->check(CLI::ExistingFile);
  CLI::App* ripe = import->add_subcommand("ripe", "RIPE database split files (inetnum, inet6num, organisation, role)");
  ripe->add_option("files", opt.files, "Split files, in any order")->required()->check(CLI::ExistingFile);

  CLI::App* incidents = app.add_subcommand("incidents", "List incidents, latest first, with their organisation");
  incidents->add_option("--since", opt.since, "Last seen at or after T: RFC 3339 time, or a duration ago (24h)");
  incidents->add_option("--status", opt.status, "Only this status: new, notified, persisting, resolved, reopened");
  incidents->add_flag("--json", opt.json, "One JSON object per line");
  CLI::App* notifications =
      app.add_subcommand("notifications", "List notifications, newest first, with their delivery state");
  notifications->add_option("--status", opt.status, "Only this status: queued or held");
  notifications->add_flag("--json", opt.json, "One JSON object per line");
  CLI::App* sensors = app.add_subcommand("sensors", "List sensors with their sequence accounting");
  sensors->add_flag("--json", opt.json, "One JSON object per line");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (pfx2as->parsed()) return importPfx2As(opt);
    if (ripe->parsed()) return importRipe(opt);
    if (incidents->parsed()) return listIncidents(opt);
    if (sensors->parsed()) return listSensors(opt);
    if (notifications->parsed()) return listNotifications(opt);
    return run(opt);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}
