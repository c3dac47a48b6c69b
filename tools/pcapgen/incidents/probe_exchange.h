// ProbeExchange: one scan probe and the 0-2 packets it draws (SYN-ACK+RST, RST-ACK, ICMP unreachable, echo reply).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "net/ip_address.h"
#include "pcapgen/wire/frame_builder.h"

namespace vigil::pcapgen {

enum class ScanProbe : uint8_t { kSyn, kSynEceCwr, kFin, kNull, kXmas, kUdp, kIcmpEcho };

/// How the target reacts: silent (filtered or no host), open, or closed (refuses).
enum class ScanReply : uint8_t { kSilent, kOpen, kClosed };

std::optional<ScanProbe> scanProbeFromName(std::string_view name) noexcept;
std::string_view scanProbeName(ScanProbe probe) noexcept;
/// "tcp", "udp" or "icmp".
std::string_view scanProbeProtocol(ScanProbe probe) noexcept;

/// Emits a probe as nmap/zmap/masscan send it and the target's reply:
///   SYN probes: open -> SYN-ACK, then the scanner's RST; closed -> RST-ACK
///   FIN/NULL/Xmas: closed -> RST-ACK; open or filtered -> nothing (RFC 793)
///   UDP: closed -> ICMP(v6) port unreachable quoting the probe
///   ICMP echo: open (host up) -> echo reply
/// Plain value (no allocation); shared by the horizontal and vertical scans. One thread.
class ProbeExchange {
 public:
  struct Setup {
    ScanProbe probe = ScanProbe::kSyn;
    ScanReply reply = ScanReply::kSilent;
    net::IpAddress scanner;
    net::IpAddress target;
    uint16_t scanner_port = 0;
    uint16_t target_port = 0;
    uint8_t target_ttl = 52;
    uint64_t random = 0;  // sequence numbers, IP ids
  };

  /// Packets a probe with this reply takes (1-3).
  static uint32_t packets(ScanProbe probe, ScanReply reply) noexcept;

  void begin(const Setup& setup) noexcept;
  bool done() const noexcept { return step_ >= total_; }

  /// Builds the next packet into out. Requires !done().
  uint32_t emit(const FrameBuilder& builder, uint8_t* out, FrameSummary& summary) noexcept;

 private:
  void probeSpec(PacketSpec& spec) const noexcept;
  void replySpec(PacketSpec& spec) const noexcept;

  Setup setup_;
  uint32_t step_ = 0;
  uint32_t total_ = 0;
};

}  // namespace vigil::pcapgen
