// Tests for DetectionEngine over a real HostWindow fed tick by tick: thresholds, filters, cooldown, ends, reloads.
#include "detect/detection_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include "detect_test_support.h"
#include "event/event_json.h"

namespace vigil::detect {
namespace {

using namespace test;  // NOLINT: test helpers

constexpr uint64_t kSecond = 1'000'000'000;
constexpr uint64_t kFirstTick = 1'700'000'000;  // ticks of one second: tick number = seconds since the epoch

/// A syn-flood rule with the given id, threshold (packets/s), window and cooldown.
std::string synRule(const std::string& id, int threshold, const std::string& window, const std::string& cooldown,
                    const std::string& extra = "") {
  return "  - id: " + id +
         "\n    kind: syn-flood\n    match: {protocol: tcp, tcp_flags: {set: [syn], unset: [ack]}}\n"
         "    key: destination\n    measure: packets_per_second\n    threshold: " +
         std::to_string(threshold) + "\n    window: " + window + "\n    cooldown: " + cooldown + "\n" + extra;
}

class CapturingSink final : public EventSink {
 public:
  common::Result<void> publish(const event::Event& e) override {
    if (fail_) return common::fail("spool: disk full");
    events.push_back(e);
    return {};
  }
  common::Result<void> flush() override {
    ++flushes;
    return {};
  }
  void failFromNowOn() { fail_ = true; }

  std::vector<event::Event> events;
  int flushes = 0;

 private:
  bool fail_ = false;
};

class DetectionEngineTest : public ::testing::Test {
 protected:
  static flow::StateConfig tableConfig() {
    flow::StateConfig c;
    c.host_capacity = 1024;
    c.flow_capacity = 1024;
    return c;
  }

  void start(const std::string& yaml, const std::string& base_dir = ".") {
    std::unique_ptr<DetectorSet> set = buildSet(yaml, "s1", base_dir);
    ASSERT_NE(set, nullptr);
    flow::WindowConfig w;
    w.host_capacity = 1024;
    w.window_ticks = DetectionEngine::windowTicksFor(*set->rules, kSecond);
    window_ = std::make_unique<flow::HostWindow>(w);
    engine_ = std::make_unique<DetectionEngine>("s1", kSecond, sink_, std::move(set));
  }

  /// `count` spoofed 60-byte SYNs to `victim` in the current tick; `source` sends them all when given.
  void syns(const char* victim, uint32_t count, const char* source = nullptr) {
    flow::HostCounters* h = table_.touch(ip(victim), tick_ * kSecond + 1);
    h->in.packets += count;
    h->in.tcp += count;
    h->in.syn += count;
    h->in.bytes += uint64_t(count) * 60;
    h->conn_in.attempts += count;
    if (source != nullptr) h->top_in.add(ip(source), count);
  }

  /// Closes the current tick as the aggregator does: merge, advance, detect.
  void tick() {
    window_->merge(table_, tick_);
    table_.clear();
    window_->advance(tick_);
    engine_->onTick(*window_, tick_, (tick_ + 1) * kSecond);
    ++tick_;
  }

  /// Runs `ticks` ticks with `count` SYNs to `victim` in each.
  void flood(const char* victim, uint32_t count, int ticks) {
    for (int i = 0; i < ticks; ++i) {
      syns(victim, count);
      tick();
    }
  }

  CapturingSink sink_;
  flow::HostTable table_{tableConfig()};
  std::unique_ptr<flow::HostWindow> window_;
  std::unique_ptr<DetectionEngine> engine_;
  uint64_t tick_ = kFirstTick;
};

TEST_F(DetectionEngineTest, ExactlyAtTheThresholdNothingFires) {
  start("rules:\n" + synRule("syn", 100, "10s", "300s"));
  flood("192.0.2.80", 100, 15);  // 100/s over every window length the window goes through
  EXPECT_TRUE(sink_.events.empty());
  EXPECT_EQ(engine_->stats().events, 0u);
  EXPECT_EQ(sink_.flushes, 15);  // the sink is flushed once per tick
}

TEST_F(DetectionEngineTest, JustAboveTheThresholdFiresExactlyOnce) {
  start("rules:\n" + synRule("syn", 100, "10s", "300s"));
  flood("192.0.2.80", 101, 15);
  ASSERT_EQ(sink_.events.size(), 1u);
  const event::Event& e = sink_.events[0];
  EXPECT_EQ(e.eventId(), "s1-1");
  EXPECT_EQ(e.time_source_ns, kFirstTick * kSecond + 1);  // the first SYN
  EXPECT_EQ(e.time_observation_ns, (kFirstTick + 1) * kSecond);
  EXPECT_EQ(e.taxonomy, "availability");
  EXPECT_EQ(e.type, "ddos");
  EXPECT_EQ(e.identifier, "syn-flood");
  EXPECT_EQ(e.source_ip, std::nullopt);
  EXPECT_EQ(e.destination_ip, ip("192.0.2.80"));
  EXPECT_EQ(e.destination_port, std::nullopt);
  EXPECT_EQ(e.transport, "tcp");
  EXPECT_EQ(e.rule_id, "syn");
  EXPECT_EQ(e.tlp, "TLP:AMBER");
  EXPECT_EQ(e.severity, "medium");
  EXPECT_EQ(e.status, "started");
  EXPECT_EQ(e.extra.at("value"), 101.0);
  EXPECT_EQ(e.extra.at("threshold"), 100.0);
  EXPECT_EQ(e.extra.at("window_seconds"), 1.0);  // the window had covered one tick
  EXPECT_EQ(e.extra.at("matched_packets"), 101);
  EXPECT_EQ(engine_->stats().events, 1u);

  // What the sensor emits is what the collector accepts.
  const common::Result<event::Event> back = event::parseEvent(event::toJsonLine(e));
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->destination_ip, e.destination_ip);
}

TEST_F(DetectionEngineTest, CooldownSpacesTheUpdates) {
  start("rules:\n" + synRule("syn", 100, "10s", "5s"));
  flood("192.0.2.80", 200, 12);
  ASSERT_EQ(sink_.events.size(), 3u);
  const std::pair<uint64_t, const char*> expected[] = {{1, "started"}, {6, "update"}, {11, "update"}};
  for (std::size_t i = 0; i < 3; ++i) {
    const event::Event& e = sink_.events[i];
    EXPECT_EQ(e.seq, i + 1);
    EXPECT_EQ(e.status, expected[i].second);
    EXPECT_EQ(e.time_observation_ns, (kFirstTick + expected[i].first) * kSecond);
    EXPECT_EQ(e.time_source_ns, kFirstTick * kSecond + 1);  // the same finding throughout
  }
}

TEST_F(DetectionEngineTest, MinDurationHoldsTheFirstEventBack) {
  start("rules:\n" + synRule("syn", 100, "10s", "300s", "    min_duration: 3s\n"));
  flood("192.0.2.80", 200, 3);
  EXPECT_TRUE(sink_.events.empty());
  flood("192.0.2.80", 200, 1);
  ASSERT_EQ(sink_.events.size(), 1u);
  EXPECT_EQ(sink_.events[0].status, "started");
  EXPECT_EQ(sink_.events[0].time_observation_ns, (kFirstTick + 4) * kSecond);
  EXPECT_EQ(sink_.events[0].time_source_ns, kFirstTick * kSecond + 1);
}

TEST_F(DetectionEngineTest, AFindingThatStopsEndsAndALaterOneStartsAfresh) {
  start("rules:\n" + synRule("syn", 100, "2s", "300s"));
  flood("192.0.2.80", 300, 2);
  tick();  // 300 SYNs still in the 2 s window: 150/s, the finding holds (no event: cooldown)
  EXPECT_EQ(sink_.events.size(), 1u);
  tick();  // nothing left in the window: the finding ends
  flood("192.0.2.80", 300, 1);
  ASSERT_EQ(sink_.events.size(), 2u);
  EXPECT_EQ(sink_.events[1].seq, 2u);
  EXPECT_EQ(sink_.events[1].status, "started");
  EXPECT_EQ(sink_.events[1].time_source_ns, (kFirstTick + 4) * kSecond + 1);
  EXPECT_EQ(sink_.events[1].time_observation_ns, (kFirstTick + 5) * kSecond);
}

TEST_F(DetectionEngineTest, HomeNetworksAndAllowlistDecideWhatIsReported) {
  start("home_networks: [192.0.2.0/24]\nallowlist: [192.0.2.99, 198.51.100.5]\nrules:\n" +
        synRule("syn", 100, "10s", "300s"));
  syns("192.0.2.80", 200);                  // home victim: reported
  syns("198.51.100.80", 200);               // foreign victim of spoofed sources: not ours
  syns("192.0.2.99", 200);                  // home but allowlisted
  syns("198.51.100.81", 200, "192.0.2.7");  // foreign victim of a home source: reported
  syns("192.0.2.81", 200, "198.51.100.5");  // home victim of an allowlisted source: never reported
  tick();
  ASSERT_EQ(sink_.events.size(), 2u);
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<uint64_t> seqs;
  for (const event::Event& e : sink_.events) {
    pairs.emplace_back(e.source_ip ? e.source_ip->toString() : "-", e.destination_ip->toString());
    seqs.push_back(e.seq);
  }
  std::sort(pairs.begin(), pairs.end());
  EXPECT_EQ(pairs,
            (std::vector<std::pair<std::string, std::string>>{{"-", "192.0.2.80"}, {"192.0.2.7", "198.51.100.81"}}));
  EXPECT_EQ(seqs, (std::vector<uint64_t>{1, 2}));  // gap-free within a tick
}

TEST_F(DetectionEngineTest, AReloadKeepsFindingsOfUnchangedRulesAndStartsNewOnes) {
  start("rules:\n" + synRule("syn", 100, "10s", "300s"));
  flood("192.0.2.80", 200, 1);
  ASSERT_EQ(sink_.events.size(), 1u);
  engine_->install(buildSet("rules:\n" + synRule("syn", 150, "10s", "300s")));
  EXPECT_EQ(engine_->stats().reloads, 0u);  // takes effect at the next tick
  flood("192.0.2.80", 200, 1);
  EXPECT_EQ(engine_->stats().reloads, 1u);
  EXPECT_EQ(sink_.events.size(), 1u);  // same rule id: the same finding carries on
  engine_->install(buildSet("rules:\n" + synRule("syn-v2", 150, "10s", "300s")));
  flood("192.0.2.80", 200, 1);
  EXPECT_EQ(engine_->stats().reloads, 2u);
  ASSERT_EQ(sink_.events.size(), 2u);
  EXPECT_EQ(sink_.events[1].rule_id, "syn-v2");
  EXPECT_EQ(sink_.events[1].status, "started");
  EXPECT_EQ(sink_.events[1].seq, 2u);
  EXPECT_EQ(sink_.events[1].extra.at("threshold"), 150.0);
}

TEST_F(DetectionEngineTest, PublishFailuresAreCountedWithTheLastError) {
  start("rules:\n" + synRule("syn", 100, "10s", "5s"));
  sink_.failFromNowOn();
  flood("192.0.2.80", 200, 1);
  EXPECT_EQ(engine_->stats().events, 1u);
  EXPECT_EQ(engine_->stats().publish_failures, 1u);
  EXPECT_EQ(engine_->lastError(), "spool: disk full");
  engine_->finish();
  EXPECT_EQ(sink_.flushes, 2);
}

TEST_F(DetectionEngineTest, ListedHostsAreVisitedWhateverTheirVolume) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "vigil_engine_blocklist";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "c2.txt") << "198.51.100.66\n";
  start("blocklists:\n  - name: c2\n    file: c2.txt\nrules:\n" + synRule("syn", 100, "10s", "300s"), dir.string());
  std::filesystem::remove_all(dir);
  flow::HostCounters* c2 = table_.touch(ip("198.51.100.66"), tick_ * kSecond + 1);
  c2->in.packets = 2;  // two packets: far below what the flood rule needs to look at a host
  c2->in.bytes = 120;
  c2->top_in.add(ip("10.1.1.1"), 2);
  tick();
  ASSERT_EQ(sink_.events.size(), 1u);
  const event::Event& e = sink_.events[0];
  EXPECT_EQ(e.rule_id, "blocklist:c2");
  EXPECT_EQ(e.identifier, "c2-contact");
  EXPECT_EQ(e.taxonomy, "malicious-code");
  EXPECT_EQ(e.type, "infected-system");
  EXPECT_EQ(e.severity, "high");
  EXPECT_EQ(e.source_ip, ip("10.1.1.1"));
  EXPECT_EQ(e.destination_ip, ip("198.51.100.66"));
  EXPECT_EQ(e.transport, "");
  EXPECT_EQ(e.extra.at("blocklist"), "c2");
  EXPECT_EQ(e.extra.at("packets_with_listed_host"), 2.0);
}

/// Fires never; counts its visits. Needs `pps` packets per second of the window, as a rate rule would.
class CountingDetector final : public Detector {
 public:
  CountingDetector(const rules::Rule& rule, double pps)
      : Detector(rule, *TrafficClass::of(rule, /*host_is_source=*/false), false), pps_(pps) {}
  std::size_t evaluate(const HostSample&, Finding*) const override {
    ++visits;
    return 0;
  }
  double minPackets(double min_seconds) const noexcept override { return pps_ * min_seconds; }
  mutable int visits = 0;

 private:
  double pps_;
};

TEST_F(DetectionEngineTest, EachDetectorVisitsOnlyHostsWithThePacketsItsRateNeedsOverTheWindowSoFar) {
  std::unique_ptr<DetectorSet> set = buildSet("rules:\n" + synRule("syn", 100, "10s", "300s"));
  ASSERT_NE(set, nullptr);
  const rules::Rule& rule = set->rules->rules().at(0);
  auto lenient = std::make_unique<CountingDetector>(rule, 1);  // lets every host with a packet a second in
  auto strict = std::make_unique<CountingDetector>(rule, 100);
  const CountingDetector& a = *lenient;
  const CountingDetector& b = *strict;
  set->detectors.clear();
  set->detectors.push_back(std::move(lenient));
  set->detectors.push_back(std::move(strict));
  flow::WindowConfig w;
  w.host_capacity = 1024;
  w.window_ticks = 10;
  window_ = std::make_unique<flow::HostWindow>(w);
  engine_ = std::make_unique<DetectionEngine>("s1", kSecond, sink_, std::move(set));
  // Over the first five ticks the window spans 1..5 s, so the strict detector needs 100..500 packets: the
  // host at 100 a second always has exactly enough, the one at 99 never (a bound taken from one tick
  // would let it in from its second tick on, one from a tick more than the span would shut both out).
  for (int i = 0; i < 5; ++i) {
    syns("192.0.2.1", 99);
    syns("192.0.2.2", 100);
    tick();
  }
  EXPECT_EQ(a.visits, 10);
  EXPECT_EQ(b.visits, 5);
}

// Between slot changes the engine visits only hosts merged into and hosts with findings. On random bursty
// traffic (hosts quiet for ticks while their window rates stay above the thresholds, findings that start,
// carry on through quiet ticks, update and end) it must emit exactly what visiting every host every tick
// emits.
TEST(DetectionEngineVisitTest, VisitingChangedHostsGivesTheEventsOfVisitingEveryHost) {
  const std::string yaml = "rules:\n" + synRule("short", 40, "10s", "3s") + synRule("long", 15, "60s", "7s") +
                           synRule("held", 60, "30s", "5s", "    min_duration: 4s\n");
  struct Run {
    CapturingSink sink;
    flow::HostTable table{[] {
      flow::StateConfig c;
      c.host_capacity = 1024;
      c.flow_capacity = 1024;
      return c;
    }()};
    std::unique_ptr<flow::HostWindow> window;
    std::unique_ptr<DetectionEngine> engine;
  };
  Run runs[2];
  for (int r = 0; r < 2; ++r) {
    std::unique_ptr<DetectorSet> set = buildSet(yaml);
    ASSERT_NE(set, nullptr);
    flow::WindowConfig w;
    w.host_capacity = 1024;
    w.window_ticks = DetectionEngine::windowTicksFor(*set->rules, kSecond);
    runs[r].window = std::make_unique<flow::HostWindow>(w);
    runs[r].engine = std::make_unique<DetectionEngine>("s1", kSecond, runs[r].sink, std::move(set));
  }
  runs[1].engine->visitEveryHostEveryTick(true);
  uint64_t seed = 12345;
  const auto next = [&seed](uint32_t n) {
    seed = flow::mix64(seed + 0x9e3779b97f4a7c15ull);
    return uint32_t(seed % n);
  };
  for (uint64_t tick = kFirstTick; tick < kFirstTick + 200; ++tick) {
    for (uint32_t h = 0; h < 40; ++h) {
      // Each host is mostly quiet, with bursts of a few ticks now and then, some far above the thresholds.
      const uint32_t roll = next(100);
      const uint32_t count = roll < 70 ? 0 : roll < 90 ? next(30) : roll < 98 ? 100 + next(400) : 2000;
      if (count == 0) continue;
      for (Run& run : runs) {
        flow::HostCounters* c = run.table.touch(net::IpAddress::fromV4(0xc0000200u + h), tick * kSecond + 1);
        c->in.packets += count;
        c->in.tcp += count;
        c->in.syn += count;
        c->in.bytes += uint64_t(count) * 60;
        c->conn_in.attempts += count;
      }
    }
    for (Run& run : runs) {
      run.window->merge(run.table, tick);
      run.table.clear();
      run.window->advance(tick);
      run.engine->onTick(*run.window, tick, (tick + 1) * kSecond);
    }
  }
  const auto lines = [](const CapturingSink& sink) {
    std::vector<std::string> out;
    for (const event::Event& e : sink.events)
      out.push_back(event::toJsonLine(e));
    return out;
  };
  const std::vector<std::string> visited_changed = lines(runs[0].sink);
  const std::vector<std::string> visited_all = lines(runs[1].sink);
  ASSERT_EQ(visited_changed.size(), visited_all.size());
  for (std::size_t i = 0; i < visited_all.size(); ++i)
    EXPECT_EQ(visited_changed[i], visited_all[i]) << i;
  // The traffic gives findings of every kind of life: several starts, updates, and ends followed by new starts.
  const auto count = [&](const std::string& status) {
    return std::count_if(runs[1].sink.events.begin(), runs[1].sink.events.end(),
                         [&](const event::Event& e) { return e.status == status; });
  };
  EXPECT_GT(count("started"), 20);
  EXPECT_GT(count("update"), 20);
}

TEST(DetectionEngineWindowTest, TheWindowIsTheLongestEnabledRule) {
  auto ticks = [](const std::string& yaml, uint64_t tick_ns) {
    auto rules = rules::parseRuleSet(yaml, "r.yaml", ".");
    EXPECT_TRUE(rules.ok()) << rules.error();
    return DetectionEngine::windowTicksFor(**rules, tick_ns);
  };
  const std::string two = "rules:\n" + synRule("a", 100, "10s", "60s") + synRule("b", 100, "30s", "60s");
  EXPECT_EQ(ticks(two, kSecond), 30u);
  EXPECT_EQ(ticks(two, kSecond / 10), 300u);
  EXPECT_EQ(ticks(two, 7 * kSecond), 5u);  // rounded up: 30 s needs 5 ticks of 7 s
  EXPECT_EQ(
      ticks("rules:\n" + synRule("a", 100, "10s", "60s") + synRule("b", 100, "30s", "60s", "    enabled: false\n"),
            kSecond),
      10u);
  EXPECT_EQ(ticks("rules:\n" + synRule("a", 100, "1h", "60s"), kSecond / 10), flow::kMaxWindowTicks);
  EXPECT_EQ(ticks("rules:\n" + synRule("a", 100, "1s", "60s"), 10 * kSecond), 1u);
}

}  // namespace
}  // namespace vigil::detect
