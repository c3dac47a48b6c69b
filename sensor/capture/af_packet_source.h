// AfPacketSource: Linux AF_PACKET capture with a TPACKET_V3 ring, one socket per worker in a fanout group.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/packet_source.h"

namespace vigil::capture {

/// Options of an afpacket:IFACE?key=value&... URI.
struct AfPacketOptions {
  std::string interface;
  uint32_t fanout = 1;             // sockets (= workers) sharing the interface's traffic
  uint32_t block_size = 1u << 20;  // bytes per ring block (a power of two, multiple of the page size)
  uint32_t blocks = 64;            // blocks per ring (per worker)
  uint32_t timeout_ms = 100;       // the kernel hands over a block at the latest after this
  bool promiscuous = true;
};

/// Parses "IFACE?fanout=N&block_size=1M&blocks=64&timeout=100&promisc=1"; errors name the key and value.
common::Result<AfPacketOptions> parseAfPacketOptions(std::string_view argument);

/// One member of a PACKET_FANOUT_HASH group: the kernel hashes each packet's flow symmetrically, so both
/// directions of a connection reach the same worker (its flow table sees the handshake whole). The ring is
/// TPACKET_V3 (variable-size frames in blocks the kernel retires when full or after timeout_ms): a burst
/// is the frames of the current block, which stay valid until release() hands the block back. VLAN tags
/// the kernel stripped are put back in front of the payload (PACKET_RESERVE keeps 4 bytes for that), so
/// the decoder sees what was on the wire. Drops come from PACKET_STATISTICS (which resets on read, so
/// they are accumulated). Thread: owned by one worker; no allocation after open().
class AfPacketSource final : public PacketSource {
 public:
  /// `member` numbers the sockets of one group (0 .. fanout-1), `group` is the fanout group id.
  AfPacketSource(AfPacketOptions options, uint32_t member, uint16_t group);
  ~AfPacketSource() override;
  AfPacketSource(const AfPacketSource&) = delete;
  AfPacketSource& operator=(const AfPacketSource&) = delete;

  common::Result<void> open() override;
  std::size_t receiveBurst(std::span<RawFrame> frames) override;
  void release() override;
  SourceState state() const override { return state_; }
  const std::string& error() const override { return error_; }
  SourceStats stats() const override { return stats_; }
  decode::LinkType linkType() const override { return decode::LinkType::kEthernet; }
  const std::string& name() const override { return name_; }
  bool live() const override { return true; }

 private:
  void readKernelStats();

  const AfPacketOptions options_;
  const uint16_t group_;
  std::string name_;
  int fd_ = -1;
  uint8_t* ring_ = nullptr;
  std::size_t ring_bytes_ = 0;
  uint32_t block_ = 0;          // the block being read
  uint32_t left_in_block_ = 0;  // packets not yet handed out from it
  uint8_t* next_packet_ = nullptr;
  bool block_done_ = false;  // every packet of block_ handed out: release() returns it
  SourceState state_ = SourceState::kActive;
  std::string error_;
  SourceStats stats_;
};

/// The `fanout` sources of one afpacket: URI, sharing a fresh group id.
common::Result<std::vector<std::unique_ptr<PacketSource>>> makeAfPacketSources(std::string_view argument);

}  // namespace vigil::capture
