// Test support for detector unit tests: rule sets from inline YAML, hosts with hand-filled window totals.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detect/detector.h"
#include "detect/detector_factory.h"
#include "flow/flow_hash.h"
#include "rules/rule_loader.h"

namespace vigil::detect::test {

inline net::IpAddress ip(const char* text) {
  return *net::IpAddress::parse(text);
}

/// A rules file with one rule: `rules:` at line 1, the rule's `match:` at line 4, column 5 (errors point there).
inline std::string oneRule(const std::string& kind, const std::string& match, const std::string& key,
                           const std::string& measure, const std::string& threshold, const std::string& extra = "") {
  return "rules:\n  - id: r1\n    kind: " + kind + "\n    match: " + match + "\n    key: " + key +
         "\n    measure: " + measure + "\n    threshold: " + threshold + "\n    window: 60s\n" + extra;
}

/// The detectors of an inline rules file, or nullptr after recording a test failure. Relative paths in the
/// file (blocklists) resolve under `base_dir`.
inline std::unique_ptr<DetectorSet> buildSet(const std::string& yaml, std::string_view sensor = "s1",
                                             const std::string& base_dir = ".") {
  auto rules = rules::parseRuleSet(yaml, "r.yaml", base_dir);
  if (!rules) {
    ADD_FAILURE() << rules.error();
    return nullptr;
  }
  auto set = buildDetectors(std::move(rules).value(), sensor);
  if (!set) {
    ADD_FAILURE() << set.error();
    return nullptr;
  }
  return std::move(set).value();
}

/// A host as the DetectionEngine would show it to a detector, with its window sums written directly.
/// Distinct sets hold items drawn from `salt`-separated ranges; up to 64 items they are counted exactly.
class FakeHost {
 public:
  explicit FakeHost(const char* address, double seconds = 60) : ip_(ip(address)), seconds_(seconds) {}
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  flow::HostCounters& window() { return totals_.window; }
  flow::HostWindow::Totals& totals() { return totals_; }
  const net::IpAddress& address() const { return ip_; }

  void addPeersOut(int n) { addItems(totals_.window.peers_out, n, 1); }
  void addPeersIn(int n) { addItems(totals_.window.peers_in, n, 2); }
  void addPortsOut(int n) { addItems(totals_.window.ports_out, n, 3); }
  void addPortsIn(int n) { addItems(totals_.window.ports_in, n, 4); }
  void setListedHome(bool listed) { listed_home_ = listed; }

  /// The view a detector evaluates; valid while this object lives.
  HostSample sample() const {
    HostSample s{ip_, totals_};
    s.seconds = seconds_;
    s.home = true;
    s.listed_home = listed_home_;
    s.now_ns = 1'700'000'000'000'000'000ull;
    return s;
  }

 private:
  void addItems(flow::DistinctCounter& set, int n, uint64_t salt) {
    for (int i = 0; i < n; ++i)
      set.add(flow::mix64(salt << 32 | uint64_t(i)), pools_);
  }

  const net::IpAddress ip_;
  const double seconds_;
  bool listed_home_ = false;
  flow::DistinctPools pools_{64, 8};
  flow::HostWindow::Totals totals_;
};

/// Runs one detector over one host and returns its findings.
inline std::vector<Finding> evaluate(const Detector& detector, const FakeHost& host) {
  Finding out[Detector::kMaxFindings];
  const std::size_t n = detector.evaluate(host.sample(), out);
  return std::vector<Finding>(out, out + n);
}

}  // namespace vigil::detect::test
