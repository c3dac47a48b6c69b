// VerticalScan: port ordering, open/closed replies and truth of a vertical scan.
#include "pcapgen/incidents/scan_vertical.h"

#include <algorithm>

#include "pcapgen/traffic/rng.h"

namespace vigil::pcapgen {

VerticalScan::VerticalScan(const IncidentContext& context, std::vector<uint16_t> ports, uint64_t count)
    : Incident(IncidentKind::kScanVertical),
      builder_(context.builder),
      seed_(deriveSeed(context.seed, 1000 + context.index)),
      ports_(std::move(ports)),
      open_(65536, false),
      order_(ports_.size(), seed_),
      count_(count) {}

common::Result<std::unique_ptr<Incident>> VerticalScan::create(IncidentParams& params,
                                                               const IncidentContext& context) {
  const net::IpAddress scanner = params.address("src", defaultHomeHost(context.index));
  const net::IpAddress target = params.address("dst", defaultRemoteServer(context.index));
  std::vector<uint16_t> ports = params.ports("ports", "1-1024");
  const std::vector<uint16_t> open = params.ports("open", "22,80,443");
  const auto probe = scanProbeFromName(params.choice("probe", "syn", {"syn", "syn-ece-cwr", "fin", "null", "xmas", "udp"}));
  const uint64_t available = ports.empty() ? 1 : ports.size();
  const uint64_t count = params.count("count", available, 1, available);
  if (params.ok() && target.isV4() != scanner.isV4()) params.fail("src and dst must be the same address family");
  if (!params.ok()) return common::fail(params.error());

  auto scan = std::unique_ptr<VerticalScan>(new VerticalScan(context, std::move(ports), count));
  scan->scanner_ = scanner;
  scan->target_ = target;
  scan->probe_kind_ = probe.value_or(ScanProbe::kSyn);
  scan->scanner_port_ = static_cast<uint16_t>(40000 + scan->seed_ % 20000);
  for (uint16_t p : open) scan->open_[p] = true;
  for (uint64_t i = 0; i < count; ++i) {
    scan->expected_ += ProbeExchange::packets(scan->probe_kind_, scan->replyOf(i));
    if (scan->open_[scan->portOf(i)]) scan->open_list_.push_back(scan->portOf(i));
  }
  std::sort(scan->open_list_.begin(), scan->open_list_.end());
  return std::unique_ptr<Incident>(std::move(scan));
}

ScanReply VerticalScan::replyOf(uint64_t i) const noexcept {
  const bool open = open_[portOf(i)];
  if (probe_kind_ == ScanProbe::kUdp) {
    return !open && hash2(seed_ + 1, i) % 5 == 0 ? ScanReply::kClosed : ScanReply::kSilent;
  }
  return open ? ScanReply::kOpen : ScanReply::kClosed;
}

uint32_t VerticalScan::emit(uint64_t /*ts_ns*/, uint8_t* out, FrameSummary& summary) noexcept {
  if (probe_.done()) {
    const uint64_t i = next_++;
    ProbeExchange::Setup s;
    s.probe = probe_kind_;
    s.reply = replyOf(i);
    s.scanner = scanner_;
    s.target = target_;
    s.scanner_port = scanner_port_;
    s.target_port = portOf(i);
    s.random = hash2(seed_ + 2, i);
    s.target_ttl = 51;
    probe_.begin(s);
  }
  return probe_.emit(builder_, out, summary);
}

IncidentTruth VerticalScan::truth() const {
  IncidentTruth t;
  t.attackers = {scanner_.toString()};
  t.victims = {target_.toString()};
  t.protocol = std::string(scanProbeProtocol(probe_kind_));
  t.extra["probe"] = scanProbeName(probe_kind_);
  t.extra["ports"] = count_;
  t.extra["open_ports"] = open_list_;
  return t;
}

}  // namespace vigil::pcapgen
