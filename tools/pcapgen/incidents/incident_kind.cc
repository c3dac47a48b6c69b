// IncidentKind: the table of kinds, their keys and defaults, shared by the parser, --help and README.
#include "pcapgen/incidents/incident_kind.h"

#include <array>

namespace vigil::pcapgen {
namespace {

constexpr IncidentKey kCommon[] = {
    {"at", "start, seconds after the capture start (or N% of the capture); default: spread evenly"},
    {"duration", "seconds the incident lasts; with count or rate it sets the other"},
    {"rate", "packets per second of the incident (all its packets, replies included)"},
    {"count", "how many units (see each kind); any two of count/rate/duration fix the third"},
};

constexpr IncidentKey kScanHorizontal[] = {
    {"src", "scanner address (default 10.1.250.(10+i), i = incident number from 0)"},
    {"dst", "target block (default 198.19.0.0/17; 2001:db8:ffff:8000::/64 for an IPv6 src)"},
    {"port", "destination port (default 445 for TCP probes, 161 for udp)"},
    {"probe", "syn | syn-ece-cwr | fin | null | xmas | udp | icmp-echo (default syn)"},
    {"order", "random | sequential target order (default random)"},
    {"answer", "share of targets that answer, 0-1 (default 0.1; SYN: half open, half closed)"},
};
constexpr IncidentKey kScanVertical[] = {
    {"src", "scanner address (default 10.1.250.(10+i))"},
    {"dst", "target address (default 198.51.100.(10+i))"},
    {"ports", "ports to probe: list and ranges, e.g. 1-1024 or 22,80,8000-8100 (default 1-1024)"},
    {"open", "ports that are open on the target (default 22,80,443)"},
    {"probe", "syn | syn-ece-cwr | fin | null | xmas | udp (default syn)"},
};
constexpr IncidentKey kSynFlood[] = {
    {"dst", "victim (default 10.1.251.(10+i))"},
    {"port", "victim port (default 80)"},
    {"spoofed", "true: random source per packet, each used 1-2 times (default true)"},
    {"sources", "distinct spoofed sources (default count*64/65; sources=10000000 works in O(1) memory)"},
    {"src", "attacker when spoofed=false (default 203.0.113.(10+i))"},
};
constexpr IncidentKey kUdpFlood[] = {
    {"dst", "victim (default 10.1.251.(10+i))"},
    {"port", "victim port (default: random per packet)"},
    {"size", "payload bytes, N or MIN-MAX (default 512-1400)"},
    {"spoofed", "random sources (default false)"},
    {"sources", "distinct spoofed sources (default count*64/65)"},
    {"src", "attacker when not spoofed (default 203.0.113.(10+i))"},
};
constexpr IncidentKey kIcmpFlood[] = {
    {"dst", "victim (default 10.1.251.(10+i))"},
    {"size", "echo payload bytes, N or MIN-MAX (default 56-1400)"},
    {"spoofed", "random sources (default false)"},
    {"sources", "distinct spoofed sources (default count*64/65)"},
    {"src", "attacker when not spoofed (default 203.0.113.(10+i))"},
};
constexpr IncidentKey kAmplification[] = {
    {"dst", "victim, IPv4 (default 10.1.251.(10+i))"},
    {"port", "victim port the answers go to (default: random per answer)"},
    {"reflectors", "distinct reflecting servers, random public IPv4 addresses (default 50)"},
    {"size", "answer UDP payload bytes, N or MIN-MAX; above 1472 the answer is fragmented"
             " (defaults: dns 2400-4000, ntp 440-2200, ssdp 300-1800, memcached 1400-12000,"
             " cldap 1500-3200, snmp 1200-2900, chargen 700-2000)"},
};
constexpr IncidentKey kBruteforce[] = {
    {"src", "attacker (default 10.1.250.(10+i))"},
    {"dst", "attacked server (default 198.51.100.(10+i))"},
    {"port", "server port (default ssh 22, telnet 23, rdp 3389, ftp 21); SSH servers always send"
             " the banner SSH-2.0-OpenSSH_8.9 first, so a non-standard port stays recognisable"},
};
constexpr IncidentKey kC2Contact[] = {
    {"src", "infected home host (default 10.1.250.(10+i))"},
    {"dst", "C2 server (default 192.0.2.(10+i))"},
    {"port", "C2 port (default 8080)"},
};
constexpr IncidentKey kSpam[] = {
    {"src", "spamming home host (default 10.1.250.(10+i))"},
    {"dst", "block the mail servers are drawn from, distinct per session (default 198.19.128.0/18)"},
    {"port", "SMTP port (default 25)"},
};
constexpr IncidentKey kBackscatter[] = {
    {"src", "the attacked server whose replies we see (default 198.51.100.(100+i))"},
    {"dst", "block of spoofed addresses that receive the replies (default 10.1.0.0/16)"},
    {"port", "the attacked server's port (default 80)"},
};

constexpr std::string_view kPackets = "packets sent (default 20000)";
constexpr std::string_view kAnswers = "reflected answers, each one or more IP fragments (default 2000)";
constexpr std::string_view kConnections = "connections, one failed login each (default 60)";

constexpr std::array<IncidentKindInfo, 19> kKinds = {{
    {IncidentKind::kScanHorizontal, "scan-horizontal", "one source probes many addresses on one port",
     "targets probed (default 1000)", 500, kScanHorizontal},
    {IncidentKind::kScanVertical, "scan-vertical", "one source probes many ports of one address",
     "ports probed, taken from ports= (default: all of them)", 100, kScanVertical},
    {IncidentKind::kSynFlood, "syn-flood", "TCP SYNs to one victim port, spoofed or from one source",
     kPackets, 2000, kSynFlood},
    {IncidentKind::kUdpFlood, "udp-flood", "UDP datagrams to one victim", kPackets, 2000, kUdpFlood},
    {IncidentKind::kIcmpFlood, "icmp-flood", "ICMP echo requests to one victim", kPackets, 2000, kIcmpFlood},
    {IncidentKind::kAmplificationDns, "amplification-dns", "large DNS answers (sport 53) from many reflectors",
     kAnswers, 500, kAmplification},
    {IncidentKind::kAmplificationNtp, "amplification-ntp", "NTP monlist answers (sport 123) from many reflectors",
     kAnswers, 500, kAmplification},
    {IncidentKind::kAmplificationSsdp, "amplification-ssdp", "SSDP answers (sport 1900) from many reflectors",
     kAnswers, 500, kAmplification},
    {IncidentKind::kAmplificationMemcached, "amplification-memcached",
     "memcached VALUE answers (sport 11211) from many reflectors", kAnswers, 500, kAmplification},
    {IncidentKind::kAmplificationCldap, "amplification-cldap", "CLDAP answers (sport 389) from many reflectors",
     kAnswers, 500, kAmplification},
    {IncidentKind::kAmplificationSnmp, "amplification-snmp", "SNMP GetResponses (sport 161) from many reflectors",
     kAnswers, 500, kAmplification},
    {IncidentKind::kAmplificationChargen, "amplification-chargen", "chargen text (sport 19) from many reflectors",
     kAnswers, 500, kAmplification},
    {IncidentKind::kBruteforceSsh, "bruteforce-ssh", "repeated short SSH logins from one source to one server",
     kConnections, 100, kBruteforce},
    {IncidentKind::kBruteforceTelnet, "bruteforce-telnet", "repeated telnet logins", kConnections, 100, kBruteforce},
    {IncidentKind::kBruteforceRdp, "bruteforce-rdp", "repeated RDP (TLS/CredSSP) logins", kConnections,
     100, kBruteforce},
    {IncidentKind::kBruteforceFtp, "bruteforce-ftp", "repeated FTP USER/PASS logins", kConnections, 100, kBruteforce},
    {IncidentKind::kC2Contact, "c2-contact", "a home host POSTs to a C2 server over HTTP",
     "connections (default 3)", 20, kC2Contact},
    {IncidentKind::kSpam, "spam", "one home host delivers mail to many distinct port-25 servers",
     "SMTP sessions, one per server (default 200)", 300, kSpam},
    {IncidentKind::kBackscatter, "backscatter",
     "benign: SYN-ACKs/RSTs of an attacked server reach many spoofed addresses; must not be reported",
     "spoofed addresses that receive replies (default 500)", 100, kBackscatter},
}};

}  // namespace

std::span<const IncidentKey> commonIncidentKeys() noexcept { return kCommon; }

std::span<const IncidentKindInfo> incidentKinds() noexcept { return kKinds; }

const IncidentKindInfo& incidentKindInfo(IncidentKind kind) noexcept { return kKinds[static_cast<size_t>(kind)]; }

std::string_view incidentKindName(IncidentKind kind) noexcept { return incidentKindInfo(kind).name; }

std::optional<IncidentKind> incidentKindFromName(std::string_view name) noexcept {
  for (const auto& info : kKinds) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

bool incidentKeyAllowed(IncidentKind kind, std::string_view key) noexcept {
  for (const auto& k : kCommon) {
    if (k.name == key) return true;
  }
  for (const auto& k : incidentKindInfo(kind).keys) {
    if (k.name == key) return true;
  }
  return false;
}

std::string incidentHelpText() {
  std::string text = "INCIDENTS: --incident KIND[:key=value,...] (repeatable). Keys of every kind:\n";
  auto add_keys = [&text](std::span<const IncidentKey> keys) {
    for (const auto& k : keys) {
      text += "    ";
      text += k.name;
      text += std::string(k.name.size() < 11 ? 11 - k.name.size() : 1, ' ');
      text += k.help;
      text += '\n';
    }
  };
  add_keys(kCommon);
  const IncidentKindInfo* keys_shown = nullptr;  // kinds sharing a key table list it once
  for (const auto& info : kKinds) {
    text += "  ";
    text += info.name;
    text += ": ";
    text += info.summary;
    text += "; count = ";
    text += info.count;
    text += "; default rate ";
    text += std::to_string(static_cast<int>(info.default_rate));
    text += " packets/s\n";
    if (keys_shown != nullptr && keys_shown->keys.data() == info.keys.data()) {
      text += "    (keys as for ";
      text += keys_shown->name;
      text += ")\n";
      continue;
    }
    add_keys(info.keys);
    keys_shown = &info;
  }
  text += "  Values with commas (ports=22,80) are fine: a piece without '=' continues the previous value.\n";
  return text;
}

}  // namespace vigil::pcapgen
