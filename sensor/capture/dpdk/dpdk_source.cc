// DpdkSource: rx_burst into held mbufs, frames over their data, thread registration and pinning, idle policy.
#include "capture/dpdk/dpdk_source.h"

#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_thread.h>

#include <ctime>

#include "capture/dpdk/dpdk_port.h"

namespace vigil::capture {
namespace {

constexpr uint64_t kNapAfterNs = 1'000'000;       // idle this long before napping between polls
constexpr timespec kNap{0, 50'000};               // short enough for a 1024-descriptor ring at 10 Mpps
constexpr uint64_t kStatsEveryBursts = 1u << 14;  // NIC drop counters are a register read per queue

uint64_t nowNs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000ull + uint64_t(ts.tv_nsec);
}

}  // namespace

DpdkSource::DpdkSource(std::shared_ptr<DpdkPort> port, uint16_t queue)
    : port_(std::move(port)),
      queue_(queue),
      name_(port_->name() + (port_->options().queues > 1 ? "#" + std::to_string(queue) : std::string())) {}

DpdkSource::~DpdkSource() {
  release();
}

common::Result<void> DpdkSource::open() {
  return port_->start();
}

bool DpdkSource::live() const {
  return !port_->options().device_time;
}

void DpdkSource::attachThread() {
  attached_ = true;
  if (rte_lcore_id() != LCORE_ID_ANY) return;  // an EAL thread already
  if (rte_thread_register() != 0) return;      // still works, without the pool's per-lcore cache
  // Queue i runs on the i-th worker lcore of the EAL lcore list, when there is one.
  unsigned lcore = rte_get_next_lcore(-1, 1, 0);
  for (uint16_t i = 0; i < queue_ && lcore < RTE_MAX_LCORE; ++i)
    lcore = rte_get_next_lcore(lcore, 1, 0);
  if (lcore < RTE_MAX_LCORE) {
    rte_cpuset_t cpus = rte_lcore_cpuset(lcore);
    rte_thread_set_affinity(&cpus);
  }
}

void DpdkSource::release() {
  if (held_count_ == 0) return;
  rte_pktmbuf_free_bulk(held_, unsigned(held_count_));
  held_count_ = 0;
}

void DpdkSource::onIdle() {
  const uint64_t now = nowNs(CLOCK_MONOTONIC);
  if (empty_polls_++ == 0) idle_since_ns_ = now;
  const uint64_t idle = now - idle_since_ns_;
  const uint32_t exit_ms = port_->options().idle_exit_ms;
  if (exit_ms != 0 && idle >= uint64_t(exit_ms) * 1'000'000ull) {
    state_ = SourceState::kExhausted;
    return;
  }
  if (idle >= kNapAfterNs) nanosleep(&kNap, nullptr);
}

std::size_t DpdkSource::receiveBurst(std::span<RawFrame> frames) {
  release();
  if (state_ != SourceState::kActive) return 0;
  if (!attached_) attachThread();
  if (queue_ == 0 && (bursts_++ % kStatsEveryBursts) == 0) stats_.dropped_nic = port_->nicDrops();

  const uint16_t want = uint16_t(std::min(frames.size(), kBurst));
  const uint16_t got = rte_eth_rx_burst(port_->id(), queue_, held_, want);
  held_count_ = got;
  if (got == 0) {
    onIdle();
    return 0;
  }
  empty_polls_ = 0;
  const bool device_time = port_->options().device_time && port_->timestampOffset() >= 0;
  const uint64_t clock_ns = nowNs(CLOCK_REALTIME);  // also for packets the device did not stamp
  for (uint16_t i = 0; i < got; ++i) {
    const rte_mbuf* m = held_[i];
    RawFrame& f = frames[i];
    // Only the first segment is decoded: headers are there, and the wire length still counts in full.
    f.data = rte_pktmbuf_mtod(m, const uint8_t*);
    f.caplen = m->data_len;
    f.wirelen = m->pkt_len;
    f.ts_ns = clock_ns;
    if (device_time && (m->ol_flags & port_->timestampFlag()) != 0) {
      f.ts_ns = *RTE_MBUF_DYNFIELD(m, port_->timestampOffset(), const rte_mbuf_timestamp_t*) * 1000ull;
    }
    stats_.bytes += m->pkt_len;
  }
  stats_.received += got;
  return got;
}

common::Result<std::vector<std::unique_ptr<PacketSource>>> makeDpdkSources(std::string_view argument,
                                                                           const std::vector<std::string>& config_eal) {
  auto options = parseDpdkOptions(argument, config_eal);
  if (!options) return common::fail(options.error());
  auto port = std::make_shared<DpdkPort>(std::move(options).value());
  std::vector<std::unique_ptr<PacketSource>> out;
  for (uint16_t q = 0; q < port->options().queues; ++q)
    out.push_back(std::make_unique<DpdkSource>(port, q));
  return out;
}

}  // namespace vigil::capture
