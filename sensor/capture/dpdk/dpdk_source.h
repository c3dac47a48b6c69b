// DpdkSource: one RX queue of a DPDK port as a PacketSource (dpdk:PORT?queues=N&eal=...), one per worker.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/packet_source.h"

struct rte_mbuf;

namespace vigil::capture {

class DpdkPort;

/// Frames point into the mbufs of the last rte_eth_rx_burst (bursts of at most kBurst), which go back to
/// the pool on release() or at the next receiveBurst, so decoding never copies. The first burst registers
/// the worker thread with EAL (an lcore id, so the pool's per-lcore cache works) and, when the EAL lcore
/// list has a worker lcore for this queue (-l 0-N: queue i gets the i-th worker lcore), pins the thread to
/// it. Packet time is the wall clock read once per burst, or with time=device the device's RX timestamp
/// (net_pcap: the file's); device time makes the source a replay (live() false: ticks by packet time,
/// nothing dropped between worker and aggregator). An idle port busy-polls, then naps 50 us per empty
/// poll after about a millisecond without packets. Port-wide NIC drops are reported by queue 0.
/// Thread: owned by one worker; no allocation after open().
class DpdkSource final : public PacketSource {
 public:
  static constexpr std::size_t kBurst = 32;

  DpdkSource(std::shared_ptr<DpdkPort> port, uint16_t queue);
  ~DpdkSource() override;
  DpdkSource(const DpdkSource&) = delete;
  DpdkSource& operator=(const DpdkSource&) = delete;

  common::Result<void> open() override;
  std::size_t receiveBurst(std::span<RawFrame> frames) override;
  void release() override;
  SourceState state() const override { return state_; }
  const std::string& error() const override { return error_; }
  SourceStats stats() const override { return stats_; }
  decode::LinkType linkType() const override { return decode::LinkType::kEthernet; }
  const std::string& name() const override { return name_; }
  bool live() const override;

 private:
  void attachThread();
  void onIdle();

  std::shared_ptr<DpdkPort> port_;
  const uint16_t queue_;
  std::string name_;
  rte_mbuf* held_[kBurst] = {};
  std::size_t held_count_ = 0;
  bool attached_ = false;
  uint64_t empty_polls_ = 0;
  uint64_t idle_since_ns_ = 0;  // monotonic time of the first empty poll in a row
  uint64_t bursts_ = 0;
  SourceState state_ = SourceState::kActive;
  std::string error_;
  SourceStats stats_;
};

/// The `queues` sources of one dpdk: URI, sharing one port; `config_eal` are the configuration's EAL
/// arguments (the URI's eal= adds to them). Nothing is started until the first open().
common::Result<std::vector<std::unique_ptr<PacketSource>>> makeDpdkSources(std::string_view argument,
                                                                           const std::vector<std::string>& config_eal);

}  // namespace vigil::capture
