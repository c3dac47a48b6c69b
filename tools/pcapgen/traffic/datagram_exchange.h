// DatagramExchange: a scripted UDP or ICMP-echo conversation (DNS, NTP, QUIC-like, ping), a packet per step.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "pcapgen/traffic/peers.h"
#include "pcapgen/traffic/rng.h"
#include "pcapgen/wire/packet_spec.h"

namespace vigil::pcapgen {

enum class DatagramKind : uint8_t {
  kUdp,       // each message is one UDP datagram between the peers' ports
  kIcmpEcho,  // client messages are echo requests, server messages echo replies (ICMP or ICMPv6)
};

/// A tail of bulk packets after the scripted messages (QUIC-like transfers): each packet comes
/// from the server with probability server_percent/100, with a size drawn from that side's range.
struct DatagramTail {
  uint32_t packets = 0;
  uint16_t client_min = 0;
  uint16_t client_max = 0;
  uint16_t server_min = 0;
  uint16_t server_max = 0;
  uint8_t server_percent = 80;
};

/// Emits up to kMaxMessages scripted datagrams, then the tail. Message text (protocol headers
/// such as a DNS query) is copied into kTextBytes of inline storage, so the exchange is a plain
/// value (~400 bytes, no allocation) that can live in fixed pools. One thread.
class DatagramExchange {
 public:
  static constexpr uint32_t kMaxMessages = 8;
  static constexpr uint32_t kTextBytes = 192;

  void begin(const Peers& peers, DatagramKind kind, uint64_t random) noexcept;

  /// Appends a datagram of `len` payload bytes starting with `text`; false when script or text
  /// storage is full.
  bool add(bool from_client, uint32_t len, std::span<const uint8_t> text = {}) noexcept;

  /// Sets the bulk tail; client_text/server_text (e.g. a short QUIC header) start each packet.
  bool setTail(const DatagramTail& tail, std::span<const uint8_t> client_text,
               std::span<const uint8_t> server_text) noexcept;

  bool done() const noexcept { return message_ == message_count_ && tail_left_ == 0; }

  /// Fills `spec` completely with the next packet and advances. Requires !done().
  void next(PacketSpec& spec) noexcept;

  /// Packets still to come.
  uint32_t remainingPackets() const noexcept { return message_count_ - message_ + tail_left_; }

 private:
  struct Message {
    uint32_t len;
    uint16_t text_offset;
    uint16_t text_len;
    bool from_client;
  };

  bool storeText(std::span<const uint8_t> text, uint16_t& offset) noexcept;
  void fill(PacketSpec& spec, bool from_client, uint32_t len, uint16_t text_offset, uint16_t text_len) noexcept;

  Peers peers_;
  std::array<Message, kMaxMessages> messages_{};
  std::array<uint8_t, kTextBytes> text_{};
  DatagramTail tail_{};
  Rng rng_;
  uint32_t message_count_ = 0;
  uint32_t message_ = 0;
  uint32_t tail_left_ = 0;
  uint16_t text_used_ = 0;
  uint16_t tail_client_text_[2] = {0, 0};  // offset, length
  uint16_t tail_server_text_[2] = {0, 0};
  uint16_t client_ip_id_ = 0;
  uint16_t server_ip_id_ = 0;
  uint16_t echo_seq_ = 0;
  DatagramKind kind_ = DatagramKind::kUdp;
};

}  // namespace vigil::pcapgen
