// EventPublisher: the sensor's event sink that spools every event on disk and delivers it to the collector.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "common/result.h"
#include "detect/event_sink.h"
#include "publish/spool.h"

namespace vigil::publish {

struct PublisherOptions {
  std::string endpoint;    // tcp://collector:7750
  bool insecure = false;   // no CURVE: loopback tests only
  std::string public_key;  // this sensor's key pair, Z85
  std::string secret_key;
  std::string server_public_key;  // the collector's, Z85
  uint32_t window = 1024;         // events sent and not yet acked
  std::chrono::milliseconds ack_timeout{5000};
};

/// publish() runs on the aggregator thread: it appends the event to the spool (durable per the spool's
/// fsync policy) and returns; it never waits for the network. A sender thread owns the DEALER socket:
/// it sends unacked spool records in seq order with at most `window` in flight, removes them from the
/// spool on ACK or REJ (a rejected event can never be accepted; it is counted and its reason kept), and
/// after `ack_timeout` without progress resends everything unacked (the collector ignores duplicates).
/// After a restart of either side the spool still holds what was never acked, so nothing is lost.
/// The spool is shared by both threads under one mutex; events are rare (a few per second), so the
/// lock is never contended for long.
class EventPublisher final : public detect::EventSink {
 public:
  EventPublisher(PublisherOptions options, std::unique_ptr<Spool> spool);
  ~EventPublisher() override;
  EventPublisher(const EventPublisher&) = delete;
  EventPublisher& operator=(const EventPublisher&) = delete;

  /// Creates the socket, connects (asynchronously: the collector may be down) and starts the sender.
  common::Result<void> start();
  /// Waits up to `drain` for every spooled event to be acked, then stops the sender. What is left stays
  /// in the spool for the next run. Returns the number of events still unacked.
  uint64_t stop(std::chrono::milliseconds drain);

  /// The seq the next event must carry: one past the last ever spooled, so numbering survives restarts.
  uint64_t nextSeq() const;

  common::Result<void> publish(const event::Event& event) override;
  common::Result<void> flush() override;

  struct Stats {
    std::atomic<uint64_t> spooled{0};
    std::atomic<uint64_t> sent{0};
    std::atomic<uint64_t> resent{0};
    std::atomic<uint64_t> acked{0};
    std::atomic<uint64_t> rejected{0};
    std::atomic<uint64_t> depth{0};         // unacked events in the spool
    std::atomic<uint64_t> dropped_full{0};  // dropped by the spool's size cap
    std::atomic<uint64_t> last_ack_us{0};   // latency of the latest ack
  };
  const Stats& stats() const noexcept { return stats_; }
  /// The latest REJ reason or spool problem (for the log).
  std::string lastProblem() const;

 private:
  void run();
  void receiveReplies();
  void fillWindow();
  void noteProblem(std::string text);

  const PublisherOptions options_;
  std::unique_ptr<Spool> spool_;
  mutable std::mutex spool_mutex_;  // guards spool_
  zmq::context_t context_;
  zmq::socket_t socket_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> draining_{false};
  // Sender thread only:
  uint64_t sent_through_ = 0;  // highest seq sent since the last (re)start of sending
  std::map<uint64_t, std::chrono::steady_clock::time_point> in_flight_;
  std::chrono::steady_clock::time_point last_progress_{};
  Stats stats_;
  mutable std::mutex problem_mutex_;
  std::string last_problem_;
};

}  // namespace vigil::publish
