// LivePcapSource: libpcap live handle set-up, poll-then-dispatch bursts, kernel drop accounting.
#include "capture/live_pcap_source.h"

#include <pcap/pcap.h>
#include <poll.h>

#include <cstring>

#include "capture/source_options.h"

namespace vigil::capture {
namespace {

constexpr std::size_t kMaxBurst = 1024;  // frames the arena holds; bursts are at most this long

struct Dispatch {
  RawFrame* frames;
  std::size_t capacity;
  std::size_t count = 0;
  uint8_t* arena;
  uint32_t snaplen;
  SourceStats* stats;
};

void onPacket(u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
  auto* d = reinterpret_cast<Dispatch*>(user);
  if (d->count == d->capacity) return;  // cannot happen: dispatch asks for at most capacity
  uint8_t* slot = d->arena + d->count * d->snaplen;
  const uint32_t caplen = std::min(header->caplen, d->snaplen);
  std::memcpy(slot, bytes, caplen);
  RawFrame& f = d->frames[d->count++];
  f.data = slot;
  f.caplen = caplen;
  f.wirelen = header->len;
  // Nanosecond precision was requested at activation; tv_usec then holds nanoseconds.
  f.ts_ns = uint64_t(header->ts.tv_sec) * 1'000'000'000ull + uint64_t(header->ts.tv_usec);
  ++d->stats->received;
  d->stats->bytes += header->len;
}

}  // namespace

common::Result<LiveOptions> parseLiveOptions(std::string_view argument) {
  auto parsed = SourceOptions::parse("live", argument, "an interface name", "live:eth1");
  if (!parsed) return common::fail(parsed.error());
  LiveOptions o;
  o.interface = parsed->target();
  for (const auto& [key, value] : parsed->options()) {
    common::Result<uint64_t> n = uint64_t(0);
    common::Result<bool> on = true;
    if (key == "snaplen") {
      if ((n = parsed->number(key, value, 64, 262144))) o.snaplen = uint32_t(*n);
    } else if (key == "buffer") {
      if ((n = parsed->number(key, value, 1 << 20, 1ull << 31))) o.buffer_bytes = uint32_t(*n);
    } else if (key == "promisc") {
      if ((on = parsed->flag(key, value))) o.promiscuous = *on;
    } else if (key == "immediate") {
      if ((on = parsed->flag(key, value))) o.immediate = *on;
    } else if (key == "filter") {
      o.filter = value;
    } else {
      return common::fail(parsed->unknown(key, "snaplen, buffer, promisc, immediate, filter").error());
    }
    if (!n) return common::fail(n.error());
    if (!on) return common::fail(on.error());
  }
  return o;
}

LivePcapSource::LivePcapSource(LiveOptions options)
    : options_(std::move(options)), name_("live:" + options_.interface) {}

LivePcapSource::~LivePcapSource() {
  if (pcap_ != nullptr) pcap_close(pcap_);
}

common::Result<void> LivePcapSource::open() {
  char errbuf[PCAP_ERRBUF_SIZE] = {0};
  pcap_ = pcap_create(options_.interface.c_str(), errbuf);
  if (pcap_ == nullptr) return common::fail(name_ + ": " + errbuf);
  pcap_set_snaplen(pcap_, int(options_.snaplen));
  pcap_set_promisc(pcap_, options_.promiscuous ? 1 : 0);
  pcap_set_buffer_size(pcap_, int(options_.buffer_bytes));
  pcap_set_immediate_mode(pcap_, options_.immediate ? 1 : 0);
  pcap_set_timeout(pcap_, kPollMs);
  pcap_set_tstamp_precision(pcap_, PCAP_TSTAMP_PRECISION_NANO);
  if (const int rc = pcap_activate(pcap_); rc < 0) {
    // PCAP_ERROR_PERM_DENIED, NO_SUCH_DEVICE, ...: the message names the cause (CAP_NET_RAW, a typo).
    return common::fail(name_ + ": " + (rc == PCAP_ERROR ? pcap_geterr(pcap_) : pcap_statustostr(rc)));
  }
  const auto link = decode::linkTypeFromNumber(uint32_t(pcap_datalink(pcap_)));
  if (!link) {
    return common::fail(name_ + ": unsupported link type " + std::to_string(pcap_datalink(pcap_)) + " (" +
                        pcap_datalink_val_to_name(pcap_datalink(pcap_)) + ")");
  }
  link_type_ = *link;
  if (!options_.filter.empty()) {
    bpf_program program{};
    if (pcap_compile(pcap_, &program, options_.filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      return common::fail(name_ + ": filter '" + options_.filter + "': " + pcap_geterr(pcap_));
    }
    const int rc = pcap_setfilter(pcap_, &program);
    pcap_freecode(&program);
    if (rc != 0) return common::fail(name_ + ": filter: " + pcap_geterr(pcap_));
  }
  if (pcap_setnonblock(pcap_, 1, errbuf) != 0) return common::fail(name_ + ": " + errbuf);
  fd_ = pcap_get_selectable_fd(pcap_);
  arena_frames_ = kMaxBurst;
  arena_ = std::make_unique<uint8_t[]>(arena_frames_ * options_.snaplen);
  return {};
}

std::size_t LivePcapSource::receiveBurst(std::span<RawFrame> frames) {
  if (state_ != SourceState::kActive) return 0;
  Dispatch d{frames.data(), std::min(frames.size(), arena_frames_), 0, arena_.get(), options_.snaplen, &stats_};
  int rc = pcap_dispatch(pcap_, int(d.capacity), onPacket, reinterpret_cast<u_char*>(&d));
  if (rc == 0 && d.count == 0) {
    // Nothing pending: wait for the fd (immediate mode ignores pcap's own timeout, DEPENDENCIES 6).
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, kPollMs) > 0) rc = pcap_dispatch(pcap_, int(d.capacity), onPacket, reinterpret_cast<u_char*>(&d));
  }
  if (rc == PCAP_ERROR) {
    state_ = SourceState::kFailed;
    error_ = name_ + ": " + pcap_geterr(pcap_);
  }
  pcap_stat ps{};
  if (pcap_stats(pcap_, &ps) == 0) {
    stats_.dropped_kernel = ps.ps_drop;
    stats_.dropped_nic = ps.ps_ifdrop;
  }
  return d.count;
}

}  // namespace vigil::capture
