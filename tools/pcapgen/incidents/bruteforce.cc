// Bruteforce: the login dialogues of SSH, telnet, FTP and RDP brute-force connections.
#include "pcapgen/incidents/bruteforce.h"

#include <array>
#include <string_view>

#include "pcapgen/traffic/rng.h"

namespace vigil::pcapgen {
namespace {

constexpr std::array<std::string_view, 8> kPasswords = {"123456", "password", "admin",   "root",
                                                        "12345678", "qwerty", "letmein", "default"};

const uint8_t* bytes(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

TcpMessage text(bool from_client, std::string_view s, uint32_t len = 0) {
  return TcpMessage{bytes(s), len != 0 ? len : static_cast<uint32_t>(s.size()), static_cast<uint16_t>(s.size()),
                    from_client};
}

constexpr bool kClient = true;
constexpr bool kServer = false;

// SSH binary packets start with length, padding length and the message number; the rest is
// key material or ciphertext, which the fill pattern stands in for.
constexpr std::string_view kSshServerBanner = "SSH-2.0-OpenSSH_8.9\r\n";
constexpr std::string_view kSshClientBanner = "SSH-2.0-libssh2_1.11.0\r\n";
constexpr std::string_view kSshKexInit{"\x00\x00\x02\xb4\x0a\x14", 6};
constexpr std::string_view kSshServerKexInit{"\x00\x00\x04\x34\x07\x14", 6};
constexpr std::string_view kSshEcdhInit{"\x00\x00\x00\x2c\x06\x1e", 6};
constexpr std::string_view kSshEcdhReply{"\x00\x00\x02\x2c\x08\x1f", 6};

constexpr std::string_view kTelnetDo{"\xff\xfd\x18\xff\xfd\x20\xff\xfd\x23\xff\xfd\x27", 12};
constexpr std::string_view kTelnetWont{"\xff\xfc\x18\xff\xfc\x20\xff\xfc\x23\xff\xfc\x27", 12};

constexpr std::string_view kRdpConnect{
    "\x03\x00\x00\x33\x2e\xe0\x00\x00\x00\x00\x00"
    "Cookie: mstshash=administrator\r\n"
    "\x01\x00\x08\x00\x03\x00\x00\x00",
    51};
constexpr std::string_view kRdpConfirm{
    "\x03\x00\x00\x13\x0e\xd0\x00\x00\x12\x34\x00\x02\x1f\x08\x00\x02\x00\x00\x00", 19};
constexpr std::string_view kTlsHandshake{"\x16\x03\x01", 3};
constexpr std::string_view kTlsRecord{"\x17\x03\x03", 3};

}  // namespace

Bruteforce::Bruteforce(IncidentKind kind, const IncidentContext& context)
    : Incident(kind), builder_(context.builder), seed_(deriveSeed(context.seed, 1000 + context.index)) {}

common::Result<std::unique_ptr<Incident>> Bruteforce::create(IncidentParams& params, const IncidentContext& context) {
  const IncidentKind kind = params.kind();
  const uint16_t default_port = kind == IncidentKind::kBruteforceSsh      ? 22
                                : kind == IncidentKind::kBruteforceTelnet ? 23
                                : kind == IncidentKind::kBruteforceRdp    ? 3389
                                                                          : 21;
  const net::IpAddress attacker = params.address("src", defaultHomeHost(context.index));
  const net::IpAddress server = params.address("dst", defaultRemoteServer(context.index));
  const uint16_t port = params.port("port", default_port);
  const uint64_t count = params.count("count", 60, 1, 100000000);
  if (params.ok() && attacker.isV4() != server.isV4()) params.fail("src and dst must be the same address family");
  if (!params.ok()) return common::fail(params.error());

  auto bf = std::unique_ptr<Bruteforce>(new Bruteforce(kind, context));
  bf->attacker_ = attacker;
  bf->server_ = server;
  bf->port_ = port;
  bf->count_ = count;
  bf->first_port_ = static_cast<uint16_t>(33000 + bf->seed_ % 20000);
  bf->mss_ = std::max<uint32_t>(1, context.builder.payloadRoom(!attacker.isV4(), false, kProtoTcp));
  for (std::string_view pw : kPasswords) {
    if (kind == IncidentKind::kBruteforceFtp) {
      bf->passwords_.push_back("PASS " + std::string(pw) + "\r\n");
    } else {
      bf->passwords_.push_back(std::string(pw) + "\r\n");
    }
  }
  // Every connection has the same shape (passwords only change bytes inside one segment
  // unless the frame size is fixed), but count each one to stay exact in any mode.
  TcpSession probe;
  for (uint64_t c = 0; c < count; ++c) {
    bf->beginConnection(c, probe);
    bf->expected_ += probe.remainingPackets();
    if (c >= kPasswords.size() && bf->builder_.fixedFrame() == 0) {
      bf->expected_ += (count - c - 1) * probe.remainingPackets();
      break;
    }
  }
  return std::unique_ptr<Incident>(std::move(bf));
}

void Bruteforce::beginConnection(uint64_t connection, TcpSession& s) const noexcept {
  Peers peers;
  peers.client = attacker_;
  peers.server = server_;
  peers.client_port = static_cast<uint16_t>(first_port_ + connection * 2 % 12000);
  peers.server_port = port_;
  peers.client_is_home = isHomeAddress(attacker_);
  peers.client_ttl = 64;
  peers.server_ttl = 52;
  s.begin(peers, TcpOutcome::kComplete, mss_, hash2(seed_ + 1, connection));
  const std::string& password = passwords_[connection % passwords_.size()];
  const std::string_view pw(password);
  switch (kind()) {
    case IncidentKind::kBruteforceSsh:
      s.addMessage(text(kServer, kSshServerBanner));
      s.addMessage(text(kClient, kSshClientBanner));
      s.addMessage(text(kClient, kSshKexInit, 696));
      s.addMessage(text(kServer, kSshServerKexInit, 1080));
      s.addMessage(text(kClient, kSshEcdhInit, 48));
      s.addMessage(text(kServer, kSshEcdhReply, 564));
      s.addMessage(text(kClient, {}, 80));   // NEWKEYS + service request, encrypted from here on
      s.addMessage(text(kServer, {}, 52));
      s.addMessage(text(kClient, {}, 100));  // userauth "none"
      s.addMessage(text(kServer, {}, 52));
      s.addMessage(text(kClient, {}, 116));  // userauth password
      s.addMessage(text(kServer, {}, 52));   // failure
      s.setClientCloses(true);
      break;
    case IncidentKind::kBruteforceTelnet:
      s.addMessage(text(kServer, kTelnetDo));
      s.addMessage(text(kClient, kTelnetWont));
      s.addMessage(text(kServer, "\r\nlogin: "));
      s.addMessage(text(kClient, "root\r\n"));
      s.addMessage(text(kServer, "Password: "));
      s.addMessage(text(kClient, pw));
      s.addMessage(text(kServer, "\r\nLogin incorrect\r\n"));
      s.setClientCloses(false);
      break;
    case IncidentKind::kBruteforceFtp:
      s.addMessage(text(kServer, "220 (vsFTPd 3.0.5)\r\n"));
      s.addMessage(text(kClient, "USER admin\r\n"));
      s.addMessage(text(kServer, "331 Please specify the password.\r\n"));
      s.addMessage(text(kClient, pw));
      s.addMessage(text(kServer, "530 Login incorrect.\r\n"));
      s.addMessage(text(kClient, "QUIT\r\n"));
      s.addMessage(text(kServer, "221 Goodbye.\r\n"));
      s.setClientCloses(false);
      break;
    default:  // RDP: X.224, TLS, then CredSSP/NTLM inside TLS records, rejected
      s.addMessage(text(kClient, kRdpConnect));
      s.addMessage(text(kServer, kRdpConfirm));
      s.addMessage(text(kClient, kTlsHandshake, 310));
      s.addMessage(text(kServer, kTlsHandshake, 1620));
      s.addMessage(text(kClient, kTlsHandshake, 158));
      s.addMessage(text(kServer, kTlsHandshake, 58));
      s.addMessage(text(kClient, kTlsRecord, 210));
      s.addMessage(text(kServer, kTlsRecord, 410));
      s.addMessage(text(kClient, kTlsRecord, 620));
      s.addMessage(text(kServer, kTlsRecord, 44));
      s.setClientCloses(true);
      break;
  }
}

uint32_t Bruteforce::emit(uint64_t /*ts_ns*/, uint8_t* out, FrameSummary& summary) noexcept {
  if (session_.done()) beginConnection(next_++, session_);
  PacketSpec spec;
  session_.next(spec);
  return builder_.build(spec, out, FrameBuilder::kMaxFrame, summary);
}

IncidentTruth Bruteforce::truth() const {
  IncidentTruth t;
  t.attackers = {attacker_.toString()};
  t.victims = {server_.toString()};
  t.protocol = "tcp";
  t.port = port_;
  t.extra["connections"] = count_;
  if (kind() == IncidentKind::kBruteforceSsh) t.extra["server_banner"] = "SSH-2.0-OpenSSH_8.9";
  return t;
}

}  // namespace vigil::pcapgen
