// Test support for the notify module: a fresh SQLite store, a constituency resolver, incidents to notify.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "enrich/resolver.h"
#include "store/store.h"

namespace vigil::notify::test {

// Two ISPs (one with two contacts), an upstream AS organisation, the CERT as fallback.
inline constexpr const char* kConstituency = R"(
fallback:
  organisation: CERT-TEST
  contacts:
    - email: cert@cert.test
organisations:
  - name: ISP A
    networks: [192.0.2.0/24]
    contacts:
      - email: abuse@a.test
        format: csv
        notification_interval: 1h
      - email: noc@a.test
  - name: ISP X
    networks: [198.51.100.0/24]
    contacts:
      - email: abuse@x.test
        format: xarf
  - name: Upstream
    asns: [64500]
    contacts:
      - email: abuse@upstream.test
)";

class NotifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/vigil-notify-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto s = store::openStore("sqlite:" + (dir_ / "c.db").string());
    ASSERT_TRUE(s.ok()) << s.error();
    store_ = std::move(*s);
    auto constituency = enrich::parseConstituency(kConstituency, "constituency.yaml", dir_.string());
    ASSERT_TRUE(constituency.ok()) << constituency.error();
    // 192.0.2.0/24 is also routed by AS 64500, so Upstream is ISP A's upstream.
    resolver_ = std::make_shared<const enrich::Resolver>(
        std::move(*constituency), std::vector<enrich::NetworkRecord>{},
        std::vector<net::Pfx2AsEntry>{{*net::Prefix::parse("192.0.2.0/24"), 64500}});
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  /// Saves an incident about `host` and returns it with its id.
  store::Incident incident(const std::string& host, const std::string& tlp = "TLP:AMBER",
                           const std::string& severity = "medium", int64_t last_seen_ms = 1000) {
    store::Incident i;
    i.host = host;
    i.identifier = "scan-horizontal";
    i.taxonomy = "information-gathering";
    i.type = "scanner";
    i.severity = severity;
    i.tlp = tlp;
    i.first_seen_ms = last_seen_ms - 500;
    i.last_seen_ms = last_seen_ms;
    i.event_count = 1;
    i.sensors = {"s1"};
    EXPECT_TRUE(store_->saveIncident(i, {}).ok());
    return i;
  }

  store::Incident reload(const store::Incident& i) { return **store_->incident(i.id); }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::shared_ptr<const enrich::Resolver> resolver_;
};

}  // namespace vigil::notify::test
