// AfPacketSource: socket, ring and fanout set-up, block walking, VLAN tag reinsertion, drop statistics.
#include "capture/af_packet_source.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "capture/source_options.h"

namespace vigil::capture {
namespace {

constexpr uint32_t kVlanTagLen = 4;

std::string errnoText(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

}  // namespace

common::Result<AfPacketOptions> parseAfPacketOptions(std::string_view argument) {
  auto parsed = SourceOptions::parse("afpacket", argument, "an interface name", "afpacket:eth1?fanout=2");
  if (!parsed) return common::fail(parsed.error());
  AfPacketOptions o;
  o.interface = parsed->target();
  for (const auto& [key, value] : parsed->options()) {
    common::Result<uint64_t> n = uint64_t(0);
    common::Result<bool> on = true;
    if (key == "fanout") {
      if ((n = parsed->number(key, value, 1, 64))) o.fanout = uint32_t(*n);
    } else if (key == "block_size") {
      n = parsed->number(key, value, 4096, 1u << 30);
      if (n && (*n & (*n - 1)) != 0) return common::fail("afpacket: 'block_size' must be a power of two");
      if (n) o.block_size = uint32_t(*n);
    } else if (key == "blocks") {
      if ((n = parsed->number(key, value, 2, 65536))) o.blocks = uint32_t(*n);
    } else if (key == "timeout") {
      if ((n = parsed->number(key, value, 1, 10000))) o.timeout_ms = uint32_t(*n);
    } else if (key == "promisc") {
      if ((on = parsed->flag(key, value))) o.promiscuous = *on;
    } else {
      return common::fail(parsed->unknown(key, "fanout, block_size, blocks, timeout, promisc").error());
    }
    if (!n) return common::fail(n.error());
    if (!on) return common::fail(on.error());
  }
  return o;
}

AfPacketSource::AfPacketSource(AfPacketOptions options, uint32_t member, uint16_t group)
    : options_(std::move(options)),
      group_(group),
      name_("afpacket:" + options_.interface + (options_.fanout > 1 ? "#" + std::to_string(member) : "")) {}

AfPacketSource::~AfPacketSource() {
  if (ring_ != nullptr) ::munmap(ring_, ring_bytes_);
  if (fd_ >= 0) ::close(fd_);
}

common::Result<void> AfPacketSource::open() {
  const unsigned ifindex = if_nametoindex(options_.interface.c_str());
  if (ifindex == 0) return common::fail(name_ + ": no interface '" + options_.interface + "'");
  fd_ = ::socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
  if (fd_ < 0) return common::fail(errnoText(name_ + ": socket (needs CAP_NET_RAW)"));
  const int version = TPACKET_V3;
  if (::setsockopt(fd_, SOL_PACKET, PACKET_VERSION, &version, sizeof version) != 0) {
    return common::fail(errnoText(name_ + ": TPACKET_V3"));
  }
  // Room in front of every frame to put back a VLAN tag the kernel took off.
  const unsigned reserve = kVlanTagLen;
  if (::setsockopt(fd_, SOL_PACKET, PACKET_RESERVE, &reserve, sizeof reserve) != 0) {
    return common::fail(errnoText(name_ + ": PACKET_RESERVE"));
  }
  tpacket_req3 req{};
  req.tp_block_size = options_.block_size;
  req.tp_block_nr = options_.blocks;
  req.tp_frame_size = 2048;  // TPACKET_V3 ignores it for layout, but it must divide the block
  req.tp_frame_nr = options_.block_size / req.tp_frame_size * options_.blocks;
  req.tp_retire_blk_tov = options_.timeout_ms;
  if (::setsockopt(fd_, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) != 0) {
    return common::fail(errnoText(name_ + ": ring of " + std::to_string(options_.blocks) + " x " +
                                  std::to_string(options_.block_size) + " bytes"));
  }
  ring_bytes_ = std::size_t(options_.block_size) * options_.blocks;
  void* ring = ::mmap(nullptr, ring_bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LOCKED, fd_, 0);
  if (ring == MAP_FAILED) ring = ::mmap(nullptr, ring_bytes_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
  if (ring == MAP_FAILED) return common::fail(errnoText(name_ + ": mmap of the ring"));
  ring_ = static_cast<uint8_t*>(ring);
  sockaddr_ll addr{};
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(ETH_P_ALL);
  addr.sll_ifindex = int(ifindex);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return common::fail(errnoText(name_ + ": bind"));
  if (options_.promiscuous) {
    packet_mreq mr{};
    mr.mr_ifindex = int(ifindex);
    mr.mr_type = PACKET_MR_PROMISC;
    if (::setsockopt(fd_, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr) != 0) {
      return common::fail(errnoText(name_ + ": promiscuous mode"));
    }
  }
  // Symmetric flow hash: both directions of a connection land on the same member (one worker's flows).
  const int fanout = int(group_) | (PACKET_FANOUT_HASH << 16);
  if (::setsockopt(fd_, SOL_PACKET, PACKET_FANOUT, &fanout, sizeof fanout) != 0) {
    return common::fail(errnoText(name_ + ": fanout group " + std::to_string(group_)));
  }
  return {};
}

std::size_t AfPacketSource::receiveBurst(std::span<RawFrame> frames) {
  if (state_ != SourceState::kActive) return 0;
  auto* block = reinterpret_cast<tpacket_block_desc*>(ring_ + std::size_t(block_) * options_.block_size);
  if (left_in_block_ == 0 && next_packet_ == nullptr) {
    if ((block->hdr.bh1.block_status & TP_STATUS_USER) == 0) {
      pollfd p{fd_, POLLIN | POLLERR, 0};
      const int rc = ::poll(&p, 1, int(options_.timeout_ms));
      if (rc < 0 && errno != EINTR) {
        state_ = SourceState::kFailed;
        error_ = errnoText(name_ + ": poll");
      }
      readKernelStats();
      if ((__atomic_load_n(&block->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER) == 0) return 0;
    }
    left_in_block_ = block->hdr.bh1.num_pkts;
    next_packet_ = reinterpret_cast<uint8_t*>(block) + block->hdr.bh1.offset_to_first_pkt;
    if (left_in_block_ == 0) {  // retired empty by the timeout: hand it straight back
      block_done_ = true;
      release();
      return 0;
    }
  }
  std::size_t n = 0;
  while (n < frames.size() && left_in_block_ > 0) {
    auto* h = reinterpret_cast<tpacket3_hdr*>(next_packet_);
    uint8_t* data = next_packet_ + h->tp_mac;
    uint32_t caplen = h->tp_snaplen;
    uint32_t wirelen = h->tp_len;
    if ((h->tp_status & TP_STATUS_VLAN_VALID) != 0 && caplen >= 2 * ETH_ALEN) {
      // Put the tag back where it was: move the two MAC addresses 4 bytes forward, into the reserve.
      std::memmove(data - kVlanTagLen, data, 2 * ETH_ALEN);
      data -= kVlanTagLen;
      const uint16_t tpid = htons((h->tp_status & TP_STATUS_VLAN_TPID_VALID) != 0 ? h->hv1.tp_vlan_tpid : ETH_P_8021Q);
      const uint16_t tci = htons(h->hv1.tp_vlan_tci);
      std::memcpy(data + 2 * ETH_ALEN, &tpid, 2);
      std::memcpy(data + 2 * ETH_ALEN + 2, &tci, 2);
      caplen += kVlanTagLen;
      wirelen += kVlanTagLen;
    }
    RawFrame& f = frames[n++];
    f.data = data;
    f.caplen = caplen;
    f.wirelen = wirelen;
    f.ts_ns = uint64_t(h->tp_sec) * 1'000'000'000ull + h->tp_nsec;
    ++stats_.received;
    stats_.bytes += wirelen;
    --left_in_block_;
    next_packet_ += h->tp_next_offset;
  }
  block_done_ = left_in_block_ == 0;
  return n;
}

void AfPacketSource::release() {
  if (!block_done_) return;
  // Every frame of the block was handed out and processed: give the block back to the kernel.
  auto* block = reinterpret_cast<tpacket_block_desc*>(ring_ + std::size_t(block_) * options_.block_size);
  __atomic_store_n(&block->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
  block_ = (block_ + 1) % options_.blocks;
  next_packet_ = nullptr;
  block_done_ = false;
  readKernelStats();  // once per block: cheap, and drops show up while the link is busy too
}

void AfPacketSource::readKernelStats() {
  tpacket_stats_v3 s{};
  socklen_t len = sizeof s;
  if (::getsockopt(fd_, SOL_PACKET, PACKET_STATISTICS, &s, &len) == 0) stats_.dropped_kernel += s.tp_drops;
}

common::Result<std::vector<std::unique_ptr<PacketSource>>> makeAfPacketSources(std::string_view argument) {
  auto options = parseAfPacketOptions(argument);
  if (!options) return common::fail(options.error());
  // A group id of this process: two sensors on one interface each get the traffic, not half of it.
  const uint16_t group = uint16_t(::getpid() & 0xffff);
  std::vector<std::unique_ptr<PacketSource>> out;
  for (uint32_t i = 0; i < options->fanout; ++i)
    out.push_back(std::make_unique<AfPacketSource>(*options, i, group));
  return out;
}

}  // namespace vigil::capture
