// LivePcapSource: libpcap live handle set-up, poll-then-dispatch bursts, kernel drop accounting.
#include "capture/live_pcap_source.h"

#include <pcap/pcap.h>
#include <poll.h>

#include <charconv>
#include <cstring>

namespace vigil::capture {
namespace {

constexpr std::size_t kMaxBurst = 1024;  // frames the arena holds; bursts are at most this long

std::string decodeFilter(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size()) {
      unsigned value = 0;
      std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      out += char(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

common::Result<uint64_t> number(std::string_view key, std::string_view value, uint64_t lo, uint64_t hi) {
  uint64_t n = 0;
  std::string_view digits = value;
  uint64_t scale = 1;
  if (!digits.empty() && (digits.back() == 'K' || digits.back() == 'k')) scale = 1 << 10;
  if (!digits.empty() && (digits.back() == 'M' || digits.back() == 'm')) scale = 1 << 20;
  if (scale != 1) digits.remove_suffix(1);
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n * scale < lo || n * scale > hi) {
    return common::fail("live: '" + std::string(key) + "' must be a number from " + std::to_string(lo) + " to " +
                        std::to_string(hi) + " (got '" + std::string(value) + "')");
  }
  return n * scale;
}

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
  LiveOptions o;
  const std::size_t q = argument.find('?');
  o.interface = std::string(argument.substr(0, q));
  if (o.interface.empty()) return common::fail("live: needs an interface name (live:eth1)");
  std::string_view rest = q == std::string_view::npos ? std::string_view() : argument.substr(q + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (key == "snaplen") {
      auto n = number(key, value, 64, 262144);
      if (!n) return common::fail(n.error());
      o.snaplen = uint32_t(*n);
    } else if (key == "buffer") {
      auto n = number(key, value, 1 << 20, 1ull << 31);
      if (!n) return common::fail(n.error());
      o.buffer_bytes = uint32_t(*n);
    } else if (key == "promisc" || key == "immediate") {
      if (value != "0" && value != "1") {
        return common::fail("live: '" + std::string(key) + "' must be 0 or 1 (got '" + std::string(value) + "')");
      }
      (key == "promisc" ? o.promiscuous : o.immediate) = value == "1";
    } else if (key == "filter") {
      o.filter = decodeFilter(value);
    } else {
      return common::fail("live: unknown option '" + std::string(key) +
                          "' (expected snaplen, buffer, promisc, immediate, filter)");
    }
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
