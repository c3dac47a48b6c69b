// Background: the benign traffic mix (TCP sessions, DNS, NTP, QUIC-like, ping, ARP) that fills the capture.
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "pcapgen/traffic/datagram_exchange.h"
#include "pcapgen/traffic/host_plan.h"
#include "pcapgen/traffic/rng.h"
#include "pcapgen/traffic/tcp_session.h"
#include "pcapgen/traffic/traffic_source.h"
#include "pcapgen/wire/frame_builder.h"

namespace vigil::pcapgen {

struct BackgroundOptions {
  double pps = 100000;      // capture packet rate: sizes the host plan and the conversation pool
  double ipv6_share = 0.10;  // share of IP conversations over IPv6
  double vlan_share = 0.05;  // share of clients behind an 802.1Q tag
  uint64_t seed = 1;
};

/// Keeps a fixed pool of concurrent conversations; each emit() picks one at random and sends its
/// next packet, starting a fresh conversation in that slot when the old one has finished. So
/// flows interleave as on a real link while memory stays constant.
///
/// Mix (share of conversations started): TCP sessions 38.5% (of which 1.5 points refused with
/// RST, 1 point unanswered SYNs, 3% of the rest aborted with RST), DNS 38%, QUIC-like UDP/443
/// 12%, ICMP echo 7%, NTP 3%, ARP 1.5%. By packets that is about 57% TCP, 29% QUIC, 9% DNS,
/// 4% ICMP, 0.6% NTP, 0.3% ARP; frames average ~435 bytes (47% <= 100 B, 33% medium, 19% large).
/// With a fixed frame size (benchmark mode) the mix is IPv4 TCP/UDP only, untagged, plus ARP.
///
/// Owns its pool (allocated at construction, ~0.4 KB per slot, up to 256 slots so it stays in L2); emit() never
/// allocates. Uses the shared FrameBuilder by reference (it must outlive this). One thread.
class Background final : public TrafficSource {
 public:
  Background(const FrameBuilder& builder, const BackgroundOptions& options);

  uint32_t emit(uint64_t ts_ns, uint8_t* out, FrameSummary& summary) noexcept override;
  bool done() const noexcept override { return false; }

  const HostPlan& hosts() const noexcept { return hosts_; }

 private:
  struct ArpExchange {
    ArpSpec request;
    ArpSpec reply;
    uint8_t left = 0;
    bool answered = false;
    bool done() const noexcept { return left == 0; }
  };
  using Conversation = std::variant<TcpSession, DatagramExchange, ArpExchange>;

  void start(Conversation& slot, uint64_t ts_ns) noexcept;
  void startTcp(Conversation& slot, uint32_t client, bool v6, uint32_t pick) noexcept;
  void startDns(Conversation& slot, uint32_t client, bool v6) noexcept;
  void startNtp(Conversation& slot, uint32_t client, uint64_t ts_ns) noexcept;
  void startQuic(Conversation& slot, uint32_t client, bool v6) noexcept;
  void startPing(Conversation& slot, uint32_t client, bool v6) noexcept;
  void startArp(Conversation& slot, uint32_t client) noexcept;
  Peers peersFor(uint32_t client, uint32_t server, bool v6) noexcept;
  uint32_t scaleForFixedFrames(uint32_t len, uint32_t room) const noexcept;
  uint16_t ephemeralPort() noexcept { return static_cast<uint16_t>(rng_.between(32768, 60999)); }

  const FrameBuilder& builder_;
  BackgroundOptions options_;
  HostPlan hosts_;
  Rng rng_;
  std::vector<Conversation> pool_;
  PacketSpec spec_;  // reused: conversations assign every field, so no per-packet zeroing
  bool benchmark_mix_;
};

}  // namespace vigil::pcapgen
