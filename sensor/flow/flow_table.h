// FlowTable: fixed-capacity 5-tuple table that follows TCP handshakes and reports connection outcomes to host counters.
#pragma once

#include <cstddef>
#include <cstdint>

#include "decode/packet_view.h"
#include "flow/flow_hash.h"
#include "flow/host_counters.h"
#include "flow/host_table.h"
#include "flow/large_array.h"
#include "flow/state_config.h"
#include "net/ip_address.h"

namespace vigil::flow {

/// Outcome bits returned by FlowTable::update and applied to ConnectionCounters.
enum FlowOutcome : uint8_t {
  kOutcomeNewFlow = 0x01,     // a flow record was created (ConnectionCounters::flows)
  kOutcomeAttempt = 0x02,     // first client SYN of a connection
  kOutcomeCompleted = 0x04,   // client ACK after SYN and SYN-ACK
  kOutcomeRefused = 0x08,     // server RST after the SYN, before any SYN-ACK
  kOutcomeShortLived = 0x10,  // completed, then closed or expired within short_connection_ns
  kOutcomeUnanswered = 0x20,  // SYN seen, no packet ever came back, flow expired
  kOutcomeSsh = 0x40,         // the server's first payload is an SSH banner ("SSH-"), whatever the port
};

/// Adds the outcome bits `o` to `c` (the client's conn_out or the server's conn_in).
inline void addOutcomes(ConnectionCounters& c, uint8_t o) noexcept {
  c.flows += (o & kOutcomeNewFlow) != 0;
  c.attempts += (o & kOutcomeAttempt) != 0;
  c.completed += (o & kOutcomeCompleted) != 0;
  c.refused += (o & kOutcomeRefused) != 0;
  c.short_lived += (o & kOutcomeShortLived) != 0;
  c.unanswered += (o & kOutcomeUnanswered) != 0;
  c.ssh += (o & kOutcomeSsh) != 0;
}

/// Bidirectional 5-tuple flows (address, address, port, port, protocol). Both directions of a flow map
/// to one entry (endpoints stored in a canonical order); the client is the sender of the first packet,
/// or its receiver when that first packet is a SYN-ACK (capture started mid-handshake). ICMP and other
/// port-less protocols use ports 0; later IP fragments carry no ports and are not tracked as flows
/// (hosts still count them).
///
/// TCP outcomes, each reported once per connection: attempt (client SYN), completed (SYN, SYN-ACK,
/// client ACK), refused (server RST before any SYN-ACK), short-lived (completed and closed by FIN/RST,
/// or expired, within short_connection_ns of the first packet), unanswered (SYN seen and nothing at all
/// from the server when the flow expires). A SYN on a closed flow starts a new connection on the same
/// entry (port reuse). Only what the sensor sees counts: with asymmetric routing every SYN is
/// "unanswered" — detectors should prefer attempts-based measures there.
///
/// Storage: open addressing, linear probing, at most kProbeLimit slots per lookup, one 64-byte entry per
/// slot (one cache line). Beside the entries, one tag byte per slot (0 = free, else 8 bits of the flow's
/// hash) lets a lookup read the kProbeLimit tags of its window as one word and open only the entries
/// whose tag matches: a loaded table's clusters would otherwise cost a cache line per slot passed, most
/// of them flows long idle and out of cache (on the bench's 100 s of traffic, which keeps about half of
/// the default 512 Ki slots in use, 56 % of packets found their flow past its home slot, 1.75 slots on
/// average). When a new flow's probe window
/// is full, the least recently seen flow of the window is evicted and counted; evicted flows report no final outcome
/// (unknown). Linear-probing clusters make some inserts evict early (about 0.5 % at 50 % load, 3 % at 70 %), so size
/// flow_capacity at about twice the flows expected within the idle timeout. Expiry is incremental: each expire() call
/// visits flowSlots() / flowSweepTicks() slots (removing with backward shift, so no tombstones accumulate). Idle
/// timeout for open flows, min(idle, short_connection_ns) for closed ones, active timeout for flows older than
/// flow_active_timeout_ns (they end and the next packet starts a new record without handshake). Nothing allocates after
/// the constructor. One thread (the worker).
class FlowTable {
 public:
  static constexpr uint32_t kProbeLimit = 8;

  /// TCP state bits of a Flow.
  enum State : uint8_t {
    kSynSeen = 0x01,      // client sent SYN
    kSynAckSeen = 0x02,   // server sent SYN-ACK
    kEstablished = 0x04,  // client ACKed the SYN-ACK
    kReplied = 0x08,      // server sent anything (any protocol)
    kRefused = 0x10,
    kClosed = 0x20,        // FIN or RST after establishment, or refused
    kShortCounted = 0x40,  // short-lived already reported
    kBannerSeen = 0x80,    // the server's first payload was looked at (SSH banner)
  };

  /// One flow, as stored (64 bytes).
  class alignas(64) Flow {
   public:
    const net::IpAddress& client() const noexcept { return clientIsB() ? b_ : a_; }
    const net::IpAddress& server() const noexcept { return clientIsB() ? a_ : b_; }
    uint16_t clientPort() const noexcept { return clientIsB() ? portB() : portA(); }
    uint16_t serverPort() const noexcept { return clientIsB() ? portA() : portB(); }
    uint8_t protocol() const noexcept { return uint8_t(tuple_ >> 32); }
    uint8_t state() const noexcept { return uint8_t(tuple_ >> kStateShift); }
    uint64_t firstNs() const noexcept { return first_ns_; }
    uint64_t lastNs() const noexcept { return last_ns_; }
    uint32_t packetsFromClient() const noexcept { return packets_[0]; }
    uint32_t packetsFromServer() const noexcept { return packets_[1]; }

   private:
    friend class FlowTable;
    uint16_t portA() const noexcept { return uint16_t(tuple_); }
    uint16_t portB() const noexcept { return uint16_t(tuple_ >> 16); }
    bool used() const noexcept { return (tuple_ & kUsedBit) != 0; }
    bool clientIsB() const noexcept { return (tuple_ & kClientIsBBit) != 0; }

    net::IpAddress a_;  // canonical order: (a_, port a) <= (b_, port b)
    net::IpAddress b_;
    // bits 0-15 port a, 16-31 port b, 32-39 protocol, 40 used, 41 client is b, 42-48 and 49-55 the tick
    // epoch of the last packet from a and from b, 56-63 State
    uint64_t tuple_ = 0;
    uint64_t first_ns_ = 0;
    uint64_t last_ns_ = 0;
    uint32_t packets_[2] = {0, 0};  // client -> server, server -> client
  };
  static_assert(sizeof(Flow) == 64);

  /// What one packet did: outcome bits for the client's conn_out and the server's conn_in, and whether
  /// this is the flow's first packet in this direction in the current tick (epoch). Later packets of
  /// the same flow and direction carry the same peer and port, so distinct sets need not see them.
  /// Packed into one integer: returned in a register (a struct of bytes went through the stack and
  /// cost a store-forwarding stall per packet).
  class Update {
   public:
    constexpr Update() = default;
    constexpr Update(uint8_t outcomes, bool src_is_client, bool first_in_tick)
        : bits_(uint32_t(outcomes) | uint32_t(src_is_client) << 8 | uint32_t(first_in_tick) << 9) {}
    constexpr uint8_t outcomes() const noexcept { return uint8_t(bits_); }
    constexpr bool srcIsClient() const noexcept { return (bits_ >> 8) & 1; }
    constexpr bool firstInTick() const noexcept { return (bits_ >> 9) & 1; }

   private:
    uint32_t bits_ = 0x300;  // no outcome, source is client, first in tick
  };
  /// Tick epochs cycle through 1..kMaxEpoch (0 = never); WorkerState advances it with each tick table.
  static constexpr uint8_t kMaxEpoch = 127;

  explicit FlowTable(const StateConfig& config);
  FlowTable(const FlowTable&) = delete;
  FlowTable& operator=(const FlowTable&) = delete;

  /// Canonical key of a 5-tuple: a/b endpoints (pointing into the caller's addresses, which must stay
  /// valid while the key is used) and the packed ports/protocol, with its hash.
  struct Key {
    const net::IpAddress* a;
    const net::IpAddress* b;
    uint64_t tuple;  // key bits only
    uint64_t hash;
    bool src_is_a;
  };
  static Key keyOf(const net::IpAddress& src, const net::IpAddress& dst, uint16_t src_port, uint16_t dst_port,
                   uint8_t protocol, uint64_t src_hash, uint64_t dst_hash) noexcept {
    Key k;
    // Any total order of endpoints works; integer compares of the address halves are the cheapest. Which
    // side is smaller is random from packet to packet: combined as bits, not chained as branches.
    const bool dst_less =
        (dst.hi() < src.hi()) |
        ((dst.hi() == src.hi()) & ((dst.lo() < src.lo()) | ((dst.lo() == src.lo()) & (dst_port < src_port))));
    k.src_is_a = !dst_less;
    // Endpoint a is the source (index 0) or the destination (1): picked by index, not by branches.
    const unsigned ia = dst_less;
    const net::IpAddress* const ends[2] = {&src, &dst};
    const uint16_t ports[2] = {src_port, dst_port};
    const uint64_t hashes[2] = {src_hash, dst_hash};
    k.a = ends[ia];
    k.b = ends[ia ^ 1];
    k.tuple = uint64_t(ports[ia]) | uint64_t(ports[ia ^ 1]) << 16 | uint64_t(protocol) << 32;
    k.hash = hashFlow(hashes[ia], hashes[ia ^ 1], k.tuple);
    return k;
  }
  /// The key of a packet's flow (ports 0 for port-less packets).
  static Key keyOf(const decode::PacketView& pv, uint64_t src_hash, uint64_t dst_hash) noexcept {
    const bool ports = pv.hasPorts();
    return keyOf(pv.src, pv.dst, ports ? pv.src_port : 0, ports ? pv.dst_port : 0, pv.protocol, src_hash, dst_hash);
  }

  /// Hints the CPU to fetch the tags of key `k`'s probe window and its home slot, where the flow most
  /// likely is (callers working a few packets ahead).
  void prefetch(const Key& k) const noexcept {
    const uint32_t home = uint32_t(k.hash) & mask_;
    __builtin_prefetch(&tags_[home]);
    __builtin_prefetch(&entries_[home], 1);
  }
  /// Faults in the whole slot and tag arrays (traffic reaches every page of them within seconds: slots
  /// are hashed). Any thread, even while the owner works: see LargeArray::populate.
  void populateSlots() const noexcept {
    (void)entries_.populate();
    (void)tags_.populate();
  }

  /// THE per-packet call: one probe, O(kProbeLimit). `src_hash`/`dst_hash` are hashAddress() of the
  /// packet's addresses (computed once per packet by the caller); `epoch` identifies the current tick.
  Update update(const decode::PacketView& pv, uint64_t src_hash, uint64_t dst_hash, uint8_t epoch = 1) noexcept {
    return update(pv, keyOf(pv, src_hash, dst_hash), epoch);
  }
  /// Same, with the key already computed by keyOf(pv, ...).
  Update update(const decode::PacketView& pv, const Key& k, uint8_t epoch) noexcept;

  /// Incremental expiry: visits the next flowSlots() / flowSweepTicks() slots. Outcomes of expired
  /// flows (unanswered, short-lived) are added to `hosts` (the current tick table) at `now_ns`.
  void expire(uint64_t now_ns, HostTable& hosts) noexcept;
  /// One pass over the whole table with the same timeouts (tests, and callers that can afford it).
  void expireAll(uint64_t now_ns, HostTable& hosts) noexcept;
  /// Ends every flow now, timed out or not, reporting outcomes as expiry would (end of input).
  void flush(uint64_t now_ns, HostTable& hosts) noexcept;

  /// The flow of this 5-tuple in either direction, or nullptr.
  const Flow* find(const net::IpAddress& src, const net::IpAddress& dst, uint16_t src_port, uint16_t dst_port,
                   uint8_t protocol) const noexcept;
  /// f(const Flow&) for every flow. O(capacity).
  template <class F>
  void forEach(F&& f) const {
    for (std::size_t i = 0; i <= mask_; ++i) {
      if (entries_[i].used()) f(entries_[i]);
    }
  }

  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return std::size_t(mask_) + 1; }
  uint64_t evictions() const noexcept { return evictions_; }
  uint64_t created() const noexcept { return created_; }
  uint64_t expiredIdle() const noexcept { return expired_idle_; }
  uint64_t expiredActive() const noexcept { return expired_active_; }

  static std::size_t memoryBytes(const StateConfig& config);

 private:
  static constexpr uint64_t kUsedBit = uint64_t(1) << 40;
  static constexpr uint64_t kClientIsBBit = uint64_t(1) << 41;
  static constexpr uint64_t kKeyMask = (uint64_t(1) << 40) - 1;  // ports + protocol
  static constexpr int kEpochAShift = 42;
  static constexpr int kEpochBShift = 49;
  static constexpr int kStateShift = 56;
  /// Expiry reads the slots in order: this many slots ahead are hinted to the cache.
  static constexpr uint32_t kSweepAhead = 16;

  static bool matches(const Flow& e, const Key& k) noexcept {
    return (e.tuple_ & (kKeyMask | kUsedBit)) == (k.tuple | kUsedBit) && e.a_ == *k.a && e.b_ == *k.b;
  }
  /// The tag of a flow hash: its top byte (the slot index uses the low bits), never 0 (a free slot).
  static uint8_t tagOf(uint64_t hash) noexcept {
    const uint8_t t = uint8_t(hash >> 56);
    return uint8_t(t + (t == 0));
  }
  static constexpr uint32_t kNotFound = UINT32_MAX;
  /// The slot holding the flow of `k`, or kNotFound; `free_slots` gets the window's free slots, one bit
  /// per byte of tagWindow() as zeroBytes() in flow_table.cc flags them.
  uint32_t lookup(const Key& k, uint64_t& free_slots) const noexcept;
  /// The kProbeLimit tags from `home` on, one per byte, the slot at `home` in the lowest.
  uint64_t tagWindow(uint32_t home) const noexcept;
  void setTag(uint32_t slot, uint8_t tag) noexcept {
    tags_[slot] = tag;
    // The first kProbeLimit - 1 tags are repeated after the last, so a window that wraps reads as one word.
    if (slot < kProbeLimit - 1) tags_[std::size_t(mask_) + 1 + slot] = tag;
  }
  uint32_t homeOf(const Flow& e) const noexcept;
  void start(Flow& e, const Key& k, bool client_is_src, uint64_t ts_ns) noexcept;
  /// Visits `slots` slots from the cursor; with `all`, every flow ends regardless of timeouts.
  void sweep(uint64_t now_ns, HostTable& hosts, std::size_t slots, bool all) noexcept;
  /// Reports the final outcomes of `e` (unanswered, short-lived) to `hosts`.
  void finish(const Flow& e, uint64_t now_ns, HostTable& hosts) const noexcept;
  void removeAt(uint32_t slot) noexcept;
  /// Marks `slot` free (entry and tag) and counts the flow gone.
  void freeSlot(uint32_t slot) noexcept {
    entries_[slot].tuple_ = 0;
    setTag(slot, 0);
    --size_;
  }

  const uint32_t mask_;
  const uint64_t idle_timeout_ns_;
  const uint64_t closed_timeout_ns_;
  const uint64_t active_timeout_ns_;
  const uint64_t short_ns_;
  const uint64_t epoch_horizon_ns_;  // an epoch older than this may have wrapped around
  const uint32_t sweep_slots_;
  LargeArray<Flow> entries_;
  LargeArray<uint8_t> tags_;  // flowSlots() + kProbeLimit - 1, see setTag()
  std::size_t size_ = 0;
  uint32_t cursor_ = 0;
  uint64_t evictions_ = 0;
  uint64_t created_ = 0;
  uint64_t expired_idle_ = 0;
  uint64_t expired_active_ = 0;
};

}  // namespace vigil::flow
