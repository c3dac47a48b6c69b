// IntakeServer: the collector's ZeroMQ ROUTER: validates each event, stores it through the handler, acks.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "common/result.h"
#include "event/event.h"
#include "intake/event_handler.h"
#include "intake/zap_authenticator.h"
#include "wire/curve_key_file.h"

namespace vigil::intake {

struct IntakeOptions {
  std::string endpoint = "tcp://127.0.0.1:7750";  // tcp://HOST:0 picks a free port (boundEndpoint())
  bool insecure = false;                          // no CURVE, sensor name taken from the event: loopback tests
  std::string server_secret_key;                  // Z85
  std::vector<wire::NamedKey> sensors;            // allowlist (name = the sensor id its events must carry)
  uint32_t max_message_bytes = 64 * 1024;
  uint32_t max_batch = 512;  // events stored in one transaction, at most
};

/// Why a message was refused; counted per reason.
enum class RejectReason : uint8_t { kFrames, kOversized, kInvalidEvent, kSeqMismatch, kSensorMismatch, kCount };
std::string_view rejectReasonName(RejectReason reason) noexcept;

/// Owns the ZeroMQ context, the ZAP handler and the ROUTER socket, and one thread that receives,
/// validates (event::parseEvent: every field, RSIT values, sizes), checks that the event's sensor is
/// the one its CURVE key belongs to, hands it to the EventHandler and acks after the commit. Never
/// crashes on any bytes: a bad message is rejected with its reason, counted, and the loop goes on.
/// Group commit: everything already queued on the socket (up to max_batch) is validated and stored in
/// one call, so one disk sync covers many events while each is still acked only once durable.
/// Stats are atomics, readable from any thread.
class IntakeServer {
 public:
  IntakeServer(IntakeOptions options, EventHandler& handler);
  ~IntakeServer();
  IntakeServer(const IntakeServer&) = delete;
  IntakeServer& operator=(const IntakeServer&) = delete;

  /// Binds and starts the thread. Errors name the endpoint.
  common::Result<void> start();
  void stop();
  /// The endpoint actually bound (the port filled in for tcp://...:0).
  const std::string& boundEndpoint() const noexcept { return bound_; }
  /// Replaces the sensor allowlist (reload); connections already admitted stay.
  void setSensors(const std::vector<wire::NamedKey>& sensors);

  struct Stats {
    std::atomic<uint64_t> received{0};
    std::atomic<uint64_t> stored{0};
    std::atomic<uint64_t> duplicates{0};
    std::atomic<uint64_t> store_errors{0};
    std::array<std::atomic<uint64_t>, size_t(RejectReason::kCount)> rejected{};
  };
  const Stats& stats() const noexcept { return stats_; }
  uint64_t refusedKeys() const noexcept { return zap_ ? zap_->refused() : 0; }
  /// The last rejection or store error, for the log (intake thread writes, others may read a stale copy).
  std::string lastProblem() const;

 private:
  /// A validated event waiting for the batch's commit; owns the frames its views point into.
  struct Pending {
    zmq::message_t peer;
    std::string seq_frame;
    zmq::message_t body;
    event::Event event;
  };

  void run();
  /// Validates one message: a good event is appended to `batch`, a bad one rejected here.
  void admit(std::vector<zmq::message_t>& frames, std::vector<Pending>& batch);
  /// Stores the batch through the handler (one by one when the batch as a whole fails) and replies.
  void commit(std::vector<Pending>& batch);
  void noteProblem(std::string text);
  void reject(const zmq::message_t& peer, const std::string& seq_frame, RejectReason reason, const std::string& why);
  void reply(const zmq::message_t& peer, std::string_view verb, const std::string& seq_frame, std::string_view text);

  const IntakeOptions options_;
  EventHandler& handler_;
  zmq::context_t context_;
  std::unique_ptr<ZapAuthenticator> zap_;
  zmq::socket_t socket_;
  std::string bound_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  Stats stats_;
  mutable std::mutex problem_mutex_;
  std::string last_problem_;
};

}  // namespace vigil::intake
