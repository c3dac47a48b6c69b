// pfx2as files: line splitting, the two line forms, multi-origin AS fields and located errors.
#include "net/pfx2as_file.h"

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <string>

#include "common/text_file.h"

namespace vigil::net {
namespace {

constexpr std::string_view kSeparators = " \t";

/// Splits on runs of tabs or spaces. At most out.size() fields are stored; the count returned may exceed it.
std::size_t splitFields(std::string_view line, std::array<std::string_view, 3>& out) {
  std::size_t count = 0;
  std::size_t pos = line.find_first_not_of(kSeparators);
  while (pos != std::string_view::npos) {
    std::size_t end = line.find_first_of(kSeparators, pos);
    if (end == std::string_view::npos) end = line.size();
    if (count < out.size()) out[count] = line.substr(pos, end - pos);
    ++count;
    pos = line.find_first_not_of(kSeparators, end);
  }
  return count;
}

/// One asplain AS number, 1-4294967295.
common::Result<uint32_t> parseAsNumber(std::string_view token) {
  if (token.empty()) return common::fail("empty AS number in a multi-origin list");
  const auto quoted = [token] { return "'" + std::string(token) + "'"; };
  if (token.find_first_not_of("0123456789") != std::string_view::npos) {
    return common::fail(quoted() + " is not an AS number");
  }
  uint64_t value = 0;
  const std::from_chars_result r = std::from_chars(token.data(), token.data() + token.size(), value);
  if (r.ec != std::errc() || value > 0xffffffffULL) {
    return common::fail(quoted() + " is out of range (AS numbers are 1-4294967295)");
  }
  if (value == 0) return common::fail("AS 0 cannot originate a route (RFC 7607)");
  return uint32_t(value);
}

/// The AS field: one AS, or origins joined by '_' (multi-origin) or ',' (AS set); the first one wins.
common::Result<uint32_t> parseAsField(std::string_view field) {
  std::optional<uint32_t> first;
  std::size_t pos = 0;
  while (true) {
    const std::size_t sep = field.find_first_of("_,", pos);
    const std::string_view token =
        field.substr(pos, sep == std::string_view::npos ? std::string_view::npos : sep - pos);
    common::Result<uint32_t> asn = parseAsNumber(token);
    if (!asn) return common::fail("bad AS '" + std::string(field) + "': " + asn.error());
    if (!first) first = asn.value();
    if (sep == std::string_view::npos) break;
    pos = sep + 1;
  }
  return *first;
}

common::Result<Pfx2AsEntry> parseLine(std::string_view line) {
  std::array<std::string_view, 3> f;
  const std::size_t count = splitFields(line, f);
  const bool dat = f[0].find('/') != std::string_view::npos;
  const std::size_t expected = dat ? 2 : 3;
  if (count != expected) {
    return common::fail(std::string(count < expected ? "missing field" : "extra field") + ": expected " +
                        (dat ? "'CIDR<TAB>AS'" : "'prefix<TAB>length<TAB>AS'") + ", found " + std::to_string(count) +
                        (count == 1 ? " field" : " fields"));
  }
  std::string cidr;
  if (!dat) {
    const std::string_view length = f[1];
    if (length.size() > 3 || length.find_first_not_of("0123456789") != std::string_view::npos) {
      return common::fail("bad prefix length '" + std::string(length) + "'");
    }
    cidr = std::string(f[0]) + "/" + std::string(length);
  }
  common::Result<Prefix> prefix = Prefix::parseStrict(dat ? f[0] : std::string_view(cidr));
  if (!prefix) return common::fail("bad prefix: " + prefix.error());
  common::Result<uint32_t> asn = parseAsField(f[expected - 1]);
  if (!asn) return common::fail(asn.error());
  return Pfx2AsEntry{prefix.value(), asn.value()};
}

}  // namespace

common::Result<std::vector<Pfx2AsEntry>> parsePfx2As(std::string_view text, std::string_view name) {
  std::vector<Pfx2AsEntry> out;
  common::Result<void> walked = common::forEachLine(text, name, [&out](std::string_view entry) -> common::Result<void> {
    const std::size_t start = entry.find_first_not_of(kSeparators);
    if (start == std::string_view::npos || entry[start] == ';') return {};  // blank, or a DAT comment
    common::Result<Pfx2AsEntry> e = parseLine(entry);
    if (!e) return common::fail(e.error());
    out.push_back(e.value());
    return {};
  });
  if (!walked) return common::fail(walked.error());
  return out;
}

common::Result<std::vector<Pfx2AsEntry>> readPfx2AsFile(const std::string& path) {
  common::Result<std::string> data = common::readTextFile(path);
  if (!data) return common::fail(data.error());
  if (data->size() >= 2 && uint8_t((*data)[0]) == 0x1f && uint8_t((*data)[1]) == 0x8b) {
    return common::fail(path + ": gzip-compressed; decompress it first (zcat " + path + " > FILE)");
  }
  return parsePfx2As(*data, path);
}

}  // namespace vigil::net
