// DpdkPort: one DPDK ethdev port set up for capture (EAL, mbuf pool, RSS over N RX queues), shared by its queue
// sources.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

struct rte_mempool;

namespace vigil::capture {

/// Options of a dpdk:PORT?key=value&... URI.
struct DpdkOptions {
  std::string port;                // port id ("0") or device name ("net_pcap0", "0000:3b:00.0")
  uint32_t queues = 1;             // RX queues = workers; RSS spreads flows over them
  uint32_t rx_descriptors = 1024;  // per queue
  uint32_t mbufs = 0;              // pool size; 0 = enough for every queue's ring and bursts
  bool device_time = false;        // time=device: packet time from the device's RX timestamp (net_pcap replays)
  uint32_t idle_exit_ms = 0;       // end of input after this long without a packet; 0 = never (live links)
  std::vector<std::string> eal;    // EAL arguments: the sensor configuration's, then the URI's eal=
};

/// Parses "PORT?queues=N&rxd=1024&mbufs=16K&time=clock|device&idle_exit=MS&eal=ARGS" (ARGS separated by
/// spaces or '+'). `config_eal` comes first in the EAL argument list. Errors name the key and value.
common::Result<DpdkOptions> parseDpdkOptions(std::string_view argument, const std::vector<std::string>& config_eal);

/// Owns the port from start() until destruction (stop, close, pool freed). With several queues RSS uses a
/// symmetric key, so both directions of a flow reach one queue and its worker sees the whole handshake; a
/// device without RSS keeps its own queue mapping (net_pcap: one queue per rx_pcap file).
/// Thread: start() on the main thread before the workers run; nicDrops() from any thread (ethdev stats
/// reads are safe beside rx_burst); everything else is immutable after start().
class DpdkPort {
 public:
  explicit DpdkPort(DpdkOptions options);
  ~DpdkPort();
  DpdkPort(const DpdkPort&) = delete;
  DpdkPort& operator=(const DpdkPort&) = delete;

  /// Starts EAL (first port of the process), finds the port, creates the pool, configures and starts it.
  /// Idempotent. Errors are one line naming the port: "dpdk:net_pcap0: no such port (ports: 0 net_null0)".
  common::Result<void> start();

  uint16_t id() const { return id_; }
  const DpdkOptions& options() const { return options_; }
  const std::string& name() const { return name_; }
  /// mbuf field and flag of the RX timestamp (-1 / 0 when the device gives none).
  int timestampOffset() const { return timestamp_offset_; }
  uint64_t timestampFlag() const { return timestamp_flag_; }
  /// Packets the NIC could not deliver: imissed (ring full) + rx_nombuf (pool empty), port-wide.
  uint64_t nicDrops() const;

 private:
  common::Result<void> findPort();
  common::Result<void> configure();

  const DpdkOptions options_;
  std::string name_;
  uint16_t id_ = 0;
  bool started_ = false;
  rte_mempool* pool_ = nullptr;
  int timestamp_offset_ = -1;
  uint64_t timestamp_flag_ = 0;
};

}  // namespace vigil::capture
