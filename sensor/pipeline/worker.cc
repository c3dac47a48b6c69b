// Worker loop: bursts from the source, decode, state updates, and tick boundaries in packet time.
#include "pipeline/worker.h"

#include <time.h>

#include "flow/packet_class.h"

namespace vigil::pipeline {

Worker::Worker(uint32_t id, std::unique_ptr<capture::PacketSource> source, const flow::StateConfig& state,
               const WorkerConfig& config)
    : id_(id),
      config_(config),
      source_(std::move(source)),
      decoder_(source_->linkType()),
      state_(state),
      filled_(config.tick_tables + 1),
      cleared_(config.tick_tables + 1),
      burst_(config.burst),
      views_(config.burst),
      classes_(config.burst),
      tick_ns_(state.tick_ns),
      live_(source_->live()) {
  const uint32_t n = config.tick_tables < 2 ? 2 : config.tick_tables;
  for (uint32_t i = 0; i < n; ++i)
    tables_.push_back(std::make_unique<flow::HostTable>(state));
  state_.setTickTable(tables_[0].get());
  for (uint32_t i = 1; i < n; ++i)
    (void)cleared_.tryPush(tables_[i].get());
}

Worker::Progress Worker::progress() const noexcept {
  return {progress_packets_.load(std::memory_order_relaxed), progress_bytes_read_.load(std::memory_order_relaxed),
          progress_bytes_total_.load(std::memory_order_relaxed)};
}

void Worker::run(const std::atomic<bool>& stop) {
  stop_ = &stop;
  const std::span<capture::RawFrame> frames(burst_);
  // Live sources tick by the clock, read once per burst: a quiet link still closes its ticks, and a
  // NIC's odd timestamps cannot reopen old ticks. The clock is the monotonic one, offset to the epoch
  // once, so ticks line up with packet timestamps and never jump with NTP.
  timespec mono{}, real{};
  ::clock_gettime(CLOCK_MONOTONIC, &mono);
  ::clock_gettime(CLOCK_REALTIME, &real);
  const int64_t epoch_offset_ns =
      (int64_t(real.tv_sec) - int64_t(mono.tv_sec)) * 1'000'000'000 + (int64_t(real.tv_nsec) - int64_t(mono.tv_nsec));
  while (!stop.load(std::memory_order_relaxed)) {
    const std::size_t n = source_->receiveBurst(frames);
    if (live_) {
      ::clock_gettime(CLOCK_MONOTONIC, &mono);
      advanceClock(uint64_t(int64_t(mono.tv_sec) * 1'000'000'000 + mono.tv_nsec + epoch_offset_ns));
    }
    if (n == 0) {
      if (source_->state() != capture::SourceState::kActive) break;
      continue;  // live source with nothing pending; the source itself waits (poll) inside receiveBurst
    }
    process(frames.data(), n);
    source_->release();
    const capture::SourceStats s = source_->stats();
    progress_packets_.store(stats_.packets, std::memory_order_relaxed);
    progress_bytes_read_.store(s.bytes_read, std::memory_order_relaxed);
    progress_bytes_total_.store(s.bytes_total, std::memory_order_relaxed);
    if (++bursts_since_publish_ >= kPublishEvery) publishSnapshot();
  }
  // End of input: every open flow ends now, so unanswered attempts are counted in the last tick.
  state_.flush(last_ts_ns_);
  closeTick(last_ts_ns_, /*final=*/true);
  publishSnapshot();
}

void Worker::populateTables() const noexcept {
  state_.flows().populateSlots();
  for (const auto& table : tables_)
    table->populateIndex();
}

void Worker::advanceClock(uint64_t now_ns) noexcept {
  if (next_boundary_ns_ == 0) {
    tick_ = now_ns / tick_ns_;
    next_boundary_ns_ = (tick_ + 1) * tick_ns_;
    return;
  }
  if (now_ns < next_boundary_ns_) return;
  state_.expire(next_boundary_ns_);
  closeTick(next_boundary_ns_, /*final=*/false);
  tick_ = now_ns / tick_ns_;
  next_boundary_ns_ = (tick_ + 1) * tick_ns_;
  if (now_ns > last_ts_ns_) last_ts_ns_ = now_ns;
}

void Worker::publishSnapshot() noexcept {
  bursts_since_publish_ = 0;
  Snapshot s;
  s.traffic = stats();
  s.source = source_->stats();
  s.ticks = ticks_;
  s.aggregator_stalls = aggregator_stalls_;
  s.host_evictions = state_.hostEvictions();
  s.flow_evictions = state_.flowEvictions();
  s.flows = state_.flows().size();
  s.flow_capacity = state_.flows().capacity();
  snapshot_.publish(s);
}

void Worker::process(const capture::RawFrame* frames, std::size_t n) noexcept {
  // Decoded views are collected per burst and handed over in one call so the state can prefetch
  // table slots ahead; a tick boundary inside the burst hands over what precedes it first.
  decode::PacketView* views = views_.data();
  uint8_t* classes = classes_.data();
  std::size_t m = 0;
  // Frame data comes from the source's buffers, which another core may have just written (a
  // read-ahead thread) or a NIC filled: fetching the headers of later frames now overlaps their misses.
  // Headers start anywhere in a line, so they usually span two; the second is only hinted when the
  // frame reaches it (a select, not a branch: frame sizes are mixed).
  constexpr std::size_t kPrefetchAhead = 6;
  const auto prefetchHeaders = [](const capture::RawFrame& f) {
    __builtin_prefetch(f.data);
    __builtin_prefetch(f.data + (f.caplen > 64 ? 64 : 0));
  };
  for (std::size_t i = 0; i < n && i < kPrefetchAhead; ++i)
    prefetchHeaders(frames[i]);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kPrefetchAhead < n) prefetchHeaders(frames[i + kPrefetchAhead]);
    const capture::RawFrame& f = frames[i];
    ++stats_.packets;
    stats_.bytes += f.wirelen;
    // Packet time drives ticks (files; live sources advance by the clock instead, in advanceClock). A
    // timestamp earlier than the current tick (reordered capture) counts towards the current tick.
    if (f.ts_ns >= next_boundary_ns_ && !live_) [[unlikely]] {
      const uint64_t tick = f.ts_ns / tick_ns_;
      if (next_boundary_ns_ != 0) {
        state_.onPackets(views, m, classes);
        m = 0;
        state_.expire(next_boundary_ns_);
        closeTick(next_boundary_ns_, /*final=*/false);
      }
      tick_ = tick;
      next_boundary_ns_ = (tick + 1) * tick_ns_;
    }
    if (f.ts_ns > last_ts_ns_) last_ts_ns_ = f.ts_ns;
    const decode::DecodeStatus status = decoder_.decode(f.data, f.caplen, f.wirelen, f.ts_ns, views[m]);
    ++stats_.outcomes[static_cast<std::size_t>(status)];
    if (status != decode::DecodeStatus::kOk) {
      if (status == decode::DecodeStatus::kNonIp) stats_.countLinkLayer(views[m]);
      continue;
    }
    // The class decides both the protocol totals and the host counter increments: worked out once here.
    classes[m] = flow::packet_class::of(views[m]);
    tally_.count(views[m], classes[m]);
    ++m;
  }
  state_.onPackets(views, m, classes);
}

void Worker::closeTick(uint64_t end_ns, bool final) noexcept {
  std::optional<flow::HostTable*> fresh = cleared_.tryPop();
  if (!fresh && !final) {
    if (!config_.wait_for_aggregator) {
      // Live capture never waits: this tick's counts roll into the next one; counted so it is visible.
      ++aggregator_stalls_;
      return;
    }
    // Offline replay runs faster than real time; wait for the aggregator rather than lose a tick. Asleep
    // (futex), not yielding in a loop: on a machine with few cores the spinning worker would keep the
    // aggregator it waits for off a core. The aggregator always hands a table back (it runs until every
    // worker's final tick), so the wait ends, also after a stop request.
    while (!(fresh = cleared_.tryPop()) && !stop_->load(std::memory_order_relaxed)) {
      const uint32_t seen = returns_.load(std::memory_order_acquire);
      if ((fresh = cleared_.tryPop())) break;  // returned between the pop above and the load
      returns_.wait(seen, std::memory_order_acquire);
    }
    if (!fresh) return;
  }
  ++ticks_;
  const TickHandoff handoff{state_.tickTable(), tick_, end_ns, final};
  // Never fails: the ring holds more slots than there are tables.
  (void)filled_.tryPush(handoff);
  // Once per tick: cheap when the aggregator is busy (no waiter, no system call).
  handoffs_.fetch_add(1, std::memory_order_release);
  handoffs_.notify_one();
  if (fresh) state_.setTickTable(*fresh);
  publishSnapshot();
}

}  // namespace vigil::pipeline
