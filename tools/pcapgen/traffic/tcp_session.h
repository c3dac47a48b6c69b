// TcpSession: one TCP connection as a state machine (handshake, scripted data, teardown), a packet per step.
#pragma once

#include <array>
#include <cstdint>

#include "pcapgen/traffic/peers.h"
#include "pcapgen/wire/packet_spec.h"

namespace vigil::pcapgen {

/// One application message: `len` bytes from one side, starting with `text` (may be empty;
/// the rest is fill pattern). `text` must outlive the session.
struct TcpMessage {
  const uint8_t* text = nullptr;
  uint32_t len = 0;
  uint16_t text_len = 0;
  bool from_client = true;
};

enum class TcpOutcome : uint8_t {
  kComplete,    // handshake, messages, FIN teardown
  kRefused,     // SYN answered by RST+ACK (closed port)
  kUnanswered,  // SYN and retransmissions, no answer
  kAborted,     // like kComplete but the client ends with RST+ACK instead of FIN
};

/// Emits the packets of one connection in order, one per next() call. The receiver ACKs every
/// second full segment and each message end, unless the other side's next message carries the
/// ACK (as Linux's delayed ACK does). Sequence and acknowledgement numbers are consistent, so
/// tools that follow streams (tcpdump, Zeek, the sensor's flow table) see proper connections.
///
/// Plain value type (~300 bytes, trivially copyable, no allocation), so fixed pools of sessions
/// live in arrays and a copy can be run ahead to count packets. One thread.
class TcpSession {
 public:
  static constexpr uint32_t kMaxMessages = 16;

  /// Starts a new connection, forgetting the previous one. `mss` is the largest segment payload;
  /// `random` seeds initial sequence numbers, IP ids and the SYN retransmission count.
  void begin(const Peers& peers, TcpOutcome outcome, uint32_t mss, uint64_t random) noexcept;

  /// Appends a message (ignored if len is 0); false when the script is full.
  bool addMessage(const TcpMessage& message) noexcept;

  /// Who sends the first FIN (default: the client).
  void setClientCloses(bool client_closes) noexcept { client_closes_ = client_closes; }

  /// SYN/SYN-ACK carry MSS, window scale and SACK-permitted options (default on).
  void setHandshakeOptions(bool on) noexcept { options_ = on; }

  bool done() const noexcept { return phase_ == Phase::kDone; }

  /// Fills `spec` completely with the next packet and advances. Requires !done().
  void next(PacketSpec& spec) noexcept;

  /// Packets still to come (runs a copy to the end).
  uint32_t remainingPackets() const noexcept;

  const Peers& peers() const noexcept { return peers_; }

 private:
  enum class Phase : uint8_t { kSyn, kSynAck, kHandshakeAck, kRefuse, kData, kFin1, kFin2, kLastAck, kAbort, kDone };

  void fill(PacketSpec& spec, bool from_client, uint8_t flags) noexcept;
  void afterData() noexcept;
  Phase endPhase() const noexcept { return outcome_ == TcpOutcome::kAborted ? Phase::kAbort : Phase::kFin1; }

  Peers peers_;
  std::array<TcpMessage, kMaxMessages> messages_{};
  uint32_t message_count_ = 0;
  uint32_t message_ = 0;   // current message
  uint32_t offset_ = 0;    // bytes of it already sent
  uint32_t mss_ = 1460;
  uint32_t client_seq_ = 0;  // next sequence number each side sends
  uint32_t server_seq_ = 0;
  uint16_t client_ip_id_ = 0;
  uint16_t server_ip_id_ = 0;
  uint8_t unacked_segments_ = 0;
  uint8_t syn_left_ = 0;
  bool ack_due_ = false;
  bool ack_from_client_ = false;
  bool client_closes_ = true;
  bool options_ = true;
  TcpOutcome outcome_ = TcpOutcome::kComplete;
  Phase phase_ = Phase::kDone;
};

}  // namespace vigil::pcapgen
