// HorizontalScan: target ordering, reply selection and truth of a horizontal scan.
#include "pcapgen/incidents/scan_horizontal.h"

#include "pcapgen/traffic/rng.h"

namespace vigil::pcapgen {

HorizontalScan::HorizontalScan(const IncidentContext& context, AddressBlock targets, uint64_t count)
    : Incident(IncidentKind::kScanHorizontal),
      builder_(context.builder),
      seed_(deriveSeed(context.seed, 1000 + context.index)),
      targets_(targets),
      order_(targets.size(), seed_),
      count_(count) {}

common::Result<std::unique_ptr<Incident>> HorizontalScan::create(IncidentParams& params,
                                                                 const IncidentContext& context) {
  const net::IpAddress scanner = params.address("src", defaultHomeHost(context.index));
  const AddressBlock fallback = scanner.isV4() ? *AddressBlock::parse("198.19.0.0/17")
                                               : *AddressBlock::parse("2001:db8:ffff:8000::/64");
  const AddressBlock targets = params.block("dst", fallback);
  const uint64_t count = params.count("count", std::min<uint64_t>(1000, targets.size()), 1, targets.size());
  const auto probe = scanProbeFromName(params.choice("probe", "syn", {"syn", "syn-ece-cwr", "fin", "null", "xmas", "udp", "icmp-echo"}));
  const uint16_t port = params.port("port", probe == ScanProbe::kUdp ? 161 : 445);
  const bool sequential = params.choice("order", "random", {"random", "sequential"}) == "sequential";
  const double answer = params.number("answer", 0.1, 0, 1);
  if (params.ok() && targets.isV4() != scanner.isV4()) params.fail("src and dst must be the same address family");
  if (!params.ok()) return common::fail(params.error());

  auto scan = std::unique_ptr<HorizontalScan>(new HorizontalScan(context, targets, count));
  scan->scanner_ = scanner;
  scan->probe_kind_ = probe.value_or(ScanProbe::kSyn);
  scan->port_ = probe == ScanProbe::kIcmpEcho ? 0 : port;
  scan->sequential_ = sequential;
  scan->answer_ = answer;
  scan->scanner_port_ = static_cast<uint16_t>(40000 + scan->seed_ % 20000);
  for (uint64_t t = 0; t < count; ++t) {
    const ScanReply reply = scan->replyOf(t);
    scan->expected_ += ProbeExchange::packets(scan->probe_kind_, reply);
    scan->answering_ += reply != ScanReply::kSilent;
  }
  return std::unique_ptr<Incident>(std::move(scan));
}

ScanReply HorizontalScan::replyOf(uint64_t target) const noexcept {
  const uint64_t h = hash2(seed_ + 1, target);
  if (static_cast<double>(h % 1000000) >= answer_ * 1e6) return ScanReply::kSilent;
  switch (probe_kind_) {
    case ScanProbe::kSyn:
    case ScanProbe::kSynEceCwr: return (h >> 32) % 2 == 0 ? ScanReply::kOpen : ScanReply::kClosed;
    case ScanProbe::kIcmpEcho: return ScanReply::kOpen;
    default: return ScanReply::kClosed;
  }
}

uint32_t HorizontalScan::emit(uint64_t /*ts_ns*/, uint8_t* out, FrameSummary& summary) noexcept {
  if (probe_.done()) {
    const uint64_t t = next_target_++;
    ProbeExchange::Setup s;
    s.probe = probe_kind_;
    s.reply = replyOf(t);
    s.scanner = scanner_;
    s.target = targets_.at(sequential_ ? t : order_.at(t));
    s.scanner_port = scanner_port_;
    s.target_port = port_;
    s.random = hash2(seed_ + 2, t);
    s.target_ttl = static_cast<uint8_t>(64 - 4 - s.random % 20);
    probe_.begin(s);
  }
  return probe_.emit(builder_, out, summary);
}

IncidentTruth HorizontalScan::truth() const {
  IncidentTruth t;
  t.attackers = {scanner_.toString()};
  t.victims = {targets_.toString()};
  t.protocol = std::string(scanProbeProtocol(probe_kind_));
  if (probe_kind_ != ScanProbe::kIcmpEcho) t.port = port_;
  t.extra["probe"] = scanProbeName(probe_kind_);
  t.extra["targets"] = count_;
  t.extra["answering_targets"] = answering_;
  t.extra["order"] = sequential_ ? "sequential" : "random";
  return t;
}

}  // namespace vigil::pcapgen
