// SensorConfig loading: top-level keys, the publish/spool section and the state sizes, with located errors.
#include "config/sensor_config.h"

#include <array>
#include <cctype>
#include <cmath>

#include "common/cpu_plan.h"
#include "rules/duration.h"
#include "rules/source_file.h"
#include "rules/yaml_document.h"
#include "rules/yaml_errors.h"
#include "rules/yaml_fields.h"

namespace vigil::config {
namespace {

using rules::Field;

constexpr std::array<std::string_view, 10> kTopKeys = {"sensor_id", "source",  "rules", "events", "publish",
                                                       "state",     "metrics", "user",  "dpdk",   "cpus"};
constexpr std::array<std::string_view, 1> kDpdkKeys = {"eal"};
constexpr std::array<std::string_view, 8> kPublishKeys = {"endpoint", "secret_key", "server_key",  "insecure",
                                                          "spool",    "window",     "ack_timeout", "fsync"};
constexpr std::array<std::string_view, 4> kSpoolKeys = {"dir", "max_size", "fsync", "fsync_interval"};
constexpr std::array<std::string_view, 5> kStateKeys = {"tick", "window", "hosts", "window_hosts", "flows"};

/// A duration in milliseconds within [lo, hi] ("200ms", "5s", "1m").
common::Result<uint32_t> readDurationMs(const Field& field, uint64_t lo, uint64_t hi) {
  const std::optional<uint64_t> ms =
      field.value.IsScalar() ? rules::parseDurationMs(field.value.Scalar()) : std::nullopt;
  if (!ms.has_value()) {
    return field.error("'" + field.name + "' must be a duration such as 200ms, 5s or 1m (got " +
                       rules::describeNode(field.value) + ")");
  }
  if (*ms < lo || *ms > hi) {
    return field.error("'" + field.name + "' must be between " + std::to_string(lo) + " ms and " + std::to_string(hi) +
                       " ms");
  }
  return uint32_t(*ms);
}

/// A path, resolved against the configuration file's directory.
common::Result<std::string> readPath(const Field& field, const rules::SourceFile& from, std::string_view what) {
  auto text = rules::readScalar(field, what);
  if (!text.ok()) return common::fail(text.error());
  if (*text == "-") return *text;
  return from.resolve(*text).fs.string();
}

common::Result<SpoolFsync> readFsync(const Field& field) {
  return rules::readEnum<SpoolFsync>(
      field,
      [](const std::string& s) -> std::optional<SpoolFsync> {
        if (s == "always") return SpoolFsync::kAlways;
        if (s == "interval") return SpoolFsync::kInterval;
        if (s == "never") return SpoolFsync::kNever;
        return std::nullopt;
      },
      "always, interval, never");
}

common::Result<void> parseSpool(const Field& section, const rules::SourceFile& from, PublishSettings& out) {
  auto map = rules::readMap(section, "spool settings (dir, max_size, fsync, fsync_interval)");
  if (!map.ok()) return common::fail(map.error());
  auto fields = rules::mappingFields(*section.file, *map, kSpoolKeys, "in 'spool'");
  if (!fields.ok()) return common::fail(fields.error());
  for (const Field& f : *fields) {
    if (f.name == "dir") {
      auto dir = readPath(f, from, "a directory");
      if (!dir.ok()) return common::fail(dir.error());
      out.spool_dir = *dir;
    } else if (f.name == "max_size") {
      auto bytes = rules::readNumber(f, /*allow_si=*/true);
      if (!bytes.ok()) return common::fail(bytes.error());
      if (*bytes < 1e6 || *bytes > 1e13) return f.error("'max_size' must be between 1M and 10000G bytes");
      out.spool_max_bytes = uint64_t(std::llround(*bytes));
    } else if (f.name == "fsync") {
      auto mode = readFsync(f);
      if (!mode.ok()) return common::fail(mode.error());
      out.fsync = *mode;
    } else {
      auto ms = readDurationMs(f, 1, 60'000);
      if (!ms.ok()) return common::fail(ms.error());
      out.fsync_interval_ms = *ms;
    }
  }
  return {};
}

common::Result<PublishSettings> parsePublish(const Field& section, const rules::SourceFile& from) {
  auto map = rules::readMap(section, "publish settings (endpoint, keys, spool)");
  if (!map.ok()) return common::fail(map.error());
  auto fields = rules::mappingFields(*section.file, *map, kPublishKeys, "in 'publish'");
  if (!fields.ok()) return common::fail(fields.error());
  PublishSettings out;
  for (const Field& f : *fields) {
    common::Result<void> step;
    if (f.name == "endpoint") {
      auto text = rules::readScalar(f, "a ZeroMQ endpoint such as tcp://collector.example:7750");
      if (!text.ok()) return common::fail(text.error());
      if (text->rfind("tcp://", 0) != 0 && text->rfind("ipc://", 0) != 0) {
        return f.error("'endpoint' must start with tcp:// or ipc:// (got " + rules::quoteText(*text) + ")");
      }
      out.endpoint = *text;
    } else if (f.name == "secret_key" || f.name == "server_key") {
      auto path = readPath(f, from, "the path of a key file");
      if (!path.ok()) return common::fail(path.error());
      (f.name == "secret_key" ? out.secret_key_file : out.server_key_file) = *path;
    } else if (f.name == "insecure") {
      auto flag = rules::readBool(f);
      if (!flag.ok()) return common::fail(flag.error());
      out.insecure = *flag;
    } else if (f.name == "spool") {
      step = parseSpool(f, from, out);
    } else if (f.name == "window") {
      auto n = rules::readInteger(f, 1, 65536);
      if (!n.ok()) return common::fail(n.error());
      out.window = uint32_t(*n);
    } else if (f.name == "ack_timeout") {
      auto ms = readDurationMs(f, 10, 3'600'000);
      if (!ms.ok()) return common::fail(ms.error());
      out.ack_timeout_ms = *ms;
    } else {  // fsync at this level: shorthand for spool.fsync
      auto mode = readFsync(f);
      if (!mode.ok()) return common::fail(mode.error());
      out.fsync = *mode;
    }
    if (!step.ok()) return common::fail(step.error());
  }
  const std::string where = rules::locationOf(section.key, *section.file).toString();
  if (out.endpoint.empty()) return common::fail(where + ": 'publish' needs an 'endpoint'");
  if (out.spool_dir.empty()) return common::fail(where + ": 'publish' needs 'spool: {dir: ...}'");
  if (!out.insecure && (out.secret_key_file.empty() || out.server_key_file.empty())) {
    return common::fail(where +
                        ": 'publish' needs 'secret_key' and 'server_key' (CURVE), or 'insecure: true' for loopback "
                        "tests");
  }
  return out;
}

common::Result<void> parseState(const Field& section, SensorConfig& out) {
  auto map = rules::readMap(section, "state sizes (tick, window, hosts, window_hosts, flows)");
  if (!map.ok()) return common::fail(map.error());
  auto fields = rules::mappingFields(*section.file, *map, kStateKeys, "in 'state'");
  if (!fields.ok()) return common::fail(fields.error());
  for (const Field& f : *fields) {
    if (f.name == "tick") {
      auto ms = readDurationMs(f, 10, 3'600'000);
      if (!ms.ok()) return common::fail(ms.error());
      out.tick_seconds = double(*ms) / 1000.0;
    } else if (f.name == "window") {
      auto n = rules::readInteger(f, 0, 3600);
      if (!n.ok()) return common::fail(n.error());
      out.window_ticks = uint32_t(*n);
    } else {
      auto n = rules::readInteger(f, 1024, int64_t(1) << 28);
      if (!n.ok()) return common::fail(n.error());
      (f.name == "hosts" ? out.hosts : f.name == "flows" ? out.flows : out.window_hosts) = uint32_t(*n);
    }
  }
  return {};
}

/// dpdk: { eal: [--no-huge, -m, "256", ...] }: EAL arguments, one list entry each.
common::Result<void> parseDpdk(const Field& section, SensorConfig& out) {
  auto map = rules::readMap(section, "DPDK settings (eal)");
  if (!map.ok()) return common::fail(map.error());
  auto fields = rules::mappingFields(*section.file, *map, kDpdkKeys, "in 'dpdk'");
  if (!fields.ok()) return common::fail(fields.error());
  for (const Field& f : *fields) {
    auto entries = rules::readList(f, "EAL arguments");
    if (!entries.ok()) return common::fail(entries.error());
    for (const YAML::Node& entry : *entries) {
      if (!entry.IsScalar() || entry.Scalar().empty()) {
        return rules::errorAt(
            rules::entryLocation(f, entry),
            "'eal' entries must be EAL arguments such as --no-huge (got " + rules::describeNode(entry) + ")");
      }
      out.dpdk_eal.push_back(entry.Scalar());
    }
  }
  return {};
}

common::Result<SensorConfig> parseWith(std::string_view text, const rules::SourceFile& from) {
  auto doc = rules::parseYamlDocument(text, from.display);
  if (!doc.ok()) return common::fail(doc.error());
  if (!doc->IsMap()) return common::fail(from.display + ": a sensor configuration must be a mapping of keys");
  auto fields = rules::mappingFields(from.display, *doc, kTopKeys, "at top level");
  if (!fields.ok()) return common::fail(fields.error());
  SensorConfig out;
  out.file = from.display;
  for (const Field& f : *fields) {
    common::Result<void> step;
    if (f.name == "sensor_id") {
      auto id = rules::readScalar(f, "a sensor name");
      if (!id.ok()) return common::fail(id.error());
      if (std::string why = checkSensorId(*id); !why.empty()) return f.error("'sensor_id': " + why);
      out.sensor_id = *id;
    } else if (f.name == "source") {
      auto uri = rules::readScalar(f, "a capture source such as pcap:FILE or afpacket:eth1?fanout=2");
      if (!uri.ok()) return common::fail(uri.error());
      out.source = *uri;
    } else if (f.name == "rules") {
      auto path = readPath(f, from, "the path of a rules file");
      if (!path.ok()) return common::fail(path.error());
      out.rules = *path;
    } else if (f.name == "metrics") {
      auto listen = rules::readScalar(f, "HOST:PORT for the Prometheus endpoint");
      if (!listen.ok()) return common::fail(listen.error());
      if (listen->find(':') == std::string::npos) {
        return f.error("'metrics' must be HOST:PORT, e.g. 127.0.0.1:9750 (got " + rules::quoteText(*listen) + ")");
      }
      out.metrics = *listen;
    } else if (f.name == "events") {
      auto path = readPath(f, from, "a file for JSON lines, or '-'");
      if (!path.ok()) return common::fail(path.error());
      out.events = *path;
    } else if (f.name == "user") {
      auto user = rules::readScalar(f, "the name of an unprivileged user");
      if (!user.ok()) return common::fail(user.error());
      out.user = *user;
    } else if (f.name == "cpus") {
      constexpr const char* kWhat = "auto, off, or a list of CPUs like 2,3 or 0-3";
      auto cpus = rules::readScalar(f, kWhat);
      if (!cpus.ok()) return common::fail(cpus.error());
      if (!common::isCpuSpec(*cpus)) {
        return f.error(std::string("'cpus' must be ") + kWhat + " (got " + rules::quoteText(*cpus) + ")");
      }
      out.cpus = *cpus;
    } else if (f.name == "dpdk") {
      step = parseDpdk(f, out);
    } else if (f.name == "publish") {
      auto publish = parsePublish(f, from);
      if (!publish.ok()) return common::fail(publish.error());
      out.publish = std::move(*publish);
    } else {
      step = parseState(f, out);
    }
    if (!step.ok()) return common::fail(step.error());
  }
  return out;
}

}  // namespace

std::string checkSensorId(std::string_view id) {
  if (id.empty() || id.size() > 64) return "a sensor name must be 1-64 characters";
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
      return "a sensor name may contain letters, digits, '.', '_' and '-' only";
  }
  return {};
}

common::Result<SensorConfig> loadSensorConfig(const std::string& path) {
  const rules::SourceFile file{path, path};
  auto text = rules::readSourceFile(file);
  if (!text.ok()) return common::fail(text.error());
  return parseWith(*text, file);
}

common::Result<SensorConfig> parseSensorConfig(std::string_view text, const std::string& display,
                                               const std::string& base_dir) {
  const rules::SourceFile file{std::filesystem::path(base_dir) / "config.yaml", display};
  return parseWith(text, file);
}

}  // namespace vigil::config
