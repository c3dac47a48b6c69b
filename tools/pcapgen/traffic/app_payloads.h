// App payloads: protocol headers (DNS, NTP, QUIC, reflection answers) that start generated payloads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vigil::pcapgen {

/// UDP services abused for reflection/amplification, with their well-known source ports.
enum class ReflectionService : uint8_t { kDns, kNtp, kSsdp, kMemcached, kCldap, kSnmp, kChargen };

uint16_t reflectionPort(ReflectionService service) noexcept;

// Every writer below returns the bytes written to out (at most cap; 0 if cap is too small).
// None allocates; they run once per conversation or datagram.

/// A standard recursive query (RD set) for `name` with type qtype, class IN.
size_t writeDnsQuery(uint8_t* out, size_t cap, uint16_t id, std::string_view name, uint16_t qtype) noexcept;

/// The matching answer with `answers` A (qtype 1) or AAAA (qtype 28) records, compressed names.
size_t writeDnsAnswer(uint8_t* out, size_t cap, uint16_t id, std::string_view name, uint16_t qtype,
                      uint32_t answers, uint64_t random) noexcept;

/// A 48-byte NTPv4 client (mode 3) or server (mode 4) packet stamped with ts_ns.
size_t writeNtp(uint8_t* out, size_t cap, bool server, uint64_t ts_ns) noexcept;

/// The start of a QUIC v1 Initial packet (long header, 8-byte connection ids, token, length).
size_t writeQuicInitial(uint8_t* out, size_t cap, uint64_t dcid, uint64_t scid, uint32_t payload_len) noexcept;

/// The start of a QUIC short-header (1-RTT) packet: flags byte and 8-byte destination id.
size_t writeQuicShort(uint8_t* out, size_t cap, uint64_t dcid) noexcept;

/// The start of a large reflected answer of `payload_len` bytes for `service` (DNS RRSIG answer,
/// NTP monlist, SSDP reply, memcached VALUE, CLDAP searchResEntry, SNMP GetResponse); chargen
/// writes its whole ASCII payload. Length fields agree with payload_len.
size_t writeReflectionAnswer(ReflectionService service, uint8_t* out, size_t cap, uint32_t payload_len,
                             uint64_t random) noexcept;

}  // namespace vigil::pcapgen
