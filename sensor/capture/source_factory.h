// SourceFactory: turns a capture URI ("pcap:FILE", a bare path, "-") into the PacketSource that reads it.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "capture/packet_source.h"
#include "common/result.h"

namespace vigil::capture {

/// Builds (does not open) the source a URI names. Call open() on the result; that is where
/// missing or malformed inputs are reported.
///
/// URIs: "live:IFACE[?options]", "afpacket:IFACE[?options]", "pcap:FILE" or a bare FILE (a path with no "scheme:" prefix, or one that names an
/// existing file), where FILE "-" is standard input. A regular file starting with a classic
/// pcap magic gets the zero-copy MmapPcapSource; everything else (pcapng, stdin, FIFOs, missing
/// files) gets the libpcap-based PcapFileSource.
///
/// Errors (one line): "dpdk:0: capture backend 'dpdk' is not available in this build" for a
/// reserved scheme, "unknown capture source scheme 'foo' (expected pcap:, live:, afpacket:)",
/// "pcap: needs a file name (pcap:FILE, or pcap:- for stdin)".
///
/// Start-up only (may stat and read the first bytes of the file); any thread.
common::Result<std::unique_ptr<PacketSource>> makeSource(std::string_view uri);

/// makeSource for URIs that may name several sources: "afpacket:IFACE?fanout=N" gives N members of one
/// fanout group (one worker each); every other URI gives one.
common::Result<std::vector<std::unique_ptr<PacketSource>>> makeSources(std::string_view uri);

}  // namespace vigil::capture
