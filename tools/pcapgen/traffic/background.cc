// Background: conversation pool, traffic mix and message-size distributions of the benign traffic.
#include "pcapgen/traffic/background.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "pcapgen/traffic/app_payloads.h"

namespace vigil::pcapgen {
namespace {

// Conversation starts per 1000, cumulative, by kind.
constexpr uint32_t kTcpComplete = 360;
constexpr uint32_t kTcpRefused = kTcpComplete + 15;
constexpr uint32_t kTcpUnanswered = kTcpRefused + 10;
constexpr uint32_t kDns = kTcpUnanswered + 380;
constexpr uint32_t kQuic = kDns + 120;
constexpr uint32_t kPing = kQuic + 70;
constexpr uint32_t kNtp = kPing + 30;
static_assert(kNtp + 15 == 1000, "ARP takes the rest");

constexpr std::array<std::string_view, 10> kNames = {
    "www.example.com",    "api.example.net",   "cdn.example.org",     "mail.example.com",
    "static.example.net", "login.example.org", "update.example.com",  "img.example.net",
    "video.example.org",  "chat.example.com"};

uint32_t requestSize(Rng& rng) {
  const uint32_t r = rng.below(1000);
  if (r < 650) return rng.between(60, 400);
  if (r < 980) return rng.between(400, 1200);
  return rng.between(1200, 8000);
}

uint32_t responseSize(Rng& rng) {
  const uint32_t r = rng.below(1000);
  if (r < 450) return rng.between(1, 300);
  if (r < 800) return rng.between(300, 1400);
  if (r < 970) return rng.between(1400, 8000);
  return rng.between(8000, 60000);
}

uint16_t serverPort(Rng& rng) {
  const uint32_t r = rng.below(100);
  if (r < 70) return 443;
  if (r < 90) return 80;
  if (r < 93) return 8080;
  if (r < 96) return 993;
  if (r < 98) return 5222;
  return 8443;
}

}  // namespace

Background::Background(const FrameBuilder& builder, const BackgroundOptions& options)
    : builder_(builder),
      options_(options),
      hosts_(options.pps, options.seed),
      rng_(deriveSeed(options.seed, 100)),
      pool_(std::clamp<size_t>(static_cast<size_t>(options.pps / 400.0), 16, 256)),
      benchmark_mix_(builder.fixedFrame() != 0) {
  if (benchmark_mix_) {
    options_.ipv6_share = 0;
    options_.vlan_share = 0;
  }
}

Peers Background::peersFor(uint32_t client, uint32_t server, bool v6) noexcept {
  Peers p;
  p.client = hosts_.client(client, v6);
  p.server = hosts_.server(server, v6);
  p.client_port = ephemeralPort();
  p.vlan = hosts_.clientVlan(client, options_.vlan_share);
  p.client_is_home = true;
  p.client_ttl = hosts_.clientTtl(client);
  p.server_ttl = hosts_.serverTtl(server);
  return p;
}

uint32_t Background::scaleForFixedFrames(uint32_t len, uint32_t room) const noexcept {
  // Keep the number of segments a message takes, but fill each fixed-size frame exactly.
  if (!benchmark_mix_) return len;
  return std::max<uint32_t>(1, (len + 1459) / 1460) * std::max<uint32_t>(room, 1);
}

void Background::startTcp(Conversation& slot, uint32_t client, bool v6, uint32_t pick) noexcept {
  const uint32_t server = hosts_.favoriteServer(client, rng_.below(HostPlan::kFavorites));
  Peers peers = peersFor(client, server, v6);
  peers.server_port = serverPort(rng_);
  TcpOutcome outcome = TcpOutcome::kComplete;
  if (pick >= kTcpRefused) {
    outcome = TcpOutcome::kUnanswered;
  } else if (pick >= kTcpComplete) {
    outcome = TcpOutcome::kRefused;
  } else if (rng_.below(100) < 3) {
    outcome = TcpOutcome::kAborted;
  }
  const uint32_t room = builder_.payloadRoom(v6, peers.vlan != 0, kProtoTcp);
  TcpSession& s = slot.emplace<TcpSession>();
  s.begin(peers, outcome, room, rng_.next());
  s.setClientCloses(rng_.below(100) < 60);
  if (outcome != TcpOutcome::kComplete && outcome != TcpOutcome::kAborted) return;
  uint32_t rounds = 1;
  while (rounds < 6 && rng_.below(2) == 0) ++rounds;
  for (uint32_t r = 0; r < rounds; ++r) {
    s.addMessage(TcpMessage{nullptr, scaleForFixedFrames(requestSize(rng_), room), 0, true});
    s.addMessage(TcpMessage{nullptr, scaleForFixedFrames(responseSize(rng_), room), 0, false});
  }
}

void Background::startDns(Conversation& slot, uint32_t client, bool v6) noexcept {
  Peers p;
  p.client = hosts_.client(client, v6);
  p.server = hosts_.resolver(client, v6);
  p.client_port = ephemeralPort();
  p.server_port = 53;
  p.vlan = hosts_.clientVlan(client, options_.vlan_share);
  p.client_ttl = hosts_.clientTtl(client);
  p.server_ttl = 60;
  DatagramExchange& x = slot.emplace<DatagramExchange>();
  x.begin(p, DatagramKind::kUdp, rng_.next());
  const std::string_view name = kNames[rng_.below(kNames.size())];
  const bool both = rng_.below(4) == 0;  // stub resolvers often ask A and AAAA together
  const uint16_t first_type = both || rng_.below(10) < 7 ? 1 : 28;
  for (uint16_t qtype : {first_type, uint16_t{28}}) {
    const auto id = static_cast<uint16_t>(rng_.next());
    uint8_t buf[96];
    const size_t q = writeDnsQuery(buf, sizeof(buf), id, name, qtype);
    x.add(true, static_cast<uint32_t>(q), {buf, q});
    const size_t a = writeDnsAnswer(buf, sizeof(buf), id, name, qtype, rng_.between(1, 3), rng_.next());
    x.add(false, static_cast<uint32_t>(a), {buf, a});
    if (!both) break;
  }
}

void Background::startNtp(Conversation& slot, uint32_t client, uint64_t ts_ns) noexcept {
  Peers p;
  p.client = hosts_.client(client, false);
  p.server = hosts_.ntpServer(client);
  p.client_port = rng_.below(10) < 3 ? 123 : ephemeralPort();
  p.server_port = 123;
  p.vlan = hosts_.clientVlan(client, options_.vlan_share);
  p.client_ttl = hosts_.clientTtl(client);
  p.server_ttl = 57;
  DatagramExchange& x = slot.emplace<DatagramExchange>();
  x.begin(p, DatagramKind::kUdp, rng_.next());
  uint8_t buf[48];
  writeNtp(buf, sizeof(buf), false, ts_ns);
  x.add(true, 48, buf);
  writeNtp(buf, sizeof(buf), true, ts_ns + 12000000);
  x.add(false, 48, buf);
}

void Background::startQuic(Conversation& slot, uint32_t client, bool v6) noexcept {
  const uint32_t server = hosts_.favoriteServer(client, rng_.below(HostPlan::kFavorites));
  Peers peers = peersFor(client, server, v6);
  peers.server_port = 443;
  DatagramExchange& x = slot.emplace<DatagramExchange>();
  x.begin(peers, DatagramKind::kUdp, rng_.next());
  const uint64_t client_cid = rng_.next();
  const uint64_t server_cid = rng_.next();
  const uint32_t room = builder_.payloadRoom(v6, peers.vlan != 0, kProtoUdp);
  const uint32_t big = std::min<uint32_t>(room, v6 ? 1232 : 1252);
  uint8_t buf[32];
  const uint32_t initial = std::min<uint32_t>(room, rng_.between(1200, 1250));
  size_t n = writeQuicInitial(buf, sizeof(buf), server_cid, client_cid, initial);
  x.add(true, initial, {buf, n});
  n = writeQuicInitial(buf, sizeof(buf), client_cid, server_cid, big);
  x.add(false, big, {buf, n});
  x.add(false, std::min<uint32_t>(room, rng_.between(300, 1100)), {buf, n});
  uint8_t to_server[9];
  uint8_t to_client[9];
  writeQuicShort(to_server, sizeof(to_server), server_cid);
  writeQuicShort(to_client, sizeof(to_client), client_cid);
  DatagramTail tail;
  tail.packets = rng_.between(4, 36);
  tail.client_min = static_cast<uint16_t>(std::min<uint32_t>(room, 30));
  tail.client_max = static_cast<uint16_t>(std::min<uint32_t>(room, 80));
  tail.server_min = static_cast<uint16_t>(std::min<uint32_t>(room, 200));
  tail.server_max = static_cast<uint16_t>(big);
  tail.server_percent = 65;
  x.setTail(tail, to_server, to_client);
}

void Background::startPing(Conversation& slot, uint32_t client, bool v6) noexcept {
  const uint32_t server = hosts_.favoriteServer(client, rng_.below(HostPlan::kFavorites));
  Peers peers = peersFor(client, server, v6);
  peers.client_port = static_cast<uint16_t>(rng_.next());  // echo identifier
  DatagramExchange& x = slot.emplace<DatagramExchange>();
  x.begin(peers, DatagramKind::kIcmpEcho, rng_.next());
  const uint32_t pings = rng_.between(1, 4);
  for (uint32_t i = 0; i < pings; ++i) {
    x.add(true, 56);
    x.add(false, 56);
  }
}

void Background::startArp(Conversation& slot, uint32_t client) noexcept {
  ArpExchange& a = slot.emplace<ArpExchange>();
  const uint16_t vlan = hosts_.clientVlan(client, options_.vlan_share);
  a.request = ArpSpec{};
  a.request.operation = 1;
  a.request.vlan = vlan;
  a.request.sender_ip = hosts_.clientV4(client);
  a.request.target_ip = HostPlan::kGatewayV4;
  hosts_.clientMac(client, a.request.sender_mac);
  a.reply = ArpSpec{};
  a.reply.operation = 2;
  a.reply.vlan = vlan;
  a.reply.sender_ip = HostPlan::kGatewayV4;
  a.reply.target_ip = a.request.sender_ip;
  std::copy_n(FrameBuilder::kHomeRouterMac, 6, a.reply.sender_mac);
  std::copy_n(a.request.sender_mac, 6, a.reply.target_mac);
  a.answered = rng_.below(4) != 0;  // a quarter ask for a host that is down
  a.left = a.answered ? 2 : 1;
}

void Background::start(Conversation& slot, uint64_t ts_ns) noexcept {
  const uint32_t client = rng_.below(hosts_.clients());
  const bool v6 = options_.ipv6_share > 0 && rng_.chance(options_.ipv6_share);
  uint32_t pick = rng_.below(1000);
  if (benchmark_mix_ && pick >= kQuic && pick < kPing) pick = kTcpUnanswered;  // no ICMP: DNS instead
  if (pick < kTcpUnanswered) {
    startTcp(slot, client, v6, pick);
  } else if (pick < kDns) {
    startDns(slot, client, v6);
  } else if (pick < kQuic) {
    startQuic(slot, client, v6);
  } else if (pick < kPing) {
    startPing(slot, client, v6);
  } else if (pick < kNtp) {
    startNtp(slot, client, ts_ns);
  } else {
    startArp(slot, client);
  }
}

uint32_t Background::emit(uint64_t ts_ns, uint8_t* out, FrameSummary& summary) noexcept {
  Conversation& slot = pool_[rng_.below(static_cast<uint32_t>(pool_.size()))];
  const bool finished = std::visit([](const auto& c) { return c.done(); }, slot);
  if (finished) start(slot, ts_ns);
  if (auto* arp = std::get_if<ArpExchange>(&slot)) {
    const ArpSpec& spec = arp->answered && arp->left == 1 ? arp->reply : arp->request;
    --arp->left;
    return builder_.buildArp(spec, out, FrameBuilder::kMaxFrame, summary);
  }
  if (auto* tcp = std::get_if<TcpSession>(&slot)) {
    tcp->next(spec_);
  } else {
    std::get<DatagramExchange>(slot).next(spec_);
  }
  return builder_.build(spec_, out, FrameBuilder::kMaxFrame, summary);
}

}  // namespace vigil::pcapgen
