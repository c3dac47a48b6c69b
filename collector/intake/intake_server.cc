// IntakeServer: socket set-up, the receive loop, per-message validation and replies.
#include "intake/intake_server.h"

#include <algorithm>
#include <zmq_addon.hpp>

#include "common/this_thread.h"
#include "event/event_json.h"
#include "wire/wire_protocol.h"

namespace vigil::intake {

std::string_view rejectReasonName(RejectReason reason) noexcept {
  switch (reason) {
    case RejectReason::kFrames:
      return "frames";
    case RejectReason::kOversized:
      return "oversized";
    case RejectReason::kInvalidEvent:
      return "invalid-event";
    case RejectReason::kSeqMismatch:
      return "seq-mismatch";
    case RejectReason::kSensorMismatch:
      return "sensor-mismatch";
    case RejectReason::kCount:
      break;
  }
  return "unknown";
}

IntakeServer::IntakeServer(IntakeOptions options, EventHandler& handler)
    : options_(std::move(options)), handler_(handler), context_(1), socket_(context_, zmq::socket_type::router) {}

IntakeServer::~IntakeServer() {
  stop();
}

common::Result<void> IntakeServer::start() {
  try {
    if (!options_.insecure) {
      zap_ = std::make_unique<ZapAuthenticator>(context_, options_.sensors);
      if (common::Result<void> r = zap_->start(); !r.ok()) return r;
      socket_.set(zmq::sockopt::curve_server, 1);
      socket_.set(zmq::sockopt::curve_secretkey, options_.server_secret_key);
      socket_.set(zmq::sockopt::zap_domain, "vigil");
    }
    socket_.set(zmq::sockopt::linger, 0);
    // A hard ceiling far above any event: larger frames drop the connection before they are buffered.
    socket_.set(zmq::sockopt::maxmsgsize, int64_t(16) << 20);
    socket_.set(zmq::sockopt::rcvhwm, 10000);
    socket_.set(zmq::sockopt::sndhwm, 10000);
    socket_.bind(options_.endpoint);
    bound_ = socket_.get(zmq::sockopt::last_endpoint);
  } catch (const zmq::error_t& e) {
    return common::fail(options_.endpoint + ": cannot listen: " + e.what());
  }
  thread_ = std::thread([this] { run(); });
  return {};
}

void IntakeServer::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  if (zap_) zap_->stop();
}

void IntakeServer::setSensors(const std::vector<wire::NamedKey>& sensors) {
  if (zap_) zap_->setAllowed(sensors);
}

std::string IntakeServer::lastProblem() const {
  std::lock_guard<std::mutex> lock(problem_mutex_);
  return last_problem_;
}

void IntakeServer::run() {
  common::nameThisThread("vigil-intake");
  zmq::pollitem_t item{static_cast<void*>(socket_), 0, ZMQ_POLLIN, 0};
  std::vector<Pending> batch;
  const std::size_t max_batch = std::max<uint32_t>(options_.max_batch, 1);
  batch.reserve(max_batch);
  while (!stop_.load(std::memory_order_relaxed)) {
    try {
      if (zmq::poll(&item, 1, std::chrono::milliseconds(100)) <= 0) continue;
      // Everything already queued joins this batch; what arrives while it commits forms the next one.
      for (std::size_t n = 0; n < max_batch; ++n) {
        std::vector<zmq::message_t> frames;
        if (!zmq::recv_multipart(socket_, std::back_inserter(frames), zmq::recv_flags::dontwait)) break;
        admit(frames, batch);
      }
    } catch (const zmq::error_t& e) {
      // EINTR and the like: the loop goes on; nothing a peer sends can end it.
      noteProblem(std::string("zmq: ") + e.what());
    }
    commit(batch);
  }
}

void IntakeServer::noteProblem(std::string text) {
  std::lock_guard<std::mutex> lock(problem_mutex_);
  last_problem_ = std::move(text);
}

void IntakeServer::reply(const zmq::message_t& peer, std::string_view verb, const std::string& seq_frame,
                         std::string_view text) {
  std::vector<zmq::const_buffer> parts = {zmq::buffer(peer.data(), peer.size()), zmq::buffer(verb),
                                          zmq::buffer(seq_frame)};
  if (!text.empty()) parts.push_back(zmq::buffer(text));
  (void)zmq::send_multipart(socket_, parts, zmq::send_flags::dontwait);
}

void IntakeServer::reject(const zmq::message_t& peer, const std::string& seq_frame, RejectReason reason,
                          const std::string& why) {
  stats_.rejected[size_t(reason)].fetch_add(1, std::memory_order_relaxed);
  noteProblem(std::string(rejectReasonName(reason)) + ": " + why);
  if (!seq_frame.empty()) reply(peer, wire::kReject, seq_frame, std::string(rejectReasonName(reason)) + ": " + why);
}

void IntakeServer::admit(std::vector<zmq::message_t>& frames, std::vector<Pending>& batch) {
  stats_.received.fetch_add(1, std::memory_order_relaxed);
  // ROUTER prepends the peer's routing id: [peer][seq][event].
  if (frames.size() != 3 || !wire::decodeSeq(frames[1].to_string_view())) {
    // No usable seq to answer with: count it; the peer is not a well-behaved sensor.
    if (!frames.empty()) reject(frames[0], {}, RejectReason::kFrames, std::to_string(frames.size()) + " frames");
    return;
  }
  const zmq::message_t& peer = frames[0];
  std::string seq_frame = frames[1].to_string();
  const uint64_t seq = *wire::decodeSeq(seq_frame);
  const std::string_view json = frames[2].to_string_view();
  if (json.size() > options_.max_message_bytes) {
    reject(peer, seq_frame, RejectReason::kOversized,
           std::to_string(json.size()) + " bytes, limit " + std::to_string(options_.max_message_bytes));
    return;
  }
  auto parsed = event::parseEvent(json);
  if (!parsed.ok()) {
    reject(peer, seq_frame, RejectReason::kInvalidEvent, parsed.error());
    return;
  }
  if (!parsed->source_ip && !parsed->destination_ip) {
    reject(peer, seq_frame, RejectReason::kInvalidEvent, "event names neither source.ip nor destination.ip");
    return;
  }
  if (parsed->seq != seq) {
    reject(peer, seq_frame, RejectReason::kSeqMismatch,
           "frame seq " + std::to_string(seq) + ", event seq " + std::to_string(parsed->seq));
    return;
  }
  if (!options_.insecure) {
    // The name the ZAP handler gave this connection's key: a sensor cannot speak for another.
    const char* user = nullptr;
    try {
      user = frames[2].gets("User-Id");
    } catch (const zmq::error_t&) {
    }
    if (user == nullptr || parsed->sensor != user) {
      reject(peer, seq_frame, RejectReason::kSensorMismatch,
             "event from sensor '" + parsed->sensor + "' on the connection of key '" + (user ? user : "?") + "'");
      return;
    }
  }
  batch.push_back(Pending{std::move(frames[0]), std::move(seq_frame), std::move(frames[2]), std::move(*parsed)});
}

void IntakeServer::commit(std::vector<Pending>& batch) {
  if (batch.empty()) return;
  std::vector<ValidEvent> views;
  views.reserve(batch.size());
  for (const Pending& p : batch)
    views.push_back({&p.event, p.body.to_string_view()});
  auto outcomes = handler_.store(views);
  if (!outcomes.ok() || outcomes->size() != batch.size()) {
    // One unstorable event must not hold back the rest: store them one at a time.
    if (batch.size() > 1) {
      for (std::size_t i = 0; i < batch.size(); ++i) {
        std::vector<Pending> one;
        one.push_back(std::move(batch[i]));
        commit(one);
      }
    } else {
      stats_.store_errors.fetch_add(1, std::memory_order_relaxed);
      noteProblem(outcomes.ok() ? "store returned no outcome" : outcomes.error());
      // No ack: the sensor resends after its ack timeout.
    }
    batch.clear();
    return;
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    ((*outcomes)[i] == StoreOutcome::kStored ? stats_.stored : stats_.duplicates)
        .fetch_add(1, std::memory_order_relaxed);
    reply(batch[i].peer, wire::kAck, batch[i].seq_frame, {});
  }
  batch.clear();
}

}  // namespace vigil::intake
