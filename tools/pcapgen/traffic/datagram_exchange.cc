// DatagramExchange: packet layout of scripted UDP and ICMP-echo conversations.
#include "pcapgen/traffic/datagram_exchange.h"

#include <cstring>

namespace vigil::pcapgen {

void DatagramExchange::begin(const Peers& peers, DatagramKind kind, uint64_t random) noexcept {
  peers_ = peers;
  kind_ = kind;
  rng_ = Rng(random);
  message_count_ = message_ = tail_left_ = 0;
  text_used_ = 0;
  tail_ = DatagramTail{};
  tail_client_text_[1] = tail_server_text_[1] = 0;
  client_ip_id_ = static_cast<uint16_t>(random >> 16);
  server_ip_id_ = static_cast<uint16_t>(random >> 32);
  echo_seq_ = 0;
}

bool DatagramExchange::storeText(std::span<const uint8_t> text, uint16_t& offset) noexcept {
  if (text.size() > kTextBytes - text_used_) return false;
  offset = text_used_;
  if (!text.empty()) std::memcpy(text_.data() + text_used_, text.data(), text.size());
  text_used_ = static_cast<uint16_t>(text_used_ + text.size());
  return true;
}

bool DatagramExchange::add(bool from_client, uint32_t len, std::span<const uint8_t> text) noexcept {
  if (message_count_ == kMaxMessages) return false;
  uint16_t offset = 0;
  if (!storeText(text, offset)) return false;
  messages_[message_count_++] = Message{len, offset, static_cast<uint16_t>(text.size()), from_client};
  return true;
}

bool DatagramExchange::setTail(const DatagramTail& tail, std::span<const uint8_t> client_text,
                               std::span<const uint8_t> server_text) noexcept {
  if (!storeText(client_text, tail_client_text_[0]) || !storeText(server_text, tail_server_text_[0])) return false;
  tail_client_text_[1] = static_cast<uint16_t>(client_text.size());
  tail_server_text_[1] = static_cast<uint16_t>(server_text.size());
  tail_ = tail;
  tail_left_ = tail.packets;
  return true;
}

void DatagramExchange::fill(PacketSpec& spec, bool from_client, uint32_t len, uint16_t text_offset,
                            uint16_t text_len) noexcept {
  // Every field is assigned (no `spec = PacketSpec{}`): this runs once per background packet.
  spec.tcp_flags = spec.icmp_type = spec.icmp_code = spec.tcp_options_len = 0;
  spec.tcp_options = nullptr;
  spec.seq = spec.ack = 0;
  spec.window = 0;
  const bool v6 = !peers_.client.isV4();
  spec.vlan = peers_.vlan;
  spec.payload_len = len;
  spec.payload = text_.data() + text_offset;
  spec.payload_prefix_len = text_len;
  spec.fill_offset = static_cast<uint32_t>(rng_.next());
  if (from_client) {
    spec.src = peers_.client;
    spec.dst = peers_.server;
    spec.ttl = peers_.client_ttl;
    spec.ip_id = client_ip_id_++;
    spec.from_home = peers_.client_is_home;
  } else {
    spec.src = peers_.server;
    spec.dst = peers_.client;
    spec.ttl = peers_.server_ttl;
    spec.ip_id = server_ip_id_++;
    spec.from_home = !peers_.client_is_home;
  }
  if (kind_ == DatagramKind::kUdp) {
    spec.protocol = kProtoUdp;
    spec.src_port = from_client ? peers_.client_port : peers_.server_port;
    spec.dst_port = from_client ? peers_.server_port : peers_.client_port;
    return;
  }
  spec.protocol = v6 ? kProtoIcmpv6 : kProtoIcmp;
  if (from_client) ++echo_seq_;
  spec.icmp_type = from_client ? (v6 ? 128 : 8) : (v6 ? 129 : 0);
  spec.src_port = peers_.client_port;  // echo identifier
  spec.dst_port = echo_seq_;
}

void DatagramExchange::next(PacketSpec& spec) noexcept {
  if (message_ < message_count_) {
    const Message& m = messages_[message_++];
    fill(spec, m.from_client, m.len, m.text_offset, m.text_len);
    return;
  }
  if (tail_left_ != 0) --tail_left_;
  const bool from_server = rng_.below(100) < tail_.server_percent;
  const uint32_t len = from_server ? rng_.between(tail_.server_min, tail_.server_max)
                                   : rng_.between(tail_.client_min, tail_.client_max);
  const uint16_t* text = from_server ? tail_server_text_ : tail_client_text_;
  fill(spec, !from_server, len, text[0], text[1]);
}

}  // namespace vigil::pcapgen
