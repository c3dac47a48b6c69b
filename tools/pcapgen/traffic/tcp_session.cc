// TcpSession: sequence numbers, ACK pacing and teardown of one scripted TCP connection.
#include "pcapgen/traffic/tcp_session.h"

#include <algorithm>

#include "pcapgen/traffic/rng.h"

namespace vigil::pcapgen {
namespace {

// MSS, NOP, window scale 7, NOP, NOP, SACK permitted: what Linux puts in SYNs minus timestamps.
constexpr uint8_t kSynOptionsV4[12] = {0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x07, 0x01, 0x01, 0x04, 0x02};
constexpr uint8_t kSynOptionsV6[12] = {0x02, 0x04, 0x05, 0xa0, 0x01, 0x03, 0x03, 0x07, 0x01, 0x01, 0x04, 0x02};

}  // namespace

void TcpSession::begin(const Peers& peers, TcpOutcome outcome, uint32_t mss, uint64_t random) noexcept {
  peers_ = peers;
  outcome_ = outcome;
  mss_ = std::max<uint32_t>(mss, 1);
  message_count_ = message_ = offset_ = 0;
  client_seq_ = static_cast<uint32_t>(mix64(random));
  server_seq_ = static_cast<uint32_t>(mix64(random + 1));
  client_ip_id_ = static_cast<uint16_t>(random >> 16);
  server_ip_id_ = static_cast<uint16_t>(random >> 32);
  syn_left_ = outcome == TcpOutcome::kUnanswered ? static_cast<uint8_t>(2 + (random >> 60) % 2) : 1;
  unacked_segments_ = 0;
  ack_due_ = false;
  client_closes_ = true;
  options_ = true;
  phase_ = Phase::kSyn;
}

bool TcpSession::addMessage(const TcpMessage& message) noexcept {
  if (message.len == 0) return true;
  if (message_count_ == kMaxMessages) return false;
  messages_[message_count_++] = message;
  return true;
}

void TcpSession::fill(PacketSpec& spec, bool from_client, uint8_t flags) noexcept {
  // Every field is assigned (no `spec = PacketSpec{}`): this runs once per background packet.
  spec.protocol = kProtoTcp;
  spec.icmp_type = spec.icmp_code = 0;
  spec.payload_prefix_len = 0;
  spec.payload_len = spec.fill_offset = 0;
  spec.payload = nullptr;
  spec.tcp_options = nullptr;
  spec.tcp_options_len = 0;
  spec.tcp_flags = flags;
  spec.vlan = peers_.vlan;
  if (from_client) {
    spec.src = peers_.client;
    spec.dst = peers_.server;
    spec.src_port = peers_.client_port;
    spec.dst_port = peers_.server_port;
    spec.ttl = peers_.client_ttl;
    spec.ip_id = client_ip_id_++;
    spec.seq = client_seq_;
    spec.ack = (flags & kAck) ? server_seq_ : 0;
    spec.window = (flags & kSyn) ? 64240 : 502;
    spec.from_home = peers_.client_is_home;
  } else {
    spec.src = peers_.server;
    spec.dst = peers_.client;
    spec.src_port = peers_.server_port;
    spec.dst_port = peers_.client_port;
    spec.ttl = peers_.server_ttl;
    spec.ip_id = server_ip_id_++;
    spec.seq = server_seq_;
    spec.ack = client_seq_;
    spec.window = (flags & kSyn) ? 65160 : 509;
    spec.from_home = !peers_.client_is_home;
  }
  if ((flags & kSyn) && options_) {
    spec.tcp_options = peers_.client.isV4() ? kSynOptionsV4 : kSynOptionsV6;
    spec.tcp_options_len = sizeof(kSynOptionsV4);
  }
}

void TcpSession::next(PacketSpec& spec) noexcept {
  switch (phase_) {
    case Phase::kSyn:
      fill(spec, true, kSyn);
      if (--syn_left_ != 0) return;  // an unanswered SYN is retransmitted with the same ISN
      ++client_seq_;
      phase_ = outcome_ == TcpOutcome::kRefused     ? Phase::kRefuse
               : outcome_ == TcpOutcome::kUnanswered ? Phase::kDone
                                                     : Phase::kSynAck;
      return;
    case Phase::kRefuse:
      fill(spec, false, kRst | kAck);
      spec.seq = 0;
      phase_ = Phase::kDone;
      return;
    case Phase::kSynAck:
      fill(spec, false, kSyn | kAck);
      ++server_seq_;
      phase_ = Phase::kHandshakeAck;
      return;
    case Phase::kHandshakeAck:
      fill(spec, true, kAck);
      phase_ = message_count_ != 0 ? Phase::kData : endPhase();
      return;
    case Phase::kData: {
      if (ack_due_) {
        fill(spec, ack_from_client_, kAck);
        ack_due_ = false;
        if (message_ == message_count_) phase_ = endPhase();
        return;
      }
      const TcpMessage& m = messages_[message_];
      const uint32_t segment = std::min(mss_, m.len - offset_);
      const bool last = offset_ + segment == m.len;
      fill(spec, m.from_client, static_cast<uint8_t>(kAck | (last ? kPsh : 0)));
      spec.payload_len = segment;
      spec.fill_offset = spec.seq;
      if (offset_ < m.text_len) {
        spec.payload = m.text + offset_;
        spec.payload_prefix_len = static_cast<uint16_t>(std::min<uint32_t>(m.text_len - offset_, segment));
      }
      (m.from_client ? client_seq_ : server_seq_) += segment;
      offset_ += segment;
      ++unacked_segments_;
      afterData();
      return;
    }
    case Phase::kFin1:
      fill(spec, client_closes_, kFin | kAck);
      ++(client_closes_ ? client_seq_ : server_seq_);
      phase_ = Phase::kFin2;
      return;
    case Phase::kFin2:
      fill(spec, !client_closes_, kFin | kAck);
      ++(client_closes_ ? server_seq_ : client_seq_);
      phase_ = Phase::kLastAck;
      return;
    case Phase::kLastAck:
      fill(spec, client_closes_, kAck);
      phase_ = Phase::kDone;
      return;
    case Phase::kAbort:
      fill(spec, true, kRst | kAck);
      phase_ = Phase::kDone;
      return;
    case Phase::kDone:
      fill(spec, true, kAck);  // contract violation; emit something harmless
      return;
  }
}

void TcpSession::afterData() noexcept {
  const TcpMessage& m = messages_[message_];
  const bool receiver_is_client = !m.from_client;
  if (offset_ == m.len) {
    ++message_;
    offset_ = 0;
    unacked_segments_ = 0;
    const bool piggyback = message_ < message_count_ && messages_[message_].from_client != m.from_client;
    if (!piggyback) {
      ack_due_ = true;
      ack_from_client_ = receiver_is_client;
    }
  } else if (unacked_segments_ >= 2) {
    unacked_segments_ = 0;
    ack_due_ = true;
    ack_from_client_ = receiver_is_client;
  }
}

uint32_t TcpSession::remainingPackets() const noexcept {
  TcpSession copy = *this;
  PacketSpec spec;
  uint32_t n = 0;
  while (!copy.done()) {
    copy.next(spec);
    ++n;
  }
  return n;
}

}  // namespace vigil::pcapgen
