// Event: one finding as the sensor emits it and the collector stores it (DESIGN §4, IntelMQ field names).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "net/ip_address.h"

namespace vigil::event {

/// Plain value type. event_id is "<sensor>-<seq>"; seq is per sensor, gap-free, from 1.
struct Event {
  std::string sensor;                 // [A-Za-z0-9._-]{1,64}
  uint64_t seq = 0;
  uint64_t time_source_ns = 0;        // first packet of the finding (packet time)
  uint64_t time_observation_ns = 0;   // when the sensor emitted it (packet time of the tick)
  std::string taxonomy;               // RSIT classification.taxonomy
  std::string type;                   // RSIT classification.type
  std::string identifier;             // classification.identifier: scan-horizontal, amplification-dns, ...
  std::optional<net::IpAddress> source_ip;
  std::optional<net::IpAddress> destination_ip;
  std::optional<uint16_t> destination_port;
  std::string transport;              // protocol.transport: tcp | udp | icmp | "" (absent)
  std::string rule_id;
  std::string tlp;                    // TLP:CLEAR | TLP:GREEN | TLP:AMBER | TLP:AMBER+STRICT | TLP:RED
  std::string severity;               // low | medium | high
  std::string status;                 // started | update ("" = absent)
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();  // evidence

  std::string eventId() const { return sensor + "-" + std::to_string(seq); }
  friend bool operator==(const Event&, const Event&) = default;
};

}  // namespace vigil::event
