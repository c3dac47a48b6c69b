// Test support for pcapgen: an independent frame parser (own checksum code) and helpers to run sources.
#pragma once

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "net/ip_address.h"
#include "pcapgen/incidents/incident_factory.h"
#include "pcapgen/incidents/incident_spec.h"
#include "pcapgen/traffic/traffic_source.h"
#include "pcapgen/wire/frame_builder.h"

namespace vigil::pcapgen::pgtest {

inline uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
inline uint32_t be32(const uint8_t* p) { return uint32_t(be16(p)) << 16 | be16(p + 2); }

/// RFC 1071 the slow, obvious way (big-endian words), independent of the library's version.
inline uint32_t sumWords(const uint8_t* p, size_t n, uint32_t sum = 0) {
  for (size_t i = 0; i + 1 < n; i += 2) sum += be16(p + i);
  if (n % 2) sum += uint32_t(p[n - 1]) << 8;
  return sum;
}
inline bool checksumOk(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum == 0xffff;
}

/// What a simple, independent decoder sees in one Ethernet frame.
struct Parsed {
  uint32_t length = 0;
  bool vlan = false;
  uint16_t vlan_id = 0;
  uint16_t ether_type = 0;
  int ip_version = 0;  // 0: not IP
  uint8_t protocol = 0;
  bool fragment = false;
  bool later_fragment = false;
  bool more_fragments = false;
  uint16_t ip_id = 0;
  uint32_t frag_offset = 0;  // bytes
  uint32_t ip_total = 0;     // IP header + payload
  uint8_t ttl = 0;
  net::IpAddress src;
  net::IpAddress dst;
  bool has_l4 = false;
  uint16_t sport = 0;
  uint16_t dport = 0;
  uint8_t tcp_flags = 0;
  uint32_t seq = 0;
  uint32_t ack = 0;
  uint8_t icmp_type = 0;
  uint8_t icmp_code = 0;
  bool ip_checksum_ok = true;
  bool l4_checksum_ok = true;  // only checked for unfragmented packets
  std::vector<uint8_t> payload;  // transport payload (or IP payload of a later fragment)
};

inline Parsed parseFrame(const uint8_t* f, uint32_t len) {
  Parsed p;
  p.length = len;
  if (len < 14) return p;
  uint32_t off = 12;
  p.ether_type = be16(f + off);
  if (p.ether_type == 0x8100 && len >= 18) {
    p.vlan = true;
    p.vlan_id = be16(f + 14) & 0x0fff;
    off = 16;
    p.ether_type = be16(f + off);
  }
  off += 2;
  const uint8_t* ip = f + off;
  uint32_t l4_len = 0;
  const uint8_t* l4 = nullptr;
  uint32_t pseudo = 0;
  if (p.ether_type == 0x0800 && len >= off + 20) {
    p.ip_version = 4;
    const uint32_t ihl = (ip[0] & 0x0f) * 4u;
    p.ip_total = be16(ip + 2);
    p.ip_id = be16(ip + 4);
    const uint16_t frag = be16(ip + 6);
    p.more_fragments = frag & 0x2000;
    p.frag_offset = (frag & 0x1fffu) * 8;
    p.fragment = p.more_fragments || p.frag_offset != 0;
    p.later_fragment = p.frag_offset != 0;
    p.ttl = ip[8];
    p.protocol = ip[9];
    p.ip_checksum_ok = checksumOk(sumWords(ip, ihl));
    p.src = net::IpAddress::fromV4Bytes(ip + 12);
    p.dst = net::IpAddress::fromV4Bytes(ip + 16);
    l4 = ip + ihl;
    l4_len = p.ip_total - ihl;
    pseudo = sumWords(ip + 12, 8) + p.protocol + l4_len;
  } else if (p.ether_type == 0x86dd && len >= off + 40) {
    p.ip_version = 6;
    p.ip_total = 40u + be16(ip + 4);
    p.protocol = ip[6];
    p.ttl = ip[7];
    p.src = net::IpAddress::fromV6Bytes(ip + 8);
    p.dst = net::IpAddress::fromV6Bytes(ip + 24);
    l4 = ip + 40;
    l4_len = p.ip_total - 40;
    pseudo = sumWords(ip + 8, 32) + p.protocol + l4_len;
  } else {
    return p;
  }
  if (off + p.ip_total > len) {  // IP claims more than the frame holds
    p.ip_checksum_ok = false;
    return p;
  }
  if (p.later_fragment) {
    p.payload.assign(l4, l4 + l4_len);
    return p;
  }
  uint32_t header = 0;
  if (p.protocol == 6 && l4_len >= 20) {
    header = (l4[12] >> 4) * 4u;
    p.sport = be16(l4);
    p.dport = be16(l4 + 2);
    p.seq = be32(l4 + 4);
    p.ack = be32(l4 + 8);
    p.tcp_flags = l4[13];
  } else if (p.protocol == 17 && l4_len >= 8) {
    header = 8;
    p.sport = be16(l4);
    p.dport = be16(l4 + 2);
  } else if ((p.protocol == 1 || p.protocol == 58) && l4_len >= 8) {
    header = 8;
    p.icmp_type = l4[0];
    p.icmp_code = l4[1];
    p.sport = be16(l4 + 4);
    p.dport = be16(l4 + 6);
  } else {
    return p;
  }
  p.has_l4 = true;
  if (!p.fragment) {
    const uint32_t sum = sumWords(l4, l4_len, p.protocol == 1 ? 0 : pseudo);
    p.l4_checksum_ok = checksumOk(sum);
  }
  p.payload.assign(l4 + header, l4 + l4_len);
  return p;
}

/// Pulls every frame of a source (until done() or `limit` frames) through the parser.
inline std::vector<Parsed> drain(TrafficSource& source, uint64_t limit = 100000000) {
  std::vector<Parsed> out;
  uint8_t buf[FrameBuilder::kMaxFrame];
  FrameSummary summary;
  for (uint64_t i = 0; i < limit && !source.done(); ++i) {
    const uint32_t len = source.emit(0, buf, summary);
    if (len == 0 || len != summary.length) {
      ADD_FAILURE() << "frame " << i << " has length " << len << " / summary " << summary.length;
      break;
    }
    out.push_back(parseFrame(buf, len));
  }
  return out;
}

/// Builds an incident from its command-line text as incident number `index`.
inline std::unique_ptr<Incident> makeIncident(const FrameBuilder& builder, const std::string& text,
                                              uint64_t seed = 1, uint32_t index = 0) {
  auto spec = IncidentSpec::parse(text);
  if (!spec.ok()) {
    ADD_FAILURE() << spec.error();
    return nullptr;
  }
  auto incident = createIncident(spec.value(), IncidentContext{builder, seed, index});
  if (!incident.ok()) {
    ADD_FAILURE() << incident.error();
    return nullptr;
  }
  return std::move(incident.value());
}

inline net::IpAddress ip(const char* text) { return *net::IpAddress::parse(text); }

/// A fresh path under the build tree for a test's output.
inline std::string tempPath(const std::string& name) {
  return std::string(VIGIL_BINARY_DIR) + "/tests/pcapgen_" + name;
}

/// One record read back with libpcap.
struct Record {
  uint64_t ts_ns = 0;
  uint32_t caplen = 0;
  uint32_t wirelen = 0;
  std::vector<uint8_t> data;
};

/// Reads a whole pcap with libpcap at nanosecond precision; fails the test on any error.
inline std::vector<Record> readWithLibpcap(const std::string& path, int* link_type = nullptr) {
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
  std::vector<Record> out;
  if (p == nullptr) {
    ADD_FAILURE() << "libpcap cannot open " << path << ": " << err;
    return out;
  }
  if (link_type != nullptr) *link_type = pcap_datalink(p);
  pcap_pkthdr* h = nullptr;
  const u_char* data = nullptr;
  int rc;
  while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
    Record r;
    r.ts_ns = uint64_t(h->ts.tv_sec) * 1000000000ULL + uint64_t(h->ts.tv_usec);
    r.caplen = h->caplen;
    r.wirelen = h->len;
    r.data.assign(data, data + h->caplen);
    out.push_back(std::move(r));
  }
  if (rc != PCAP_ERROR_BREAK) ADD_FAILURE() << "libpcap read error: " << pcap_geterr(p);
  pcap_close(p);
  return out;
}

}  // namespace vigil::pcapgen::pgtest
