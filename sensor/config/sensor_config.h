// SensorConfig: the sensor's YAML configuration file (--config), for long-running deployments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace vigil::config {

/// How the spool makes appended events durable (see publish/spool.h).
enum class SpoolFsync { kAlways, kInterval, kNever };

/// Where events go besides (or instead of) a local file: the collector, through the on-disk spool.
struct PublishSettings {
  std::string endpoint;         // tcp://collector.example:7750
  std::string secret_key_file;  // this sensor's CURVE secret key (NAME.key, mode 0600); NAME.pub beside it
  std::string server_key_file;  // the collector's public key (.pub)
  bool insecure = false;        // plaintext, no keys: loopback tests only
  std::string spool_dir;
  uint64_t spool_max_bytes = 256ull << 20;
  SpoolFsync fsync = SpoolFsync::kAlways;
  uint32_t fsync_interval_ms = 200;
  uint32_t window = 1024;          // events in flight before acks
  uint32_t ack_timeout_ms = 5000;  // resend what is unacked after this long
};

/// Plain value. Every path is already resolved against the configuration file's directory. Fields that
/// the file leaves out keep the defaults below, which are those of the command line.
struct SensorConfig {
  std::string file;  // the configuration file itself (display path)
  std::string sensor_id = "sensor";
  std::string source;                 // capture source URI: pcap:FILE, live:IFACE, afpacket:IFACE?fanout=N, dpdk:...
  std::string rules;                  // rules file; empty = built-in default rules
  std::string events;                 // JSON-lines copy of every event ("-" = stdout); empty = none
  std::string metrics;                // HOST:PORT of the Prometheus endpoint; empty = none
  std::string user;                   // drop to this user once the capture is open; empty = stay
  std::string cpus = "auto";          // CPU placement (common::planCpus): auto, off, or a CPU list
  std::vector<std::string> dpdk_eal;  // EAL arguments for a dpdk: source
  std::optional<PublishSettings> publish;
  double tick_seconds = 1.0;
  uint32_t window_ticks = 0;  // minimum window; the rules may ask for more
  uint32_t hosts = 1u << 16;
  uint32_t window_hosts = 1u << 16;
  uint32_t flows = 1u << 19;
};

/// Reads and validates a configuration file. Errors are one line, "FILE:LINE:COLUMN: what is wrong"
/// (unknown keys with a suggestion, wrong types, out-of-range numbers, a publish section without keys
/// and without `insecure: true`). Load time only.
common::Result<SensorConfig> loadSensorConfig(const std::string& path);
/// Same, from text; relative paths resolve against `base_dir`.
common::Result<SensorConfig> parseSensorConfig(std::string_view text, const std::string& display,
                                               const std::string& base_dir);

/// A sensor name as events carry it: 1-64 of [A-Za-z0-9._-]. Empty string when valid, else the reason.
std::string checkSensorId(std::string_view id);

}  // namespace vigil::config
