// Tests for the EventPublisher against a hand-driven ROUTER on loopback: window, ACK/REJ, resend, restart.
#include "publish/event_publisher.h"

#include <gtest/gtest.h>

#include <thread>
#include <zmq_addon.hpp>

#include "spool_test_support.h"
#include "wire/wire_protocol.h"

namespace vigil::publish {
namespace {

event::Event sampleEvent(uint64_t seq) {
  event::Event e;
  e.sensor = "s1";
  e.seq = seq;
  e.time_source_ns = 1'700'000'000'000'000'000ull;
  e.time_observation_ns = e.time_source_ns;
  e.taxonomy = "information-gathering";
  e.type = "scanner";
  e.identifier = "scan-horizontal";
  e.source_ip = net::IpAddress::parse("192.0.2.1");
  e.tlp = "TLP:AMBER";
  e.severity = "low";
  return e;
}

/// A collector stand-in: receives [peer][seq][json], answers as told.
class FakeCollector {
 public:
  FakeCollector() : socket_(context_, zmq::socket_type::router) {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.bind("tcp://127.0.0.1:0");
    endpoint = socket_.get(zmq::sockopt::last_endpoint);
  }
  /// Receives up to `n` events within `ms`; returns their seqs. `answer(seq)` gives "ACK", "REJ" or "" (none).
  std::vector<uint64_t> serve(std::size_t n, int ms, const std::function<std::string(uint64_t)>& answer) {
    std::vector<uint64_t> seen;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (seen.size() < n && std::chrono::steady_clock::now() < deadline) {
      zmq::pollitem_t item{static_cast<void*>(socket_), 0, ZMQ_POLLIN, 0};
      if (zmq::poll(&item, 1, std::chrono::milliseconds(20)) <= 0) continue;
      std::vector<zmq::message_t> frames;
      (void)zmq::recv_multipart(socket_, std::back_inserter(frames));
      if (frames.size() != 3) continue;
      const uint64_t seq = *wire::decodeSeq(frames[1].to_string_view());
      seen.push_back(seq);
      const std::string verb = answer(seq);
      if (verb.empty()) continue;
      std::vector<zmq::const_buffer> reply = {zmq::buffer(frames[0].data(), frames[0].size()), zmq::buffer(verb),
                                              zmq::buffer(frames[1].data(), frames[1].size())};
      if (verb == "REJ") reply.push_back(zmq::buffer(std::string_view("invalid-event: test")));
      (void)zmq::send_multipart(socket_, reply);
    }
    return seen;
  }
  std::string endpoint;

 private:
  zmq::context_t context_;
  zmq::socket_t socket_;
};

PublisherOptions optionsFor(const std::string& endpoint) {
  PublisherOptions o;
  o.endpoint = endpoint;
  o.insecure = true;
  o.window = 4;
  o.ack_timeout = std::chrono::milliseconds(300);
  return o;
}

std::unique_ptr<Spool> openSpool(const testing_support::TempDir& dir) {
  SpoolOptions o;
  o.dir = dir.file("spool");
  auto spool = Spool::open(o);
  EXPECT_TRUE(spool.ok()) << spool.error();
  return std::move(*spool);
}

TEST(EventPublisherTest, DeliversInOrderAndDropsAckedAndRejected) {
  testing_support::TempDir dir;
  FakeCollector collector;
  EventPublisher publisher(optionsFor(collector.endpoint), openSpool(dir));
  ASSERT_TRUE(publisher.start().ok());
  EXPECT_EQ(publisher.nextSeq(), 1u);
  for (uint64_t seq = 1; seq <= 10; ++seq)
    ASSERT_TRUE(publisher.publish(sampleEvent(seq)).ok());
  const auto seen = collector.serve(10, 5000, [](uint64_t seq) { return seq == 3 ? "REJ" : "ACK"; });
  EXPECT_EQ(seen, (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(publisher.stop(std::chrono::milliseconds(2000)), 0u);
  EXPECT_EQ(publisher.stats().acked.load(), 9u);
  EXPECT_EQ(publisher.stats().rejected.load(), 1u);
  EXPECT_EQ(publisher.lastProblem(), "collector rejected event 3: invalid-event: test");
}

TEST(EventPublisherTest, NeverMoreThanTheWindowInFlightAndResendsAfterTheAckTimeout) {
  testing_support::TempDir dir;
  FakeCollector collector;
  EventPublisher publisher(optionsFor(collector.endpoint), openSpool(dir));
  ASSERT_TRUE(publisher.start().ok());
  for (uint64_t seq = 1; seq <= 6; ++seq)
    ASSERT_TRUE(publisher.publish(sampleEvent(seq)).ok());
  // Nothing acked: only the window (4) goes out, then the same 4 again after the timeout.
  const auto first = collector.serve(8, 2000, [](uint64_t) { return ""; });
  EXPECT_EQ(first, (std::vector<uint64_t>{1, 2, 3, 4, 1, 2, 3, 4}));
  const auto second = collector.serve(6, 3000, [](uint64_t) { return "ACK"; });
  EXPECT_EQ(second.size(), 6u);
  EXPECT_EQ(publisher.stop(std::chrono::milliseconds(2000)), 0u);
  EXPECT_GE(publisher.stats().resent.load(), 4u);
}

TEST(EventPublisherTest, UnackedEventsSurviveARestartAndNumberingContinues) {
  testing_support::TempDir dir;
  {
    EventPublisher down(optionsFor("tcp://127.0.0.1:9"), openSpool(dir));
    ASSERT_TRUE(down.start().ok());
    for (uint64_t seq = 1; seq <= 3; ++seq)
      ASSERT_TRUE(down.publish(sampleEvent(seq)).ok());
    EXPECT_EQ(down.stop(std::chrono::milliseconds(100)), 3u);
  }
  FakeCollector collector;
  EventPublisher publisher(optionsFor(collector.endpoint), openSpool(dir));
  EXPECT_EQ(publisher.nextSeq(), 4u);
  ASSERT_TRUE(publisher.start().ok());
  ASSERT_TRUE(publisher.publish(sampleEvent(4)).ok());
  EXPECT_EQ(collector.serve(4, 5000, [](uint64_t) { return "ACK"; }), (std::vector<uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(publisher.stop(std::chrono::milliseconds(2000)), 0u);
}

}  // namespace
}  // namespace vigil::publish
