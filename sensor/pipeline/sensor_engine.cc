// SensorEngine: thread start-up, joining and totals.
#include "pipeline/sensor_engine.h"

#include <span>
#include <string>

#include "common/this_thread.h"

namespace vigil::pipeline {

SensorEngine::SensorEngine(const EngineConfig& config, std::vector<std::unique_ptr<capture::PacketSource>> sources,
                           Aggregator::TickCallback on_tick)
    : worker_cpus_(config.worker_cpus) {
  std::vector<Worker*> raw;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    workers_.push_back(std::make_unique<Worker>(uint32_t(i), std::move(sources[i]), config.state, config.worker));
    raw.push_back(workers_.back().get());
  }
  aggregator_ = std::make_unique<Aggregator>(config.window, std::move(raw), std::move(on_tick));
}

SensorEngine::~SensorEngine() {
  requestStop();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void SensorEngine::start(std::function<void()> on_finished) {
  on_finished_ = std::move(on_finished);
  running_.store(int(workers_.size()) + 1, std::memory_order_release);
  const auto done = [this] {
    if (running_.fetch_sub(1, std::memory_order_acq_rel) == 1 && on_finished_) on_finished_();
  };
  threads_.emplace_back([this, done] {
    common::nameThisThread("vigil-aggr");
    (void)common::lowerThisThreadPriority(kAggregatorNiceSteps);
    aggregator_->run();
    done();
  });
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    const int cpu = i < worker_cpus_.size() ? worker_cpus_[i] : -1;
    threads_.emplace_back([this, done, worker = workers_[i].get(), i, cpu] {
      common::nameThisThread("vigil-worker" + std::to_string(i));
      if (cpu >= 0) (void)common::pinThisThread(std::span<const int>(&cpu, 1));
      worker->run(stop_);
      done();
    });
  }
  // The hash-indexed tables are reached all over within the first seconds of traffic, and each first
  // touch of a 2 MiB page stalls the thread that makes it while the kernel clears the page (in a VM,
  // for milliseconds). A short-lived thread faults them in beside the workers instead: on IMIX this
  // took 8 % of the worker's time. It writes nothing, so it needs no coordination with them. Started
  // last, so that it does not hold up the creation of the others (see LargeArray::populate).
  threads_.emplace_back([this] {
    common::nameThisThread("vigil-populate");
    for (const auto& w : workers_)
      w->populateTables();
    aggregator_->populateTables();
  });
}

bool SensorEngine::wait() {
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  for (const auto& w : workers_) {
    if (w->source().state() == capture::SourceState::kFailed) return false;
  }
  return true;
}

Worker::Progress SensorEngine::progress() const noexcept {
  Worker::Progress sum;
  for (const auto& w : workers_) {
    const Worker::Progress p = w->progress();
    sum.packets += p.packets;
    sum.bytes_read += p.bytes_read;
    sum.bytes_total += p.bytes_total;
  }
  return sum;
}

EngineTotals SensorEngine::totals() const {
  EngineTotals t;
  for (const auto& w : workers_) {
    t.traffic.add(w->stats());
    const capture::SourceStats s = w->source().stats();
    t.source.received += s.received;
    t.source.bytes += s.bytes;
    t.source.dropped_kernel += s.dropped_kernel;
    t.source.dropped_nic += s.dropped_nic;
    t.source.truncated_records += s.truncated_records;
    t.source.bytes_read += s.bytes_read;
    t.source.bytes_total += s.bytes_total;
    t.host_evictions += w->state().hostEvictions();
    t.tick_sketch_exhausted += w->state().sketchPoolExhausted();
    t.flow_evictions += w->state().flowEvictions();
    t.aggregator_stalls += w->aggregatorStalls();
    if (std::string warning = w->source().warning(); !warning.empty()) t.warnings.push_back(std::move(warning));
    if (w->source().state() == capture::SourceState::kFailed) t.errors.push_back(w->source().error());
  }
  t.ticks = aggregator_->ticksCompleted();
  t.window_evictions = aggregator_->window().evictions();
  t.window_sketch_exhausted = aggregator_->window().sketchPoolExhausted();
  t.window_sketch_reclaimed = aggregator_->window().sketches().dense.reclaimed();
  return t;
}

std::size_t SensorEngine::memoryBytes(const EngineConfig& config, std::size_t workers) {
  const std::size_t tables = config.worker.tick_tables < 2 ? 2 : config.worker.tick_tables;
  // Each worker: one flow table plus its rotating host tables (each with its sketch pools).
  const std::size_t per_worker = config.state.flowTableBytes() + tables * config.state.hostTableBytes();
  return workers * per_worker + flow::HostWindow::memoryBytes(config.window);
}

std::vector<std::pair<std::string, Worker::Snapshot>> SensorEngine::workerSnapshots() const {
  std::vector<std::pair<std::string, Worker::Snapshot>> out;
  for (const auto& w : workers_)
    out.emplace_back(w->source().name(), w->snapshot());
  return out;
}

}  // namespace vigil::pipeline
