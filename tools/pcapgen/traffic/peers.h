// Peers: the two ends of a conversation (addresses, ports, TTLs, VLAN) shared by TCP and datagram exchanges.
#pragma once

#include <cstdint>

#include "net/ip_address.h"

namespace vigil::pcapgen {

/// Client and server of one conversation and how their packets look on the link.
struct Peers {
  net::IpAddress client;
  net::IpAddress server;
  uint16_t client_port = 0;  // for ICMP echo: the identifier
  uint16_t server_port = 0;
  uint16_t vlan = 0;
  bool client_is_home = true;  // client packets leave the home network (MAC direction)
  uint8_t client_ttl = 64;
  uint8_t server_ttl = 64;
};

}  // namespace vigil::pcapgen
