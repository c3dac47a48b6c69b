// vigil-bench-read-loop: the bare libpcap baseline of tools/bench (pcap_next_ex, count packets and bytes).
//
// It is the floor every offline reader pays: libpcap's buffered fread plus one call per record and no
// look at the packet bytes. run.sh compares vigil-sensor against it ("vigil / bare read loop" target).
// Prints one JSON object on stdout; exits 1 when the file cannot be opened, 2 on bad usage. A read
// error mid-file (e.g. truncated last record) is reported on stderr and in the JSON, and exits 0,
// because the packets before it were read and counted like every other tool does.
#include <pcap/pcap.h>

#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>

namespace vigil::bench {
namespace {

struct LoopTotals {
  uint64_t packets = 0;
  uint64_t caplen_bytes = 0;
  uint64_t wire_bytes = 0;
  bool read_error = false;
};

// The measured loop: nothing but the libpcap call and three additions per record.
LoopTotals readAll(pcap_t* handle) {
  LoopTotals totals;
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int rc = 0;
  while ((rc = pcap_next_ex(handle, &header, &data)) == 1) {
    ++totals.packets;
    totals.caplen_bytes += header->caplen;
    totals.wire_bytes += header->len;
  }
  totals.read_error = rc == PCAP_ERROR;
  return totals;
}

int run(const char* path) {
  char error[PCAP_ERRBUF_SIZE] = {};
  const auto started = std::chrono::steady_clock::now();
  pcap_t* handle = pcap_open_offline(path, error);
  if (handle == nullptr) {
    std::fprintf(stderr, "vigil-bench-read-loop: %s: %s\n", path, error);
    return 1;
  }
  const LoopTotals totals = readAll(handle);
  if (totals.read_error) {
    std::fprintf(stderr, "vigil-bench-read-loop: %s: read error after %" PRIu64 " packets: %s\n", path,
                 totals.packets, pcap_geterr(handle));
  }
  pcap_close(handle);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double pps = seconds > 0 ? double(totals.packets) / seconds : 0.0;
  std::printf("{\"packets\": %" PRIu64 ", \"caplen_bytes\": %" PRIu64 ", \"wire_bytes\": %" PRIu64
              ", \"seconds\": %.6f, \"pps\": %.0f, \"read_error\": %s}\n",
              totals.packets, totals.caplen_bytes, totals.wire_bytes, seconds, pps,
              totals.read_error ? "true" : "false");
  return 0;
}

}  // namespace
}  // namespace vigil::bench

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: vigil-bench-read-loop FILE.pcap\n");
    return 2;
  }
  return vigil::bench::run(argv[1]);
}
