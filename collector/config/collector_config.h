// CollectorConfig: the collector's YAML configuration file (--config): intake, keys, database, constituency.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "config/notify_config.h"

namespace vigil::config {

/// Plain value; every path resolved against the configuration file's directory. Keys the file leaves
/// out keep these defaults, which run a loopback collector on SQLite in the working directory.
struct CollectorConfig {
  std::string file;  // display path of the configuration file
  std::string listen = "tcp://127.0.0.1:7750";
  std::string secret_key_file;  // the collector's CURVE secret key (NAME.key, mode 0600)
  std::string sensors_dir;      // allowlist: one NAME.pub per sensor
  bool insecure = false;        // plaintext intake: loopback tests only
  std::string database = "sqlite:vigil-collector.db";
  std::string constituency;                   // organisations, contacts, inhibitions; empty = fallback only
  uint32_t resolve_after_s = 24 * 3600;       // an incident quiet this long is resolved
  uint32_t max_message_bytes = 64 * 1024;     // larger events are rejected
  std::optional<NotifyConfig> notifications;
  std::string metrics_listen;  // "HOST:PORT" of the Prometheus endpoint; empty = none  // absent: incidents are stored and listed, nobody is told
};

/// Errors are one line, "FILE:LINE:COLUMN: what is wrong" (unknown keys with a suggestion, wrong types,
/// a listen endpoint without keys and without `insecure: true`). Load time only.
common::Result<CollectorConfig> loadCollectorConfig(const std::string& path);
/// Same, from text; relative paths resolve against `base_dir`.
common::Result<CollectorConfig> parseCollectorConfig(std::string_view text, const std::string& display,
                                                     const std::string& base_dir);

}  // namespace vigil::config
