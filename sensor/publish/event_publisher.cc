// EventPublisher: spooling on publish, and the sender loop (window, acks, rejects, resend on timeout).
#include "publish/event_publisher.h"

#include <zmq_addon.hpp>

#include "common/this_thread.h"
#include "event/event_json.h"
#include "wire/wire_protocol.h"

namespace vigil::publish {

EventPublisher::EventPublisher(PublisherOptions options, std::unique_ptr<Spool> spool)
    : options_(std::move(options)), spool_(std::move(spool)), context_(1), socket_(context_, zmq::socket_type::dealer) {
  stats_.depth = spool_->depth();
}

EventPublisher::~EventPublisher() {
  stop(std::chrono::milliseconds(0));
}

common::Result<void> EventPublisher::start() {
  try {
    if (!options_.insecure) {
      socket_.set(zmq::sockopt::curve_serverkey, options_.server_public_key);
      socket_.set(zmq::sockopt::curve_publickey, options_.public_key);
      socket_.set(zmq::sockopt::curve_secretkey, options_.secret_key);
    }
    socket_.set(zmq::sockopt::linger, 0);
    // Never queue towards a peer that is not connected: a send then fails at once and is retried,
    // instead of sitting in a pipe that a collector restart throws away.
    socket_.set(zmq::sockopt::immediate, 1);
    socket_.set(zmq::sockopt::sndhwm, int(options_.window) * 2 + 16);
    socket_.set(zmq::sockopt::reconnect_ivl, 100);
    socket_.set(zmq::sockopt::reconnect_ivl_max, 5000);
    socket_.connect(options_.endpoint);
  } catch (const zmq::error_t& e) {
    return common::fail(options_.endpoint + ": cannot connect: " + e.what());
  }
  last_progress_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { run(); });
  return {};
}

uint64_t EventPublisher::stop(std::chrono::milliseconds drain) {
  if (thread_.joinable()) {
    const auto deadline = std::chrono::steady_clock::now() + drain;
    draining_.store(true);
    while (stats_.depth.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    stop_.store(true);
    thread_.join();
  }
  std::lock_guard<std::mutex> lock(spool_mutex_);
  (void)spool_->sync();
  return spool_->depth();
}

uint64_t EventPublisher::nextSeq() const {
  std::lock_guard<std::mutex> lock(spool_mutex_);
  return spool_->lastSeq() + 1;
}

common::Result<void> EventPublisher::publish(const event::Event& event) {
  const std::string line = event::toJsonLine(event);
  std::lock_guard<std::mutex> lock(spool_mutex_);
  const uint64_t dropped_before = spool_->droppedFull();
  common::Result<void> r = spool_->append(event.seq, line);
  if (!r.ok()) return r;
  stats_.spooled.fetch_add(1, std::memory_order_relaxed);
  stats_.dropped_full.fetch_add(spool_->droppedFull() - dropped_before, std::memory_order_relaxed);
  stats_.depth.store(spool_->depth(), std::memory_order_relaxed);
  return {};
}

common::Result<void> EventPublisher::flush() {
  std::lock_guard<std::mutex> lock(spool_mutex_);
  return spool_->sync();
}

std::string EventPublisher::lastProblem() const {
  std::lock_guard<std::mutex> lock(problem_mutex_);
  return last_problem_;
}

void EventPublisher::noteProblem(std::string text) {
  std::lock_guard<std::mutex> lock(problem_mutex_);
  last_problem_ = std::move(text);
}

void EventPublisher::run() {
  common::nameThisThread("vigil-publish");
  while (!stop_.load(std::memory_order_relaxed)) {
    try {
      receiveReplies();
      const auto now = std::chrono::steady_clock::now();
      if (!in_flight_.empty() && now - last_progress_ > options_.ack_timeout) {
        // No ack for a while: the collector restarted, the link broke, or a store failed. Start over
        // from the oldest unacked event; duplicates are ignored on the other side.
        stats_.resent.fetch_add(in_flight_.size(), std::memory_order_relaxed);
        in_flight_.clear();
        sent_through_ = 0;
        last_progress_ = now;
      }
      fillWindow();
    } catch (const zmq::error_t& e) {
      noteProblem(std::string("zmq: ") + e.what());
    }
  }
}

void EventPublisher::receiveReplies() {
  zmq::pollitem_t item{static_cast<void*>(socket_), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, std::chrono::milliseconds(20)) <= 0) return;
  bool acked_any = false;
  for (;;) {
    std::vector<zmq::message_t> frames;
    if (!zmq::recv_multipart(socket_, std::back_inserter(frames), zmq::recv_flags::dontwait)) break;
    if (frames.size() < 2) continue;
    const std::string_view verb = frames[0].to_string_view();
    const std::optional<uint64_t> seq = wire::decodeSeq(frames[1].to_string_view());
    if (!seq || (verb != wire::kAck && verb != wire::kReject)) continue;
    if (verb == wire::kReject) {
      stats_.rejected.fetch_add(1, std::memory_order_relaxed);
      noteProblem("collector rejected event " + std::to_string(*seq) + ": " +
                  (frames.size() > 2 ? frames[2].to_string() : std::string("no reason given")));
    } else {
      stats_.acked.fetch_add(1, std::memory_order_relaxed);
    }
    const auto it = in_flight_.find(*seq);
    if (it != in_flight_.end()) {
      stats_.last_ack_us.store(
          uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - it->second)
                       .count()),
          std::memory_order_relaxed);
      in_flight_.erase(it);
    }
    std::lock_guard<std::mutex> lock(spool_mutex_);
    spool_->ack(*seq);
    stats_.depth.store(spool_->depth(), std::memory_order_relaxed);
    acked_any = true;
  }
  if (acked_any) {
    last_progress_ = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(spool_mutex_);
    if (common::Result<void> r = spool_->syncIfDue(); !r.ok()) noteProblem(r.error());
  }
}

void EventPublisher::fillWindow() {
  if (in_flight_.size() >= options_.window) return;
  std::vector<SpoolRecord> batch;
  {
    std::lock_guard<std::mutex> lock(spool_mutex_);
    if (common::Result<void> r = spool_->readUnacked(sent_through_, options_.window - in_flight_.size(), batch);
        !r.ok()) {
      noteProblem(r.error());
      return;
    }
  }
  for (const SpoolRecord& record : batch) {
    const std::string seq = wire::encodeSeq(record.seq);
    std::array<zmq::const_buffer, 2> parts = {zmq::buffer(seq), zmq::buffer(record.payload)};
    // With `immediate` set this fails at once while no collector is connected; try again next round.
    if (!zmq::send_multipart(socket_, parts, zmq::send_flags::dontwait)) break;
    if (in_flight_.empty()) last_progress_ = std::chrono::steady_clock::now();
    in_flight_[record.seq] = std::chrono::steady_clock::now();
    sent_through_ = record.seq;
    stats_.sent.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace vigil::publish
