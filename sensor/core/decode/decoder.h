// Decoder: turns one captured frame of a given link type into a PacketView (the per-packet hot path).
#pragma once

#include <cstdint>

#include "decode/decode_status.h"
#include "decode/fast_path.h"
#include "decode/link_type.h"
#include "decode/packet_view.h"

namespace vigil::decode {

/// Decodes frames of one link type: link layer (Ethernet with 802.1Q/QinQ/MPLS/PPPoE, Linux SLL
/// and SLL2, raw IP, BSD loopback), IPv4 or IPv6 with extension headers and fragments, TCP, UDP,
/// SCTP, ICMP, ICMPv6, and through GRE / ERSPAN / IP-in-IP tunnels to the innermost packet.
///
/// Threading and ownership: immutable after construction and two bytes big, so each worker keeps
/// its own copy; decode() is const and reentrant. It owns nothing and keeps no pointer into frames.
///
/// Cost: Ethernet frames carrying IPv4 TCP or UDP without options or fragments, most of a link's
/// traffic, take an inline fast path (fast_path.h); every other frame one switch on the link type,
/// then straight-line parsing of each header with a bounds check before every read. No allocation,
/// no virtual call, no syscall, no exception, no logging.
class Decoder {
 public:
  explicit Decoder(LinkType link) noexcept : link_(link) {}

  LinkType linkType() const noexcept { return link_; }

  /// Decodes the frame [data, data + caplen) into `out`, which is reset first (every field is
  /// overwritten). Never reads outside the frame, whatever its contents.
  ///
  /// kOk: `out` describes the innermost IP packet. Its headers were complete; its payload may be
  /// cut by the capture length (payload_len counts only captured bytes inside the IP datagram).
  /// kNonIp: a well-formed frame without IP (ARP, STP, LLDP, ...); only ts_ns, wire_len and the
  /// link-layer flags (kVlan, vlan_id, kMpls) are meaningful. Any other status names the first
  /// malformed or truncated header; `out` is then partly filled and must be ignored.
  /// `payload` points into the frame: valid as long as the frame is.
  DecodeStatus decode(const uint8_t* data, uint32_t caplen, uint32_t wirelen, uint64_t ts_ns,
                      PacketView& out) const noexcept {
    if (link_ == LinkType::kEthernet && detail::decodeEthernetIpv4Fast(data, caplen, wirelen, ts_ns, out)) {
      return DecodeStatus::kOk;
    }
    return decodeLayers(data, caplen, wirelen, ts_ns, out);
  }
  /// The same, always layer by layer (what decode() does for frames off its fast path): same status,
  /// same view. For tests that hold the fast path to it.
  DecodeStatus decodeLayers(const uint8_t* data, uint32_t caplen, uint32_t wirelen, uint64_t ts_ns,
                            PacketView& out) const noexcept;

 private:
  LinkType link_;
};

}  // namespace vigil::decode
