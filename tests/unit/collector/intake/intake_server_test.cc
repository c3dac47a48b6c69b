// Tests for the intake over real ZeroMQ sockets on loopback: acks, every rejection reason, garbage, CURVE keys.
#include "intake/intake_server.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>
#include <zmq_addon.hpp>

#include "event/event_json.h"
#include "wire/wire_protocol.h"

namespace vigil::intake {
namespace {

/// The store stand-in: remembers (sensor, seq) per batch, all or nothing; fails on demand, or for any
/// batch holding the `poison` seq; can be slow on its first batch so that the next ones queue up.
class MemoryHandler : public EventHandler {
 public:
  common::Result<std::vector<StoreOutcome>> store(std::span<const ValidEvent> events) override {
    if (slow_first.exchange(false)) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    largest_batch = std::max(largest_batch.load(), events.size());
    if (fail) return common::fail("disk full");
    for (const ValidEvent& e : events) {
      if (e.event->seq == poison) return common::fail("cannot store seq " + std::to_string(poison));
    }
    std::vector<StoreOutcome> out;
    for (const ValidEvent& e : events) {
      out.push_back(stored.emplace(std::make_pair(e.event->sensor, e.event->seq), e.event->identifier).second
                        ? StoreOutcome::kStored
                        : StoreOutcome::kDuplicate);
    }
    return out;
  }
  std::map<std::pair<std::string, uint64_t>, std::string> stored;
  std::atomic<bool> fail{false};
  std::atomic<bool> slow_first{false};
  std::atomic<uint64_t> poison{0};
  std::atomic<std::size_t> largest_batch{0};
};

event::Event sampleEvent(const std::string& sensor, uint64_t seq) {
  event::Event e;
  e.sensor = sensor;
  e.seq = seq;
  e.time_source_ns = 1'700'000'000'000'000'000ull;
  e.time_observation_ns = 1'700'000'001'000'000'000ull;
  e.taxonomy = "information-gathering";
  e.type = "scanner";
  e.identifier = "scan-horizontal";
  e.source_ip = net::IpAddress::parse("192.0.2.1");
  e.transport = "tcp";
  e.rule_id = "r";
  e.tlp = "TLP:AMBER";
  e.severity = "medium";
  return e;
}

/// A DEALER speaking the wire protocol by hand; replies as vectors of strings.
class Client {
 public:
  Client(const std::string& endpoint, const std::string& server_key = {}, const std::string& pub = {},
         const std::string& sec = {})
      : socket_(context_, zmq::socket_type::dealer) {
    socket_.set(zmq::sockopt::linger, 0);
    if (!server_key.empty()) {
      socket_.set(zmq::sockopt::curve_serverkey, server_key);
      socket_.set(zmq::sockopt::curve_publickey, pub);
      socket_.set(zmq::sockopt::curve_secretkey, sec);
    }
    socket_.connect(endpoint);
  }
  void send(std::vector<std::string> frames) {
    std::vector<zmq::const_buffer> parts;
    for (const std::string& f : frames)
      parts.push_back(zmq::buffer(f));
    ASSERT_TRUE(zmq::send_multipart(socket_, parts));
  }
  void sendEvent(const event::Event& e) { send({wire::encodeSeq(e.seq), event::toJsonLine(e)}); }
  /// The next reply, or empty after `ms`.
  std::vector<std::string> reply(int ms = 3000) {
    zmq::pollitem_t item{static_cast<void*>(socket_), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, std::chrono::milliseconds(ms)) <= 0) return {};
    std::vector<zmq::message_t> frames;
    (void)zmq::recv_multipart(socket_, std::back_inserter(frames));
    std::vector<std::string> out;
    for (auto& f : frames)
      out.push_back(f.to_string());
    return out;
  }

 private:
  zmq::context_t context_;
  zmq::socket_t socket_;
};

IntakeOptions insecureOptions() {
  IntakeOptions o;
  o.endpoint = "tcp://127.0.0.1:0";
  o.insecure = true;
  o.max_message_bytes = 4096;
  return o;
}

TEST(IntakeServerTest, StoresAcksAndIgnoresDuplicates) {
  MemoryHandler handler;
  IntakeServer server(insecureOptions(), handler);
  ASSERT_TRUE(server.start().ok());
  Client client(server.boundEndpoint());
  for (uint64_t seq : {1, 2, 2}) {
    client.sendEvent(sampleEvent("s1", seq));
    EXPECT_EQ(client.reply(), (std::vector<std::string>{"ACK", wire::encodeSeq(seq)}));
  }
  EXPECT_EQ(handler.stored.size(), 2u);
  EXPECT_EQ(server.stats().stored.load(), 2u);
  EXPECT_EQ(server.stats().duplicates.load(), 1u);
}

TEST(IntakeServerTest, RejectsWithTheReasonAndKeepsWorking) {
  MemoryHandler handler;
  IntakeServer server(insecureOptions(), handler);
  ASSERT_TRUE(server.start().ok());
  Client client(server.boundEndpoint());
  const std::string seq7 = wire::encodeSeq(7);
  client.send({seq7, std::string(5000, 'x')});
  EXPECT_EQ(client.reply(), (std::vector<std::string>{"REJ", seq7, "oversized: 5000 bytes, limit 4096"}));
  client.send({seq7, "{not json"});
  auto r = client.reply();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0], "REJ");
  EXPECT_EQ(r[2].rfind("invalid-event: ", 0), 0u) << r[2];
  client.sendEvent(sampleEvent("s1", 8));  // frame says 8, and so does the event: fine
  EXPECT_EQ(client.reply()[0], "ACK");
  client.send({seq7, event::toJsonLine(sampleEvent("s1", 9))});
  EXPECT_EQ(client.reply(), (std::vector<std::string>{"REJ", seq7, "seq-mismatch: frame seq 7, event seq 9"}));
  event::Event hostless = sampleEvent("s1", 10);
  hostless.source_ip.reset();
  client.sendEvent(hostless);
  EXPECT_EQ(client.reply()[2], "invalid-event: event names neither source.ip nor destination.ip");
  // Garbage without a usable seq frame: counted, not answered, not fatal.
  client.send({"x"});
  client.send({"a", "b", "c", "d"});
  EXPECT_TRUE(client.reply(300).empty());
  client.sendEvent(sampleEvent("s1", 11));
  EXPECT_EQ(client.reply()[0], "ACK");
  const auto& rejected = server.stats().rejected;
  EXPECT_EQ(rejected[size_t(RejectReason::kOversized)].load(), 1u);
  EXPECT_EQ(rejected[size_t(RejectReason::kInvalidEvent)].load(), 2u);
  EXPECT_EQ(rejected[size_t(RejectReason::kSeqMismatch)].load(), 1u);
  EXPECT_EQ(rejected[size_t(RejectReason::kFrames)].load(), 2u);
  EXPECT_EQ(handler.stored.size(), 2u);
}

TEST(IntakeServerTest, StoreErrorMeansNoAckSoTheSensorResends) {
  MemoryHandler handler;
  handler.fail = true;
  IntakeServer server(insecureOptions(), handler);
  ASSERT_TRUE(server.start().ok());
  Client client(server.boundEndpoint());
  client.sendEvent(sampleEvent("s1", 1));
  EXPECT_TRUE(client.reply(300).empty());
  EXPECT_EQ(server.stats().store_errors.load(), 1u);
  EXPECT_EQ(server.lastProblem(), "disk full");
  handler.fail = false;
  client.sendEvent(sampleEvent("s1", 1));
  EXPECT_EQ(client.reply()[0], "ACK");
}

TEST(IntakeServerTest, QueuedEventsCommitTogetherAndABadOneDoesNotHoldBackTheRest) {
  MemoryHandler handler;
  handler.slow_first = true;  // events 2.. arrive while event 1 commits, and form the next batches
  handler.poison = 77;
  IntakeServer server(insecureOptions(), handler);
  ASSERT_TRUE(server.start().ok());
  Client client(server.boundEndpoint());
  for (uint64_t seq = 1; seq <= 200; ++seq)
    client.sendEvent(sampleEvent("s1", seq));
  std::set<std::string> acked;
  for (std::vector<std::string> r = client.reply(); !r.empty(); r = client.reply(500)) {
    ASSERT_EQ(r[0], "ACK");
    acked.insert(r[1]);
  }
  EXPECT_EQ(acked.size(), 199u);
  EXPECT_EQ(acked.count(wire::encodeSeq(77)), 0u);
  EXPECT_EQ(handler.stored.size(), 199u);
  EXPECT_GT(handler.largest_batch.load(), 1u);
  EXPECT_LE(handler.largest_batch.load(), 512u);
  EXPECT_EQ(server.stats().stored.load(), 199u);
  EXPECT_EQ(server.stats().store_errors.load(), 1u);
  EXPECT_EQ(server.lastProblem(), "cannot store seq 77");
}

TEST(IntakeServerTest, CurveAdmitsOnlyAllowlistedKeysUnderTheirOwnName) {
  char server_pub[41], server_sec[41], s1_pub[41], s1_sec[41], rogue_pub[41], rogue_sec[41];
  ASSERT_EQ(zmq_curve_keypair(server_pub, server_sec), 0);
  ASSERT_EQ(zmq_curve_keypair(s1_pub, s1_sec), 0);
  ASSERT_EQ(zmq_curve_keypair(rogue_pub, rogue_sec), 0);
  MemoryHandler handler;
  IntakeOptions o;
  o.endpoint = "tcp://127.0.0.1:0";
  o.server_secret_key = server_sec;
  o.sensors = {{"s1", s1_pub}};
  IntakeServer server(o, handler);
  ASSERT_TRUE(server.start().ok());

  Client s1(server.boundEndpoint(), server_pub, s1_pub, s1_sec);
  s1.sendEvent(sampleEvent("s1", 1));
  EXPECT_EQ(s1.reply()[0], "ACK");
  s1.sendEvent(sampleEvent("s2", 1));  // s1's key speaking for s2
  auto r = s1.reply();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[2], "sensor-mismatch: event from sensor 's2' on the connection of key 's1'");

  Client rogue(server.boundEndpoint(), server_pub, rogue_pub, rogue_sec);
  rogue.sendEvent(sampleEvent("rogue", 1));
  EXPECT_TRUE(rogue.reply(500).empty());
  EXPECT_GE(server.refusedKeys(), 1u);
  EXPECT_EQ(handler.stored.size(), 1u);
}

}  // namespace
}  // namespace vigil::intake
