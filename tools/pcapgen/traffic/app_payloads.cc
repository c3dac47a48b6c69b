// App payloads: byte layouts of the protocol headers the generator puts at the start of payloads.
#include "pcapgen/traffic/app_payloads.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "pcapgen/traffic/rng.h"
#include "pcapgen/wire/checksum.h"

namespace vigil::pcapgen {
namespace {

// Writes `name` as DNS labels; returns bytes written or 0 when it does not fit.
size_t writeName(uint8_t* out, size_t cap, std::string_view name) {
  size_t n = 0;
  while (!name.empty()) {
    const size_t dot = name.find('.');
    const std::string_view label = name.substr(0, dot);
    if (label.size() > 63 || n + 1 + label.size() + 1 > cap) return 0;
    out[n++] = static_cast<uint8_t>(label.size());
    std::memcpy(out + n, label.data(), label.size());
    n += label.size();
    name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
  }
  out[n++] = 0;
  return n;
}

size_t writeDnsHeader(uint8_t* out, uint16_t id, uint16_t flags, uint16_t qd, uint16_t an, uint16_t ar) {
  putBe16(out, id);
  putBe16(out + 2, flags);
  putBe16(out + 4, qd);
  putBe16(out + 6, an);
  putBe16(out + 8, 0);
  putBe16(out + 10, ar);
  return 12;
}

size_t copyText(uint8_t* out, size_t cap, std::string_view text) {
  if (text.size() > cap) return 0;
  std::memcpy(out, text.data(), text.size());
  return text.size();
}

}  // namespace

uint16_t reflectionPort(ReflectionService service) noexcept {
  switch (service) {
    case ReflectionService::kDns: return 53;
    case ReflectionService::kNtp: return 123;
    case ReflectionService::kSsdp: return 1900;
    case ReflectionService::kMemcached: return 11211;
    case ReflectionService::kCldap: return 389;
    case ReflectionService::kSnmp: return 161;
    case ReflectionService::kChargen: return 19;
  }
  return 0;
}

size_t writeDnsQuery(uint8_t* out, size_t cap, uint16_t id, std::string_view name, uint16_t qtype) noexcept {
  if (cap < 12 + 4) return 0;
  size_t n = writeDnsHeader(out, id, 0x0100, 1, 0, 0);
  const size_t name_len = writeName(out + n, cap - n - 4, name);
  if (name_len == 0) return 0;
  n += name_len;
  putBe16(out + n, qtype);
  putBe16(out + n + 2, 1);
  return n + 4;
}

size_t writeDnsAnswer(uint8_t* out, size_t cap, uint16_t id, std::string_view name, uint16_t qtype,
                      uint32_t answers, uint64_t random) noexcept {
  const size_t query = writeDnsQuery(out, cap, id, name, qtype);
  if (query == 0) return 0;
  putBe16(out + 2, 0x8180);  // response, RD, RA, no error
  const size_t rdata = qtype == 28 ? 16 : 4;
  size_t n = query;
  uint32_t written = 0;
  for (; written < answers && n + 12 + rdata <= cap; ++written) {
    putBe16(out + n, 0xc00c);  // pointer to the question's name
    putBe16(out + n + 2, qtype);
    putBe16(out + n + 4, 1);
    putBe32(out + n + 6, 300);
    putBe16(out + n + 10, static_cast<uint16_t>(rdata));
    const uint64_t bits = mix64(random + written);
    for (size_t i = 0; i < rdata; ++i) out[n + 12 + i] = static_cast<uint8_t>(bits >> (8 * (i % 8)));
    if (qtype == 28) {
      putBe32(out + n + 12, 0x20010db8);  // documentation prefix, like the rest of the mix
    } else {
      out[n + 12] = 198;
      out[n + 13] = 18;
    }
    n += 12 + rdata;
  }
  putBe16(out + 6, static_cast<uint16_t>(written));
  return n;
}

size_t writeNtp(uint8_t* out, size_t cap, bool server, uint64_t ts_ns) noexcept {
  if (cap < 48) return 0;
  std::memset(out, 0, 48);
  out[0] = server ? 0x24 : 0x23;  // LI 0, version 4, mode 4 (server) / 3 (client)
  out[1] = server ? 2 : 0;        // stratum
  out[2] = 6;                     // poll
  out[3] = 0xe9;                  // precision
  const uint64_t seconds = ts_ns / 1000000000u + 2208988800u;  // NTP era starts in 1900
  const uint64_t fraction = ((ts_ns % 1000000000u) << 32) / 1000000000u;
  putBe32(out + 40, static_cast<uint32_t>(seconds));
  putBe32(out + 44, static_cast<uint32_t>(fraction));
  if (server) {
    std::memcpy(out + 12, "GPS\0", 4);
    putBe32(out + 32, static_cast<uint32_t>(seconds));  // receive timestamp
    putBe32(out + 36, static_cast<uint32_t>(fraction));
  }
  return 48;
}

size_t writeQuicInitial(uint8_t* out, size_t cap, uint64_t dcid, uint64_t scid, uint32_t payload_len) noexcept {
  constexpr size_t kLen = 1 + 4 + 1 + 8 + 1 + 8 + 1 + 2;
  if (cap < kLen) return 0;
  out[0] = 0xc3;  // long header, Initial, 4-byte packet number
  putBe32(out + 1, 1);
  out[5] = 8;
  for (int i = 0; i < 8; ++i) out[6 + i] = static_cast<uint8_t>(dcid >> (8 * i));
  out[14] = 8;
  for (int i = 0; i < 8; ++i) out[15 + i] = static_cast<uint8_t>(scid >> (8 * i));
  out[23] = 0;  // no token
  const uint32_t rest = payload_len > kLen ? payload_len - static_cast<uint32_t>(kLen) : 0;
  putBe16(out + 24, static_cast<uint16_t>(0x4000 | std::min<uint32_t>(rest, 0x3fff)));  // 2-byte varint
  return kLen;
}

size_t writeQuicShort(uint8_t* out, size_t cap, uint64_t dcid) noexcept {
  if (cap < 9) return 0;
  out[0] = 0x43;  // short header, fixed bit, 4-byte packet number
  for (int i = 0; i < 8; ++i) out[1 + i] = static_cast<uint8_t>(dcid >> (8 * i));
  return 9;
}

size_t writeReflectionAnswer(ReflectionService service, uint8_t* out, size_t cap, uint32_t payload_len,
                             uint64_t random) noexcept {
  switch (service) {
    case ReflectionService::kDns: {
      // An EDNS0 answer full of RRSIG records, as in the DNSSEC reflection attacks seen in the wild.
      size_t n = writeDnsQuery(out, cap, static_cast<uint16_t>(random), "example.com", 46);
      if (n == 0 || n + 11 > cap) return 0;
      putBe16(out + 2, 0x8180);
      putBe16(out + 6, 1);
      putBe16(out + n, 0xc00c);
      putBe16(out + n + 2, 46);
      putBe16(out + n + 4, 1);
      putBe32(out + n + 6, 3600);
      n += 10;
      const uint32_t rdlen = payload_len > n + 2 ? payload_len - static_cast<uint32_t>(n) - 2 : 0;
      putBe16(out + n, static_cast<uint16_t>(std::min<uint32_t>(rdlen, 0xffff)));
      return n + 2;
    }
    case ReflectionService::kNtp: {
      // Mode 7 MON_GETLIST_1 response (monlist), 72-byte items.
      if (cap < 8) return 0;
      const uint8_t header[8] = {0xd7, 0x00, 0x03, 0x2a, 0x00, 0x06, 0x00, 0x48};
      std::memcpy(out, header, 8);
      return 8;
    }
    case ReflectionService::kSsdp:
      return copyText(out, cap,
                      "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: upnp:rootdevice\r\n"
                      "USN: uuid:3b2d1f8e-6d4e-4b8a-9c1e-2f5a7d9c0b11::upnp:rootdevice\r\nEXT:\r\n"
                      "SERVER: Linux/3.14 UPnP/1.0 miniupnpd/2.0\r\n"
                      "LOCATION: http://192.168.1.1:5000/rootDesc.xml\r\n\r\n");
    case ReflectionService::kMemcached: {
      // UDP frame header (request id, sequence, datagram count, reserved), then a VALUE line.
      if (cap < 8) return 0;
      putBe16(out, static_cast<uint16_t>(random));
      putBe16(out + 2, 0);
      putBe16(out + 4, 1);
      putBe16(out + 6, 0);
      const std::string_view value = "VALUE injected 0 ";
      char digits[12];
      const auto end = std::to_chars(digits, digits + sizeof(digits), payload_len > 40 ? payload_len - 40 : 0).ptr;
      const size_t a = copyText(out + 8, cap - 8, value);
      const size_t b = copyText(out + 8 + a, cap - 8 - a, std::string_view(digits, static_cast<size_t>(end - digits)));
      const size_t c = copyText(out + 8 + a + b, cap - 8 - a - b, "\r\n");
      return 8 + a + b + c;
    }
    case ReflectionService::kCldap: {
      // LDAPMessage { messageID 1, searchResEntry { objectName "", attributes ... } }, 4-byte lengths.
      if (cap < 20 || payload_len < 20) return 0;
      const uint8_t header[20] = {0x30, 0x84, 0, 0, 0, 0, 0x02, 0x01, 0x01, 0x64, 0x84, 0, 0, 0, 0, 0x04, 0x00,
                                  0x30, 0x84, 0};
      std::memcpy(out, header, 20);
      putBe32(out + 2, payload_len - 6);
      putBe32(out + 11, payload_len - 15);
      return 19;  // the attribute list's length bytes continue into the fill
    }
    case ReflectionService::kSnmp: {
      // GetResponse for community "public" (what GetBulk reflection returns), 2-byte lengths.
      if (cap < 33 || payload_len < 33) return 0;
      const uint8_t header[33] = {0x30, 0x82, 0, 0, 0x02, 0x01, 0x01, 0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c',
                                  0xa2, 0x82, 0, 0, 0x02, 0x04, 0, 0, 0, 0, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00,
                                  0x30, 0x82};
      std::memcpy(out, header, 33);
      putBe16(out + 2, static_cast<uint16_t>(payload_len - 4));
      putBe16(out + 17, static_cast<uint16_t>(payload_len - 19));
      putBe32(out + 21, static_cast<uint32_t>(random));
      return 33;
    }
    case ReflectionService::kChargen: {
      // RFC 864 pattern: 72-character lines of rotating printable ASCII.
      const size_t len = std::min<size_t>(payload_len, cap);
      uint32_t line = static_cast<uint32_t>(random % 95);
      for (size_t pos = 0; pos < len;) {
        for (uint32_t col = 0; col < 72 && pos < len; ++col) out[pos++] = static_cast<uint8_t>(' ' + (line + col) % 95);
        if (pos < len) out[pos++] = '\r';
        if (pos < len) out[pos++] = '\n';
        line = (line + 1) % 95;
      }
      return len;
    }
  }
  return 0;
}

}  // namespace vigil::pcapgen
