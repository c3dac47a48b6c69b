// LivePcapSource: live capture from a network interface through libpcap (live:IFACE?options).
#pragma once

#include <memory>
#include <string>

#include "capture/packet_source.h"

struct pcap;  // libpcap's pcap_t

namespace vigil::capture {

/// Options of a live:IFACE?key=value&... URI.
struct LiveOptions {
  std::string interface;
  uint32_t snaplen = 2048;           // bytes kept per frame; small enough for immediate mode (DEPENDENCIES 6)
  uint32_t buffer_bytes = 64 << 20;  // kernel ring
  bool promiscuous = true;
  bool immediate = true;  // deliver packets at once instead of filling kernel blocks first
  std::string filter;     // BPF expression; empty = everything
};

/// Parses "IFACE?snaplen=N&buffer=64M&promisc=0&immediate=1&filter=EXPR" ('+' or %20 for spaces in the
/// filter); errors name the key and the value.
common::Result<LiveOptions> parseLiveOptions(std::string_view argument);

/// pcap_create/activate with the options, non-blocking, waiting with poll() on the selectable fd (so a
/// quiet link returns 0 frames every 100 ms and the worker can close ticks and see stop requests).
/// libpcap lends each packet only for the duration of its callback, so frames are copied into an arena
/// allocated in open() (burst capacity x snaplen); no allocation after open(). Kernel drops come from
/// pcap_stats, read once per burst. Thread: owned by one worker.
class LivePcapSource final : public PacketSource {
 public:
  static constexpr int kPollMs = 100;

  explicit LivePcapSource(LiveOptions options);
  ~LivePcapSource() override;
  LivePcapSource(const LivePcapSource&) = delete;
  LivePcapSource& operator=(const LivePcapSource&) = delete;

  common::Result<void> open() override;
  std::size_t receiveBurst(std::span<RawFrame> frames) override;
  SourceState state() const override { return state_; }
  const std::string& error() const override { return error_; }
  SourceStats stats() const override { return stats_; }
  decode::LinkType linkType() const override { return link_type_; }
  const std::string& name() const override { return name_; }
  bool live() const override { return true; }

 private:
  const LiveOptions options_;
  std::string name_;
  pcap* pcap_ = nullptr;
  int fd_ = -1;
  std::unique_ptr<uint8_t[]> arena_;
  std::size_t arena_frames_ = 0;
  SourceState state_ = SourceState::kActive;
  std::string error_;
  SourceStats stats_;
  decode::LinkType link_type_{};
};

}  // namespace vigil::capture
