// DpdkPort: URI options, port lookup, mbuf pool, symmetric-RSS configuration, start/stop.
#include "capture/dpdk/dpdk_port.h"

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>

#include <charconv>

#include "capture/dpdk/dpdk_eal.h"
#include "capture/source_options.h"

namespace vigil::capture {
namespace {

// A 40-byte Toeplitz key of one repeated 16-bit word hashes (a, b) and (b, a) alike (Woo and Park,
// "Scalable TCP session monitoring with symmetric receive-side scaling"), so a flow's two directions
// land on one queue.
constexpr uint8_t kSymmetricRssKey[40] = {0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a,
                                          0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a,
                                          0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a,
                                          0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a};
constexpr uint32_t kPoolCache = 256;

std::vector<std::string> splitSpaces(const std::string& text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = text.find_first_not_of(' ', i);
    if (start == std::string::npos) break;
    const std::size_t end = text.find(' ', start);
    out.push_back(text.substr(start, end - start));
    i = end == std::string::npos ? text.size() : end;
  }
  return out;
}

std::string portList() {
  std::string out;
  uint16_t id = 0;
  RTE_ETH_FOREACH_DEV(id) {
    char name[RTE_ETH_NAME_MAX_LEN] = {0};
    rte_eth_dev_get_name_by_port(id, name);
    out += (out.empty() ? "" : ", ") + std::to_string(id) + " " + name;
  }
  return out.empty() ? "none; give a device with -a or --vdev in eal=" : out;
}

}  // namespace

common::Result<DpdkOptions> parseDpdkOptions(std::string_view argument, const std::vector<std::string>& config_eal) {
  auto parsed = SourceOptions::parse("dpdk", argument, "a port id or device name", "dpdk:0?queues=4");
  if (!parsed) return common::fail(parsed.error());
  DpdkOptions o;
  o.port = parsed->target();
  o.eal = config_eal;
  for (const auto& [key, value] : parsed->options()) {
    common::Result<uint64_t> n = uint64_t(0);
    if (key == "queues") {
      if ((n = parsed->number(key, value, 1, 64))) o.queues = uint32_t(*n);
    } else if (key == "rxd") {
      if ((n = parsed->number(key, value, 64, 32768))) o.rx_descriptors = uint32_t(*n);
    } else if (key == "mbufs") {
      if ((n = parsed->number(key, value, 1024, 1u << 24))) o.mbufs = uint32_t(*n);
    } else if (key == "idle_exit") {
      if ((n = parsed->number(key, value, 1, 3'600'000))) o.idle_exit_ms = uint32_t(*n);
    } else if (key == "time") {
      if (value != "clock" && value != "device") {
        return common::fail("dpdk: 'time' must be clock or device (got '" + value + "')");
      }
      o.device_time = value == "device";
    } else if (key == "eal") {
      for (std::string& a : splitSpaces(value))
        o.eal.push_back(std::move(a));
    } else {
      return common::fail(parsed->unknown(key, "queues, rxd, mbufs, time, idle_exit, eal").error());
    }
    if (!n) return common::fail(n.error());
  }
  return o;
}

DpdkPort::DpdkPort(DpdkOptions options) : options_(std::move(options)), name_("dpdk:" + options_.port) {}

DpdkPort::~DpdkPort() {
  if (started_) {
    rte_eth_dev_stop(id_);
    rte_eth_dev_close(id_);
  }
  if (pool_ != nullptr) rte_mempool_free(pool_);
}

common::Result<void> DpdkPort::start() {
  if (started_) return {};
  if (auto eal = DpdkEal::start(options_.eal); !eal) return common::fail(name_ + ": " + eal.error());
  if (auto found = findPort(); !found) return found;
  if (auto configured = configure(); !configured) return configured;
  started_ = true;
  return {};
}

common::Result<void> DpdkPort::findPort() {
  uint16_t id = 0;
  const auto [end, ec] = std::from_chars(options_.port.data(), options_.port.data() + options_.port.size(), id);
  const bool numeric = ec == std::errc() && end == options_.port.data() + options_.port.size();
  if (numeric ? !rte_eth_dev_is_valid_port(id) : rte_eth_dev_get_port_by_name(options_.port.c_str(), &id) != 0) {
    return common::fail(name_ + ": no such port (ports: " + portList() + ")");
  }
  id_ = id;
  return {};
}

common::Result<void> DpdkPort::configure() {
  rte_eth_dev_info info{};
  if (const int rc = rte_eth_dev_info_get(id_, &info); rc != 0) {
    return common::fail(name_ + ": device info: " + rte_strerror(-rc));
  }
  if (options_.queues > info.max_rx_queues) {
    return common::fail(name_ + ": " + std::to_string(options_.queues) + " queues asked, the device (" +
                        info.driver_name + ") has " + std::to_string(info.max_rx_queues));
  }
  rte_eth_conf conf{};
  const uint64_t hash = (RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP) & info.flow_type_rss_offloads;
  if (options_.queues > 1 && hash != 0) {
    conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
    conf.rx_adv_conf.rss_conf.rss_key = const_cast<uint8_t*>(kSymmetricRssKey);
    conf.rx_adv_conf.rss_conf.rss_key_len = sizeof kSymmetricRssKey;
    conf.rx_adv_conf.rss_conf.rss_hf = hash;
  }
  const int socket = rte_eth_dev_socket_id(id_);
  const uint32_t needed = options_.queues * (options_.rx_descriptors + 2 * kPoolCache + 64);
  const uint32_t mbufs = options_.mbufs != 0 ? options_.mbufs : std::max<uint32_t>(8191, needed);
  const std::string pool_name = "vigil_rx_" + std::to_string(id_);
  pool_ = rte_pktmbuf_pool_create(pool_name.c_str(), mbufs, kPoolCache, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
                                  socket < 0 ? int(SOCKET_ID_ANY) : socket);
  if (pool_ == nullptr) {
    return common::fail(name_ + ": mbuf pool of " + std::to_string(mbufs) + ": " + rte_strerror(rte_errno) +
                        " (more memory with -m in the EAL arguments)");
  }
  if (const int rc = rte_eth_dev_configure(id_, uint16_t(options_.queues), 0, &conf); rc != 0) {
    return common::fail(name_ + ": configure: " + rte_strerror(-rc));
  }
  uint16_t rxd = uint16_t(options_.rx_descriptors);
  uint16_t txd = 0;
  rte_eth_dev_adjust_nb_rx_tx_desc(id_, &rxd, &txd);
  for (uint16_t q = 0; q < options_.queues; ++q) {
    if (const int rc =
            rte_eth_rx_queue_setup(id_, q, rxd, socket < 0 ? SOCKET_ID_ANY : unsigned(socket), nullptr, pool_);
        rc != 0) {
      return common::fail(name_ + ": RX queue " + std::to_string(q) + ": " + rte_strerror(-rc));
    }
  }
  if (const int rc = rte_eth_dev_start(id_); rc != 0) {
    return common::fail(name_ + ": start: " + rte_strerror(-rc));
  }
  // A device without promiscuous mode (most virtual ones) still delivers what it gets.
  rte_eth_promiscuous_enable(id_);
  // Devices that stamp packets (net_pcap: the file's time, in microseconds) register this field.
  if (rte_mbuf_dyn_rx_timestamp_register(&timestamp_offset_, &timestamp_flag_) != 0) {
    timestamp_offset_ = -1;
    timestamp_flag_ = 0;
  }
  return {};
}

uint64_t DpdkPort::nicDrops() const {
  rte_eth_stats s{};
  if (!started_ || rte_eth_stats_get(id_, &s) != 0) return 0;
  return s.imissed + s.rx_nombuf;
}

}  // namespace vigil::capture
