// Test support for rendering: a realistic digest (v4 scanner, v6 victim) with events carrying evidence.
#pragma once

#include "event/event.h"
#include "notify/digest.h"

namespace vigil::notify::test {

inline store::StoredEvent storedEvent(const std::string& src, const std::string& dst, const std::string& id,
                                      uint64_t seq) {
  store::StoredEvent s;
  s.id = int64_t(seq);
  event::Event& e = s.event;
  e.sensor = "ixp-1";
  e.seq = seq;
  e.time_source_ns = 1795305600000000000ull + seq * 1'000'000'000ull;
  e.time_observation_ns = e.time_source_ns + 1'000'000'000ull;
  e.taxonomy = id == "syn-flood" ? "availability" : "information-gathering";
  e.type = id == "syn-flood" ? "ddos" : "scanner";
  e.identifier = id;
  if (!src.empty()) e.source_ip = net::IpAddress::parse(src);
  if (!dst.empty()) e.destination_ip = net::IpAddress::parse(dst);
  e.destination_port = 445;
  e.transport = "tcp";
  e.rule_id = id;
  e.tlp = "TLP:AMBER";
  e.severity = "medium";
  e.extra = {{"pps", 312.0},
             {"bps", 150240.0},
             {"distinct_destinations", 297},
             {"distinct_ports", 1},
             {"note", "a, \"quoted\" value"}};
  return s;
}

inline Digest sampleDigest(enrich::ReportFormat format) {
  Digest d;
  d.ticket = "20261122-00000042";
  d.organisation = "ISP \"A\" <&> Telecom, Ltd";
  d.contact.email = "abuse@isp-a.test";
  d.contact.format = format;
  d.tlp = "TLP:AMBER";
  d.created_ms = 1795305600000;
  DigestItem scanner;
  scanner.incident.id = 7;
  scanner.incident.host = "192.0.2.10";
  scanner.incident.identifier = "scan-horizontal";
  scanner.incident.taxonomy = "information-gathering";
  scanner.incident.type = "scanner";
  scanner.incident.severity = "medium";
  scanner.incident.tlp = "TLP:AMBER";
  scanner.incident.first_seen_ms = 1795305601000;
  scanner.incident.last_seen_ms = 1795305660000;
  scanner.incident.event_count = 2;
  scanner.incident.peak_pps = 312;
  scanner.incident.sensors = {"ixp-1"};
  scanner.events = {storedEvent("192.0.2.10", "", "scan-horizontal", 1),
                    storedEvent("192.0.2.10", "", "scan-horizontal", 2)};
  d.items.push_back(scanner);
  DigestItem victim;
  victim.incident.id = 8;
  victim.incident.host = "2001:db8:a::80";
  victim.incident.role = "destination";
  victim.incident.identifier = "syn-flood";
  victim.incident.taxonomy = "availability";
  victim.incident.type = "ddos";
  victim.incident.severity = "high";
  victim.incident.tlp = "TLP:GREEN";
  victim.incident.first_seen_ms = 1795305500000;
  victim.incident.last_seen_ms = 1795305600000;
  victim.incident.event_count = 1;
  victim.incident.sensors = {"ixp-1"};
  victim.events = {storedEvent("", "2001:db8:a::80", "syn-flood", 3)};
  d.items.push_back(victim);
  return d;
}

inline Reporter sampleReporter() {
  return {"CERT-XX", "cert@cert.test", "cert.test", "vigil-collector/0.1"};
}

}  // namespace vigil::notify::test
