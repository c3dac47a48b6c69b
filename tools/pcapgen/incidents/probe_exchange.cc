// ProbeExchange: header values of scan probes and the replies targets send back.
#include "pcapgen/incidents/probe_exchange.h"

#include <array>

#include "pcapgen/incidents/incident.h"
#include "pcapgen/traffic/rng.h"

namespace vigil::pcapgen {
namespace {

constexpr uint8_t kMssOption[4] = {0x02, 0x04, 0x05, 0xb4};

constexpr std::array<std::string_view, 7> kNames = {"syn", "syn-ece-cwr", "fin", "null", "xmas", "udp", "icmp-echo"};

bool isSynProbe(ScanProbe p) { return p == ScanProbe::kSyn || p == ScanProbe::kSynEceCwr; }

uint8_t probeFlags(ScanProbe p) {
  switch (p) {
    case ScanProbe::kSyn: return kSyn;
    case ScanProbe::kSynEceCwr: return kSyn | kEce | kCwr;
    case ScanProbe::kFin: return kFin;
    case ScanProbe::kNull: return 0;
    case ScanProbe::kXmas: return kFin | kPsh | kUrg;
    default: return 0;
  }
}

}  // namespace

std::optional<ScanProbe> scanProbeFromName(std::string_view name) noexcept {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<ScanProbe>(i);
  }
  return std::nullopt;
}

std::string_view scanProbeName(ScanProbe probe) noexcept { return kNames[static_cast<size_t>(probe)]; }

std::string_view scanProbeProtocol(ScanProbe probe) noexcept {
  if (probe == ScanProbe::kUdp) return "udp";
  if (probe == ScanProbe::kIcmpEcho) return "icmp";
  return "tcp";
}

uint32_t ProbeExchange::packets(ScanProbe probe, ScanReply reply) noexcept {
  if (reply == ScanReply::kSilent) return 1;
  if (isSynProbe(probe)) return reply == ScanReply::kOpen ? 3 : 2;
  if (probe == ScanProbe::kIcmpEcho) return reply == ScanReply::kOpen ? 2 : 1;
  return reply == ScanReply::kClosed ? 2 : 1;  // FIN/NULL/Xmas and UDP answer only when closed
}

void ProbeExchange::begin(const Setup& setup) noexcept {
  setup_ = setup;
  step_ = 0;
  total_ = packets(setup.probe, setup.reply);
}

void ProbeExchange::probeSpec(PacketSpec& spec) const noexcept {
  spec = PacketSpec{};
  spec.src = setup_.scanner;
  spec.dst = setup_.target;
  spec.ttl = static_cast<uint8_t>(37 + setup_.random % 28);  // raw-socket scanners vary the TTL
  spec.ip_id = static_cast<uint16_t>(setup_.random >> 8);
  spec.from_home = isHomeAddress(setup_.scanner);
  const bool v6 = !setup_.scanner.isV4();
  switch (setup_.probe) {
    case ScanProbe::kUdp:
      spec.protocol = kProtoUdp;
      spec.src_port = setup_.scanner_port;
      spec.dst_port = setup_.target_port;
      break;
    case ScanProbe::kIcmpEcho:
      spec.protocol = v6 ? kProtoIcmpv6 : kProtoIcmp;
      spec.icmp_type = v6 ? 128 : 8;
      spec.src_port = static_cast<uint16_t>(setup_.random >> 24);  // identifier
      break;
    default:
      spec.protocol = kProtoTcp;
      spec.src_port = setup_.scanner_port;
      spec.dst_port = setup_.target_port;
      spec.tcp_flags = probeFlags(setup_.probe);
      spec.seq = static_cast<uint32_t>(setup_.random >> 32);
      spec.window = 1024;
      if (isSynProbe(setup_.probe)) {
        spec.tcp_options = kMssOption;
        spec.tcp_options_len = sizeof(kMssOption);
      }
      break;
  }
}

void ProbeExchange::replySpec(PacketSpec& spec) const noexcept {
  PacketSpec probe;
  probeSpec(probe);
  spec = PacketSpec{};
  spec.src = setup_.target;
  spec.dst = setup_.scanner;
  spec.ttl = setup_.target_ttl;
  spec.ip_id = static_cast<uint16_t>(mix64(setup_.random));
  spec.from_home = !probe.from_home;
  spec.protocol = probe.protocol;
  spec.src_port = probe.dst_port;
  spec.dst_port = probe.src_port;
  if (probe.protocol == kProtoTcp) {
    spec.ack = probe.seq + 1;
    if (setup_.reply == ScanReply::kOpen) {
      spec.tcp_flags = kSyn | kAck;
      spec.seq = static_cast<uint32_t>(mix64(setup_.random + 1));
      spec.window = 64240;
      spec.tcp_options = kMssOption;
      spec.tcp_options_len = sizeof(kMssOption);
    } else {
      spec.tcp_flags = kRst | kAck;
      spec.window = 0;
    }
  } else if (setup_.probe == ScanProbe::kIcmpEcho) {
    spec.icmp_type = setup_.scanner.isV4() ? 0 : 129;
    spec.src_port = probe.src_port;
    spec.dst_port = 0;
  }
}

uint32_t ProbeExchange::emit(const FrameBuilder& builder, uint8_t* out, FrameSummary& summary) noexcept {
  const uint32_t step = step_++;
  PacketSpec spec;
  // Outlives the branches: an ICMP error's payload points into it until build() below.
  uint8_t quoted[FrameBuilder::kMinFrame + 48];
  if (step == 0) {
    probeSpec(spec);
  } else if (step == 2) {  // the scanner's kernel resets the half-open connection
    probeSpec(spec);
    spec.tcp_flags = kRst;
    spec.seq += 1;
    spec.tcp_options_len = 0;
    spec.window = 0;
  } else if (setup_.probe == ScanProbe::kUdp) {
    // ICMP port unreachable quoting the probe's IP header and first 8 transport bytes.
    PacketSpec probe;
    probeSpec(probe);
    FrameSummary probe_summary;
    const FrameBuilder natural;
    natural.build(probe, quoted, sizeof(quoted), probe_summary);
    const bool v6 = !setup_.scanner.isV4();
    spec = PacketSpec{};
    spec.src = setup_.target;
    spec.dst = setup_.scanner;
    spec.ttl = setup_.target_ttl;
    spec.ip_id = static_cast<uint16_t>(mix64(setup_.random));
    spec.from_home = !probe.from_home;
    spec.protocol = v6 ? kProtoIcmpv6 : kProtoIcmp;
    spec.icmp_type = v6 ? 1 : 3;
    spec.icmp_code = v6 ? 4 : 3;
    spec.payload = quoted + probe_summary.l3_offset;
    spec.payload_len = v6 ? 48 : 28;
    spec.payload_prefix_len = static_cast<uint16_t>(spec.payload_len);
  } else {
    replySpec(spec);
  }
  return builder.build(spec, out, FrameBuilder::kMaxFrame, summary);
}

}  // namespace vigil::pcapgen
