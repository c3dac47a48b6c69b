// SourceFactory: turns a capture URI ("pcap:FILE", a bare path, "-") into the PacketSource that reads it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "capture/packet_source.h"
#include "common/result.h"

namespace vigil::capture {

/// Settings that do not fit in a URI.
struct SourceSettings {
  std::vector<std::string> dpdk_eal;  // EAL arguments for dpdk: (the configuration's dpdk.eal list)
};

/// Builds (does not open) the sources a URI names: one per worker. Call open() on each (main thread,
/// before the workers start); that is where missing inputs, interfaces and permissions are reported.
///
/// URIs: "pcap:FILE" or a bare FILE (a path with no "scheme:" prefix, or one that names an existing
/// file), where FILE "-" is standard input; "live:IFACE?options"; "afpacket:IFACE?fanout=N&options"
/// (N members of one fanout group); "dpdk:PORT?queues=N&eal=ARGS" (N RX queues of one port, when the
/// build includes DPDK). A regular file starting with a classic pcap magic gets the
/// BufferedPcapSource; everything else (pcapng, stdin, FIFOs, missing files) the libpcap-based PcapFileSource.
///
/// Errors (one line): "dpdk:0: capture backend 'dpdk' is not available in this build",
/// "unknown capture source scheme 'foo' (expected pcap:, live:, afpacket:, dpdk:)",
/// "pcap: needs a file name (pcap:FILE, or pcap:- for stdin)", and each backend's option errors.
/// Start-up only (may stat and read the first bytes of a file); any thread.
common::Result<std::vector<std::unique_ptr<PacketSource>>> makeSources(std::string_view uri,
                                                                       const SourceSettings& settings = {});

/// makeSources for a URI that names exactly one source (fanout or several queues are an error).
common::Result<std::unique_ptr<PacketSource>> makeSource(std::string_view uri, const SourceSettings& settings = {});

/// Whether this build includes the backend of `scheme` ("dpdk").
bool hasBackend(std::string_view scheme);

}  // namespace vigil::capture
