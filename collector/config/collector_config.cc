// CollectorConfig loading with located errors, on the rules module's YAML helpers.
#include "config/collector_config.h"

#include <array>

#include "rules/duration.h"
#include "rules/source_file.h"
#include "rules/yaml_document.h"
#include "rules/yaml_fields.h"

namespace vigil::config {
namespace {

using rules::Field;

constexpr std::array<std::string_view, 10> kTopKeys = {"listen",    "secret_key",       "sensors_dir",
                                                      "insecure",  "database",         "constituency",
                                                      "incidents", "max_message_size", "notifications",
                                                      "metrics"};
constexpr std::array<std::string_view, 1> kIncidentKeys = {"resolve_after"};

common::Result<std::string> readPath(const Field& field, const rules::SourceFile& from, std::string_view what) {
  auto text = rules::readScalar(field, what);
  if (!text.ok()) return common::fail(text.error());
  return from.resolve(*text).fs.string();
}

common::Result<std::string> readDatabase(const Field& field, const rules::SourceFile& from) {
  auto text = rules::readScalar(field, "sqlite:PATH or postgresql://...");
  if (!text.ok()) return common::fail(text.error());
  if (text->rfind("sqlite:", 0) == 0) return "sqlite:" + from.resolve(text->substr(7)).fs.string();
  if (text->rfind("postgresql://", 0) == 0 || text->rfind("postgres:", 0) == 0) return *text;
  return field.error("'database' must be sqlite:PATH or postgresql://... (got " + rules::quoteText(*text) + ")");
}

common::Result<CollectorConfig> parseWith(std::string_view text, const rules::SourceFile& from) {
  auto doc = rules::parseYamlDocument(text, from.display);
  if (!doc.ok()) return common::fail(doc.error());
  if (!doc->IsMap()) return common::fail(from.display + ": a collector configuration must be a mapping of keys");
  auto fields = rules::mappingFields(from.display, *doc, kTopKeys, "at top level");
  if (!fields.ok()) return common::fail(fields.error());
  CollectorConfig out;
  out.file = from.display;
  for (const Field& f : *fields) {
    common::Result<std::string> path = std::string();
    if (f.name == "listen") {
      auto endpoint = rules::readScalar(f, "a ZeroMQ endpoint such as tcp://0.0.0.0:7750");
      if (!endpoint.ok()) return common::fail(endpoint.error());
      if (endpoint->rfind("tcp://", 0) != 0 && endpoint->rfind("ipc://", 0) != 0) {
        return f.error("'listen' must start with tcp:// or ipc:// (got " + rules::quoteText(*endpoint) + ")");
      }
      out.listen = *endpoint;
    } else if (f.name == "secret_key") {
      path = readPath(f, from, "the path of the collector's secret key file");
      if (path.ok()) out.secret_key_file = *path;
    } else if (f.name == "sensors_dir") {
      path = readPath(f, from, "a directory of sensor public keys (NAME.pub)");
      if (path.ok()) out.sensors_dir = *path;
    } else if (f.name == "insecure") {
      auto flag = rules::readBool(f);
      if (!flag.ok()) return common::fail(flag.error());
      out.insecure = *flag;
    } else if (f.name == "database") {
      path = readDatabase(f, from);
      if (path.ok()) out.database = *path;
    } else if (f.name == "constituency") {
      path = readPath(f, from, "the path of the constituency file");
      if (path.ok()) out.constituency = *path;
    } else if (f.name == "metrics") {
      auto listen = rules::readScalar(f, "HOST:PORT for the Prometheus endpoint");
      if (!listen.ok()) return common::fail(listen.error());
      if (listen->find(':') == std::string::npos) {
        return f.error("'metrics' must be HOST:PORT, e.g. 127.0.0.1:9751 (got " + rules::quoteText(*listen) + ")");
      }
      out.metrics_listen = *listen;
    } else if (f.name == "notifications") {
      auto notify = parseNotifyConfig(f, from);
      if (!notify.ok()) return common::fail(notify.error());
      out.notifications = std::move(*notify);
    } else if (f.name == "max_message_size") {
      auto n = rules::readInteger(f, 1024, 16 << 20);
      if (!n.ok()) return common::fail(n.error());
      out.max_message_bytes = uint32_t(*n);
    } else {
      auto map = rules::readMap(f, "incident settings (resolve_after)");
      if (!map.ok()) return common::fail(map.error());
      auto inner = rules::mappingFields(from.display, *map, kIncidentKeys, "in 'incidents'");
      if (!inner.ok()) return common::fail(inner.error());
      for (const Field& g : *inner) {
        auto seconds = rules::readDurationSeconds(g, 60, 365 * 24 * 3600);
        if (!seconds.ok()) return common::fail(seconds.error());
        out.resolve_after_s = *seconds;
      }
    }
    if (!path.ok()) return common::fail(path.error());
  }
  if (!out.insecure && (out.secret_key_file.empty() || out.sensors_dir.empty())) {
    return common::fail(from.display +
                        ": the collector needs 'secret_key' and 'sensors_dir' (CURVE), or 'insecure: true' for "
                        "loopback tests");
  }
  return out;
}

}  // namespace

common::Result<CollectorConfig> loadCollectorConfig(const std::string& path) {
  const rules::SourceFile file{path, path};
  auto text = rules::readSourceFile(file);
  if (!text.ok()) return common::fail(text.error());
  return parseWith(*text, file);
}

common::Result<CollectorConfig> parseCollectorConfig(std::string_view text, const std::string& display,
                                                     const std::string& base_dir) {
  const rules::SourceFile file{std::filesystem::path(base_dir) / "config.yaml", display};
  return parseWith(text, file);
}

}  // namespace vigil::config
