// FlowTable: probing, TCP handshake tracking, incremental expiry with backward-shift removal.
#include "flow/flow_table.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "flow/flow_hash.h"
#include "flow/packet_class.h"

namespace vigil::flow {
namespace {

constexpr uint8_t kTcp = 6;

/// Byte-wise tests on a word of eight tags: the high bit of each byte that is zero, and no other bit.
/// Exact (no borrow crosses bytes), unlike the shorter (x - 0x01..) & ~x trick.
constexpr uint64_t kLowBits = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;
constexpr uint64_t zeroBytes(uint64_t x) noexcept {
  return ~((((x & ~kHighBits) + ~kHighBits) | x)) & kHighBits;
}
/// Slot offset (0..7) of the lowest byte flagged by zeroBytes().
constexpr uint32_t firstByte(uint64_t flags) noexcept {
  return uint32_t(std::countr_zero(flags)) >> 3;
}

/// What one packet does to a flow's TCP state and outcomes, as a function of the four state bits the
/// decisions read (kSynSeen, kSynAckSeen, kEstablished, kClosed), its direction, whether it is TCP, and
/// its FIN/SYN/RST/ACK bits: 1,024 cases, worked out at compile time by the sequential rules below. The
/// direction and the protocol change from packet to packet; as branches they mispredicted often.
struct TcpStep {
  uint8_t set = 0;       // state bits to add (kClosed included when the connection closes)
  uint8_t outcomes = 0;  // kOutcomeAttempt, kOutcomeCompleted, kOutcomeRefused
  bool closing = false;  // an established connection closes now: short-lived if young enough
};

constexpr unsigned tcpStepIndex(bool tcp, bool from_client, uint8_t flags_class, uint8_t state) noexcept {
  const unsigned decisive = (state & (FlowTable::kSynSeen | FlowTable::kSynAckSeen | FlowTable::kEstablished)) |
                            ((state & FlowTable::kClosed) ? 0x08u : 0u);
  return unsigned(tcp) << 9 | unsigned(from_client) << 8 | unsigned(flags_class) << 4 | decisive;
}

consteval TcpStep tcpStepOf(unsigned index) {
  const bool tcp = (index >> 9) & 1;
  const bool from_client = (index >> 8) & 1;
  // The TCP header classes 0-15 are the flag classes themselves: back to TCP flag bits.
  const uint8_t f = packet_class::tcpFlagsOf(uint8_t((index >> 4) & 0x0f));
  uint8_t st = uint8_t((index & 0x07) | ((index & 0x08) ? FlowTable::kClosed : 0));
  const uint8_t before = st;
  const bool syn_only = (f & (decode::kTcpSyn | decode::kTcpAck)) == decode::kTcpSyn;
  const bool syn_ack = (f & (decode::kTcpSyn | decode::kTcpAck)) == (decode::kTcpSyn | decode::kTcpAck);
  TcpStep step;
  if (tcp) {
    if (from_client) {
      if (syn_only) {
        if (!(st & FlowTable::kSynSeen)) {
          st |= FlowTable::kSynSeen;
          step.outcomes |= kOutcomeAttempt;
        }
      } else if ((f & (decode::kTcpAck | decode::kTcpSyn | decode::kTcpRst)) == decode::kTcpAck &&
                 (st & (FlowTable::kSynSeen | FlowTable::kSynAckSeen | FlowTable::kEstablished)) ==
                     (FlowTable::kSynSeen | FlowTable::kSynAckSeen)) {
        st |= FlowTable::kEstablished;
        step.outcomes |= kOutcomeCompleted;
      }
    } else {
      st |= FlowTable::kReplied;
      if (syn_ack) {
        st |= FlowTable::kSynAckSeen;
      } else if ((f & decode::kTcpRst) &&
                 (st & (FlowTable::kSynSeen | FlowTable::kSynAckSeen | FlowTable::kEstablished | FlowTable::kClosed)) ==
                     FlowTable::kSynSeen) {
        st |= FlowTable::kRefused | FlowTable::kClosed;
        step.outcomes |= kOutcomeRefused;
      }
    }
    if ((f & (decode::kTcpFin | decode::kTcpRst)) &&
        (st & (FlowTable::kEstablished | FlowTable::kClosed)) == FlowTable::kEstablished) {
      st |= FlowTable::kClosed;
      step.closing = true;
    }
  } else if (!from_client) {
    st |= FlowTable::kReplied;
  }
  step.set = uint8_t(st & ~before);
  return step;
}

consteval std::array<TcpStep, 1024> buildTcpSteps() {
  std::array<TcpStep, 1024> t{};
  for (unsigned i = 0; i < t.size(); ++i)
    t[i] = tcpStepOf(i);
  return t;
}
constexpr std::array<TcpStep, 1024> kTcpSteps = buildTcpSteps();

}  // namespace

FlowTable::FlowTable(const StateConfig& config)
    : mask_(config.flowSlots() - 1),
      idle_timeout_ns_(config.flow_idle_timeout_ns),
      closed_timeout_ns_(std::min(config.flow_idle_timeout_ns, config.short_connection_ns)),
      active_timeout_ns_(config.flow_active_timeout_ns),
      short_ns_(config.short_connection_ns),
      epoch_horizon_ns_(uint64_t(kMaxEpoch - 1) * config.tick_ns),
      sweep_slots_(
          std::max<uint32_t>(1, uint32_t((uint64_t(mask_) + config.flowSweepTicks()) / config.flowSweepTicks()))),
      entries_(std::size_t(mask_) + 1),
      tags_(std::size_t(mask_) + kProbeLimit) {}

std::size_t FlowTable::memoryBytes(const StateConfig& config) {
  return std::size_t(config.flowSlots()) * (sizeof(Flow) + 1) + kProbeLimit - 1;
}

uint64_t FlowTable::tagWindow(uint32_t home) const noexcept {
  static_assert(kProbeLimit == sizeof(uint64_t), "a probe window's tags are one word");
  static_assert(std::endian::native == std::endian::little, "the slot at home is the lowest byte");
  uint64_t w;
  std::memcpy(&w, &tags_[home], sizeof w);
  return w;
}

uint32_t FlowTable::lookup(const Key& k, uint64_t& free_slots) const noexcept {
  const uint32_t home = uint32_t(k.hash) & mask_;
  const uint64_t w = tagWindow(home);
  free_slots = zeroBytes(w);
  // Inserts take the first free slot of a window and removal shifts entries back, so a flow is never
  // behind a free slot of its window: only tags before the first one can be it.
  uint64_t candidates = zeroBytes(w ^ (kLowBits * tagOf(k.hash))) &
                        (free_slots != 0 ? (free_slots & (0 - free_slots)) - 1 : ~uint64_t(0));
  for (; candidates != 0; candidates &= candidates - 1) {
    const uint32_t slot = (home + firstByte(candidates)) & mask_;
    if (matches(entries_[slot], k)) return slot;
  }
  return kNotFound;
}

uint32_t FlowTable::homeOf(const Flow& e) const noexcept {
  return uint32_t(hashFlow(hashAddress(e.a_), hashAddress(e.b_), e.tuple_ & kKeyMask)) & mask_;
}

void FlowTable::start(Flow& e, const Key& k, bool client_is_src, uint64_t ts_ns) noexcept {
  const bool client_is_b = client_is_src != k.src_is_a;
  e.a_ = *k.a;
  e.b_ = *k.b;
  e.tuple_ = k.tuple | kUsedBit | (client_is_b ? kClientIsBBit : 0);
  e.first_ns_ = ts_ns;
  e.last_ns_ = ts_ns;
  e.packets_[0] = 0;
  e.packets_[1] = 0;
  ++created_;
}

FlowTable::Update FlowTable::update(const decode::PacketView& pv, const Key& k, uint8_t epoch) noexcept {
  if (pv.isLaterFragment()) return {};
  // The flags of a TCP packet, none otherwise (a mask: the protocol varies from packet to packet).
  const bool tcp = pv.protocol == kTcp;
  const uint8_t f = pv.tcp_flags & uint8_t(0u - unsigned(tcp));
  const bool syn_ack = (f & (decode::kTcpSyn | decode::kTcpAck)) == (decode::kTcpSyn | decode::kTcpAck);
  const bool syn_only = (f & (decode::kTcpSyn | decode::kTcpAck)) == decode::kTcpSyn;

  uint8_t out = 0;
  uint64_t free_slots = 0;
  uint32_t slot = lookup(k, free_slots);
  if (slot == kNotFound) {
    const uint32_t home = uint32_t(k.hash) & mask_;
    if (free_slots != 0) {
      slot = (home + firstByte(free_slots)) & mask_;
      ++size_;
    } else {
      // A full window: the flow seen least recently gives way (the first of equals).
      slot = home;
      for (uint32_t i = 1; i < kProbeLimit; ++i) {
        const uint32_t s = (home + i) & mask_;
        if (entries_[s].last_ns_ < entries_[slot].last_ns_) slot = s;
      }
      ++evictions_;
      entries_[slot].tuple_ = 0;
    }
    setTag(slot, tagOf(k.hash));
  }
  Flow* const e = &entries_[slot];
  if (!e->used()) {
    // A first packet that is a SYN-ACK comes from the server: the capture joined mid-handshake.
    start(*e, k, !syn_ack, pv.ts_ns);
    out |= kOutcomeNewFlow;
  } else if (syn_only && (e->state() & kClosed)) {
    // A new SYN on a finished connection: the tuple is being reused for a new connection.
    start(*e, k, true, pv.ts_ns);
    out |= kOutcomeNewFlow;
  }

  const bool from_client = k.src_is_a != e->clientIsB();
  uint8_t st = e->state();
  ++e->packets_[from_client ? 0 : 1];
  // Epochs are 7 bits: after kMaxEpoch - 1 ticks of silence a stored one may equal the current by wrap.
  const int epoch_shift = k.src_is_a ? kEpochAShift : kEpochBShift;
  const bool stale = pv.ts_ns > e->last_ns_ && pv.ts_ns - e->last_ns_ >= epoch_horizon_ns_;
  const bool first_in_tick = stale || uint8_t((e->tuple_ >> epoch_shift) & kMaxEpoch) != epoch;
  e->tuple_ = (e->tuple_ & ~(uint64_t(kMaxEpoch) << epoch_shift)) | uint64_t(epoch & kMaxEpoch) << epoch_shift;
  if (pv.ts_ns > e->last_ns_) e->last_ns_ = pv.ts_ns;

  const TcpStep step = kTcpSteps[tcpStepIndex(tcp, from_client, packet_class::tcpClass(f), st)];
  st |= step.set;
  out |= step.outcomes;
  // Completed and closed within short_connection_ns of the first packet: short-lived.
  const uint64_t duration = pv.ts_ns > e->first_ns_ ? pv.ts_ns - e->first_ns_ : 0;
  const bool short_lived = step.closing & (duration < short_ns_);
  st |= short_lived ? kShortCounted : 0;
  out |= short_lived ? kOutcomeShortLived : 0;
  // SSH servers speak first: a banner in the server's first payload names the service on any port.
  if (tcp & !from_client & (pv.payload_len != 0) & !(st & kBannerSeen)) {
    st |= kBannerSeen;
    if (pv.payload_len >= 4 && std::memcmp(pv.payload, "SSH-", 4) == 0) out |= kOutcomeSsh;
  }
  e->tuple_ = (e->tuple_ & ~(uint64_t(0xff) << kStateShift)) | uint64_t(st) << kStateShift;
  return Update{out, from_client, first_in_tick};
}

void FlowTable::finish(const Flow& e, uint64_t now_ns, HostTable& hosts) const noexcept {
  const uint8_t st = e.state();
  uint8_t out = 0;
  if ((st & kSynSeen) && !(st & kReplied)) out |= kOutcomeUnanswered;
  if ((st & kEstablished) && !(st & kShortCounted) && e.last_ns_ - std::min(e.first_ns_, e.last_ns_) < short_ns_) {
    out |= kOutcomeShortLived;
  }
  if (out == 0) return;
  // One host at a time: a touch may evict, so no pointer is kept across the next touch.
  addOutcomes(hosts.touch(e.client(), now_ns)->conn_out, out);
  addOutcomes(hosts.touch(e.server(), now_ns)->conn_in, out);
}

void FlowTable::removeAt(uint32_t slot) noexcept {
  // Backward shift (Knuth 6.4 algorithm R, with a probe limit): pull later entries of the cluster into
  // the hole when that brings them no further from home. Entries only ever move towards their home, so
  // all stay within kProbeLimit of it, and none can reach a hole kProbeLimit or more slots behind.
  uint32_t hole = slot;
  for (uint32_t j = (slot + 1) & mask_; ((j - hole) & mask_) < kProbeLimit; j = (j + 1) & mask_) {
    const Flow& e = entries_[j];
    if (!e.used()) break;
    const uint32_t home = homeOf(e);
    if (((j - home) & mask_) >= ((j - hole) & mask_)) {
      entries_[hole] = e;
      setTag(hole, tags_[j]);
      hole = j;
    }
  }
  freeSlot(hole);
}

void FlowTable::sweep(uint64_t now_ns, HostTable& hosts, std::size_t slots, bool all) noexcept {
  // Visits `slots` positions; a removal refills the current slot from further on, so it is looked at again.
  for (std::size_t visited = 0; visited < slots && size_ > 0;) {
    // The hardware prefetcher would find this stream too, but only after a miss on each new page.
    __builtin_prefetch(&entries_[(cursor_ + kSweepAhead) & mask_]);
    const Flow& e = entries_[cursor_];
    bool ended = false;
    if (tags_[cursor_] != 0) {
      const uint64_t idle = now_ns > e.last_ns_ ? now_ns - e.last_ns_ : 0;
      const uint64_t age = now_ns > e.first_ns_ ? now_ns - e.first_ns_ : 0;
      const uint64_t idle_limit = (e.state() & kClosed) ? closed_timeout_ns_ : idle_timeout_ns_;
      if (all || idle >= idle_limit) {
        ++expired_idle_;
        ended = true;
      } else if (age >= active_timeout_ns_) {
        ++expired_active_;
        ended = true;
      }
    }
    if (ended) {
      finish(e, now_ns, hosts);
      removeAt(cursor_);
    } else {
      cursor_ = (cursor_ + 1) & mask_;
      ++visited;
    }
  }
}

void FlowTable::expire(uint64_t now_ns, HostTable& hosts) noexcept {
  sweep(now_ns, hosts, sweep_slots_, false);
}

void FlowTable::expireAll(uint64_t now_ns, HostTable& hosts) noexcept {
  sweep(now_ns, hosts, std::size_t(mask_) + 1, false);
}

void FlowTable::flush(uint64_t now_ns, HostTable& hosts) noexcept {
  // Every flow ends, so nothing needs shifting back (as a sweep would, moving entries towards the
  // cursor to be ended there): each slot is visited once, from the cursor on, and emptied.
  for (std::size_t n = 0; n <= mask_ && size_ > 0; ++n) {
    const uint32_t slot = uint32_t(cursor_ + n) & mask_;
    __builtin_prefetch(&entries_[(slot + kSweepAhead) & mask_]);
    if (tags_[slot] == 0) continue;
    ++expired_idle_;
    finish(entries_[slot], now_ns, hosts);
    freeSlot(slot);
  }
}

const FlowTable::Flow* FlowTable::find(const net::IpAddress& src, const net::IpAddress& dst, uint16_t src_port,
                                       uint16_t dst_port, uint8_t protocol) const noexcept {
  const Key k = keyOf(src, dst, src_port, dst_port, protocol, hashAddress(src), hashAddress(dst));
  uint64_t free_slots = 0;
  const uint32_t slot = lookup(k, free_slots);
  return slot != kNotFound ? &entries_[slot] : nullptr;
}

}  // namespace vigil::flow
