// HostCounters: everything counted about one host in one tick (or summed over a window), and how a packet adds to it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "decode/packet_view.h"
#include "flow/distinct_counter.h"
#include "flow/packet_class.h"
#include "flow/top_peers.h"

namespace vigil::flow {

/// Well-known service ports counted per host (DNS, NTP, SSDP, memcached, CLDAP, SNMP, chargen — the
/// amplification vectors — then SSH, telnet, RDP, FTP, SMTP, SMB for brute force and spam).
inline constexpr uint16_t kServicePorts[] = {53, 123, 1900, 11211, 389, 161, 19, 22, 23, 3389, 21, 25, 445};
inline constexpr size_t kServicePortCount = 13;
static_assert(sizeof(kServicePorts) / sizeof(kServicePorts[0]) == kServicePortCount);

namespace detail {
// A collision-free multiplicative hash of the service ports into 64 slots, found at compile time, so the
// per-packet lookup is one multiply, one load and one compare instead of a scan of 13 ports.
struct ServicePortIndex {
  uint32_t multiplier = 0;
  std::array<uint16_t, 64> port{};
  std::array<int8_t, 64> index{};
};
consteval ServicePortIndex buildServicePortIndex() {
  // Candidates from a Weyl sequence: consecutive odd numbers would give nearly identical top bits.
  for (uint64_t k = 1;; ++k) {
    const uint32_t mul = uint32_t((k * 0x9e3779b97f4a7c15ULL) >> 32) | 1u;
    ServicePortIndex t;
    t.multiplier = mul;
    t.index.fill(-1);
    bool ok = true;
    for (size_t i = 0; i < kServicePortCount && ok; ++i) {
      const uint32_t slot = (uint32_t(kServicePorts[i]) * mul) >> 26;
      if (t.index[slot] >= 0) ok = false;
      t.port[slot] = kServicePorts[i];
      t.index[slot] = int8_t(i);
    }
    if (ok) return t;
  }
}
inline constexpr ServicePortIndex kServicePortIndex = buildServicePortIndex();
}  // namespace detail

/// Index of `port` in kServicePorts, or -1.
constexpr int servicePortIndex(uint16_t port) noexcept {
  const uint32_t slot = (uint32_t(port) * detail::kServicePortIndex.multiplier) >> 26;
  return detail::kServicePortIndex.port[slot] == port ? detail::kServicePortIndex.index[slot] : -1;
}

/// The flag counters (tcp .. fragments, in DirectionCounters' order) that one packet of a given
/// PacketClass adds, zero-padded to three vectors of four: the padding adds nothing to service[0..1].
struct alignas(16) ClassIncrement {
  uint32_t flags[12] = {};

  static constexpr ClassIncrement of(uint8_t c) noexcept {
    ClassIncrement inc;
    const int protocol = packet_class::protocolOf(c);
    // Later fragments carry no TCP header and no ICMP type: their flags and types are unknown (0).
    const uint8_t f = packet_class::tcpFlagsOf(c);
    const uint8_t syn_ack = f & (decode::kTcpSyn | decode::kTcpAck);
    inc.flags[0] = protocol == 6;
    inc.flags[1] = syn_ack == decode::kTcpSyn;
    inc.flags[2] = syn_ack == (decode::kTcpSyn | decode::kTcpAck);
    inc.flags[3] = (f & decode::kTcpRst) != 0;
    inc.flags[4] = (f & decode::kTcpFin) != 0;
    inc.flags[5] = protocol == 6 && !packet_class::isLaterFragment(c) &&
                   (f & (decode::kTcpSyn | decode::kTcpAck | decode::kTcpRst)) == 0;
    inc.flags[6] = protocol == 17;
    inc.flags[7] = protocol == 1 || protocol == 58;
    inc.flags[8] = packet_class::isEchoRequest(c);
    inc.flags[9] = packet_class::isFragment(c);
    return inc;
  }
};

namespace detail {
consteval std::array<ClassIncrement, packet_class::kCount> buildClassIncrements() {
  std::array<ClassIncrement, packet_class::kCount> t{};
  for (std::size_t c = 0; c < t.size(); ++c)
    t[c] = ClassIncrement::of(uint8_t(c));
  return t;
}
inline constexpr std::array<ClassIncrement, packet_class::kCount> kClassIncrements = buildClassIncrements();
}  // namespace detail

/// What one packet adds to DirectionCounters before its service ports: one packet, its wire bytes, and
/// the flags of its class. It is the same for its source's "out" side and its destination's "in" side,
/// so the worker works it out once per packet, as a row of a table (no branch on protocol or flags),
/// and adds it to both hosts as a few vector adds.
struct PacketIncrement {
  uint64_t bytes = 0;
  const ClassIncrement* flags = &detail::kClassIncrements[packet_class::kOtherIp];  // a row of zeros

  static PacketIncrement of(const decode::PacketView& pv) noexcept { return of(pv, packet_class::of(pv)); }
  /// The same when the packet's class (packet_class::of(pv)) is already known.
  static PacketIncrement of(const decode::PacketView& pv, uint8_t packet_class) noexcept {
    return PacketIncrement{pv.wire_len, &detail::kClassIncrements[packet_class]};
  }
};

/// One direction of one host, for one tick (or a window sum). Plain counters, trivially copyable.
struct DirectionCounters {
  uint64_t packets = 0;
  uint64_t bytes = 0;    // wire_len
  uint32_t tcp = 0;      // every TCP packet, later fragments included (as tcpdump's "tcp")
  uint32_t syn = 0;      // SYN without ACK
  uint32_t syn_ack = 0;  // SYN with ACK
  uint32_t rst = 0;
  uint32_t fin = 0;
  uint32_t probe = 0;      // TCP with none of SYN, ACK, RST: FIN, NULL and XMAS scan probes
  uint32_t udp = 0;        // every UDP packet, later fragments included
  uint32_t icmp = 0;       // ICMP and ICMPv6
  uint32_t icmp_echo = 0;  // ICMP echo request / ICMPv6 echo request (ping sweeps)
  uint32_t fragments = 0;  // packets that are part of a fragmented datagram (first or later)
  /// Packets per kServicePorts entry whose PEER's port is that service, only for packets with ports
  /// (TCP/UDP, not later fragments):
  ///  - "out" (host is the source): the packet's DESTINATION port, i.e. the host talked to that service;
  ///  - "in" (host is the destination): the packet's SOURCE port, i.e. the host received from that
  ///    service, e.g. DNS answers (source port 53) arriving at a reflection victim.
  uint32_t service[kServicePortCount] = {};
  /// The same, by the HOST's own port: "out" = the host answered as that service (source port), e.g. an
  /// abused reflector's responses; "in" = requests to the host's service (destination port).
  uint32_t served[kServicePortCount] = {};

  inline void add(const DirectionCounters& o) noexcept;
  /// Counts one packet given its increment (PacketIncrement::of) and the kServicePorts indexes (or -1)
  /// of the peer's port (selects service[]) and of the host's own port (served[]).
  inline void count(const PacketIncrement& inc, int service_index, int served_index) noexcept;
  /// The same from the packet itself; `service_port` is the peer's port, `own_port` the host's.
  void count(const decode::PacketView& pv, uint16_t service_port, uint16_t own_port) noexcept {
    const bool ports = pv.hasPorts();
    count(PacketIncrement::of(pv), ports ? servicePortIndex(service_port) : -1,
          ports ? servicePortIndex(own_port) : -1);
  }
};

/// TCP connection outcomes (flow_table.h decides them), for the host as client (conn_out) or server (conn_in).
struct ConnectionCounters {
  uint32_t attempts = 0;     // client SYN seen (once per connection, retransmissions not counted)
  uint32_t completed = 0;    // SYN, SYN-ACK, then the client's ACK
  uint32_t short_lived = 0;  // completed and closed (FIN/RST) or expired within short_connection_ns
  uint32_t refused = 0;      // server answered the SYN with RST
  uint32_t unanswered = 0;   // SYN seen, nothing ever came back before the flow timed out
  uint32_t flows = 0;        // new flow records of any protocol with the host as initiator / responder
  uint32_t ssh = 0;          // connections whose server's first payload is an SSH banner ("SSH-"), any port

  void add(const ConnectionCounters& o) noexcept {
    attempts += o.attempts;
    completed += o.completed;
    short_lived += o.short_lived;
    refused += o.refused;
    unanswered += o.unanswered;
    flows += o.flows;
    ssh += o.ssh;
  }
};

namespace detail {
/// Adds `vectors` groups of four uint32_t at `src` to those at `dst`, as vectors of four 32-bit lanes
/// (SSE2 on any x86-64, NEON on ARM). Left to itself, GCC adds arrays one element at a time, since the
/// two may be the same object.
template <std::size_t kVectors>
inline void addU32Vectors(void* dst, const void* src) noexcept {
  using U32x4 = uint32_t __attribute__((vector_size(16)));
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
#pragma GCC unroll 16
  for (std::size_t off = 0; off < kVectors * sizeof(U32x4); off += sizeof(U32x4)) {
    U32x4 x;
    U32x4 y;
    std::memcpy(&x, d + off, sizeof x);
    std::memcpy(&y, s + off, sizeof y);
    x += y;
    std::memcpy(d + off, &x, sizeof x);
  }
}
/// Adds the counters at `src` to those at `dst`: two uint64_t sums as one pair of 64-bit lanes, then
/// kVectors groups of four uint32_t sums.
template <std::size_t kVectors>
inline void addCounterLanes(void* dst, const void* src) noexcept {
  using U64x2 = uint64_t __attribute__((vector_size(16)));
  U64x2 a;
  U64x2 b;
  std::memcpy(&a, dst, sizeof a);
  std::memcpy(&b, src, sizeof b);
  a += b;
  std::memcpy(dst, &a, sizeof a);
  addU32Vectors<kVectors>(static_cast<unsigned char*>(dst) + sizeof a,
                          static_cast<const unsigned char*>(src) + sizeof a);
}
}  // namespace detail

// Every field after `bytes` is a uint32_t sum: the struct adds as two 64-bit lanes and nine vectors. The
// aggregator adds these per host and tick into the window and per host and view out of it.
static_assert(sizeof(DirectionCounters) == 2 * sizeof(uint64_t) + (10 + 2 * kServicePortCount) * sizeof(uint32_t) &&
                  offsetof(DirectionCounters, tcp) == 2 * sizeof(uint64_t),
              "DirectionCounters::add assumes two uint64_t sums, then only uint32_t sums, without padding");
inline void DirectionCounters::add(const DirectionCounters& o) noexcept {
  detail::addCounterLanes<(sizeof(DirectionCounters) - 2 * sizeof(uint64_t)) / (4 * sizeof(uint32_t))>(this, &o);
}

static_assert(offsetof(DirectionCounters, fragments) == offsetof(DirectionCounters, tcp) + 9 * sizeof(uint32_t) &&
                  offsetof(DirectionCounters, service) + 2 * sizeof(uint32_t) ==
                      offsetof(DirectionCounters, tcp) + sizeof(ClassIncrement),
              "ClassIncrement covers tcp .. fragments and pads into service[0..1]");
inline void DirectionCounters::count(const PacketIncrement& inc, int service_index, int served_index) noexcept {
  using U64x2 = uint64_t __attribute__((vector_size(16)));
  U64x2 totals;
  std::memcpy(&totals, &packets, sizeof totals);
  totals += U64x2{1, inc.bytes};
  std::memcpy(&packets, &totals, sizeof totals);
  detail::addU32Vectors<sizeof(ClassIncrement) / (4 * sizeof(uint32_t))>(&tcp, inc.flags->flags);
  if (service_index >= 0) ++service[service_index];
  if (served_index >= 0) ++served[served_index];
}

/// Everything known about one host in one tick. The distinct counters' dense registers live in the
/// SketchPool of the table holding this struct (see DistinctCounter), so copies are views that stay
/// valid only while that table is not cleared.
/// Field order is laid out for the worker, which updates the "out" side of a packet's source and the
/// "in" side of its destination: what every packet touches on one side (top peers, then the leading
/// packet, byte and protocol counters of DirectionCounters) shares one aligned pair of cache lines, so
/// a host costs two lines per packet, both prefetched together (HostTable::prefetchRecord). Service
/// counters (on a match), connections (on outcomes) and distinct sets (a flow's first packet in a
/// tick) fill the lines around them. The static_asserts below keep the pairs in place.
struct HostCounters {
  TopPeers top_out;             // the hosts it sent most packets to
  DirectionCounters out;        // host is the packet's source
  ConnectionCounters conn_out;  // host as client
  DistinctCounter peers_out;    // distinct remote hosts this host sent to
  DistinctCounter ports_out;    // distinct destination ports this host sent to
  ConnectionCounters conn_in;   // host as server
  DistinctCounter peers_in;     // distinct remote hosts that sent to this host
  TopPeers top_in;              // the hosts that sent it most packets
  DirectionCounters in;         // host is the packet's destination
  DistinctCounter ports_in;     // distinct local (destination) ports hit on this host

  /// Numeric counters only (direction and connection counters), for windows that sum ticks.
  void addNumbers(const HostCounters& o) noexcept {
    out.add(o.out);
    in.add(o.in);
    conn_out.add(o.conn_out);
    conn_in.add(o.conn_in);
  }
  /// Numbers plus the top-peer summaries.
  void addNumbersAndPeers(const HostCounters& o) noexcept {
    addNumbers(o);
    top_out.merge(o.top_out);
    top_in.merge(o.top_in);
  }
  /// Everything: numbers plus distinct-set unions, growing into `pools` where needed.
  void merge(const HostCounters& o, DistinctPools& pools) noexcept {
    addNumbersAndPeers(o);
    peers_out.merge(o.peers_out, pools);
    peers_in.merge(o.peers_in, pools);
    ports_out.merge(o.ports_out, pools);
    ports_in.merge(o.ports_in, pools);
  }
  /// Returns the distinct counters' blocks to `pools`.
  void releaseSketches(DistinctPools& pools) noexcept {
    peers_out.release(pools);
    peers_in.release(pools);
    ports_out.release(pools);
    ports_in.release(pools);
  }
};

/// Bytes of DirectionCounters that count() touches for every packet: everything before service[].
inline constexpr std::size_t kDirectionHotBytes = offsetof(DirectionCounters, service);
/// Offsets of the two line pairs that every packet updates, for prefetching; see HostCounters.
inline constexpr std::size_t kOutHotOffset = offsetof(HostCounters, top_out);
inline constexpr std::size_t kInHotOffset = offsetof(HostCounters, top_in);
static_assert(kOutHotOffset % 128 == 0 && offsetof(HostCounters, out) + kDirectionHotBytes <= kOutHotOffset + 128 &&
                  kInHotOffset % 128 == 0 && offsetof(HostCounters, in) + kDirectionHotBytes <= kInHotOffset + 128,
              "each side's top peers and per-packet counters fill one aligned pair of cache lines");

}  // namespace vigil::flow
