// RIPE split-dump import: objects by class, ranges to CIDRs, org/abuse-c/role resolution after the last file.
#include "enrich/ripe_db.h"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <optional>
#include <system_error>

#include "enrich/email_address.h"

namespace vigil::enrich {
namespace {

std::string_view firstToken(std::string_view text) noexcept {
  const std::size_t end = text.find_first_of(" \t#");
  return text.substr(0, end);
}

std::string upperCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  }
  return out;
}

// Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool isUtf8(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    uint32_t code = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xe0) == 0xc0) {
      extra = 1;
      code = byte & 0x1f;
    } else if ((byte & 0xf0) == 0xe0) {
      extra = 2;
      code = byte & 0x0f;
    } else if ((byte & 0xf8) == 0xf0) {
      extra = 3;
      code = byte & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = code << 6 | (next & 0x3f);
    }
    static constexpr uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[extra] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    i += extra + 1;
  }
  return true;
}

// RIPE objects predating UTF-8 are latin-1; everything we hand on (JSON, mail) must be UTF-8.
std::string toUtf8(std::string_view text) {
  if (isUtf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
    } else {
      out += char(0xc0 | byte >> 6);
      out += char(0x80 | (byte & 0x3f));
    }
  }
  return out;
}

// The value of the first attribute called `name`, or "".
std::string_view valueOf(std::span<const RpslAttribute> object, std::string_view name) noexcept {
  for (const RpslAttribute& attribute : object) {
    if (attribute.name == name) return attribute.value;
  }
  return {};
}

// "192.0.2.0 - 192.0.2.255" (spaces optional, a trailing "# comment" ignored) -> its CIDRs.
std::optional<std::vector<net::Prefix>> parseInetnum(std::string_view text) {
  const std::size_t comment = text.find('#');
  text = text.substr(0, comment);
  const std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto trim = [](std::string_view part) {
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t'))
      part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t'))
      part.remove_suffix(1);
    return part;
  };
  const std::optional<net::IpAddress> first = net::IpAddress::parse(trim(text.substr(0, dash)));
  const std::optional<net::IpAddress> last = net::IpAddress::parse(trim(text.substr(dash + 1)));
  if (!first || !last || !first->isV4() || !last->isV4() || last->v4() < first->v4()) return std::nullopt;
  return ipv4RangeToPrefixes(first->v4(), last->v4());
}

}  // namespace

std::vector<net::Prefix> ipv4RangeToPrefixes(uint32_t first, uint32_t last) {
  std::vector<net::Prefix> out;
  uint64_t current = first;
  const uint64_t end = last;
  while (current <= end) {
    // The largest block that starts at `current` (aligned) and does not run past `end`.
    unsigned length = 32;
    uint64_t size = 1;
    while (length > 0 && current % (size * 2) == 0 && current + size * 2 - 1 <= end) {
      size *= 2;
      --length;
    }
    const auto address = net::IpAddress::fromV4(static_cast<uint32_t>(current));
    out.push_back(*net::Prefix::parse(address.toString() + "/" + std::to_string(length)));
    current += size;
  }
  return out;
}

common::Result<void> RipeDbImporter::readFile(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return common::fail(path + ": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return common::fail(path + ": cannot open: " + std::generic_category().message(errno));
  return read(in, path);
}

common::Result<void> RipeDbImporter::read(std::istream& in, std::string_view name) {
  RpslReader reader(in, std::string(name));
  common::Result<void> outcome;
  while (true) {
    auto more = reader.next();
    if (!more.ok()) {
      outcome = common::fail(more.error());
      break;
    }
    if (!*more) break;
    const std::span<const RpslAttribute> object = reader.attributes();
    ++stats_.objects;
    const std::string& kind = object.front().name;
    if (kind == "inetnum" || kind == "inet6num") {
      addNetwork(object, kind == "inet6num");
    } else if (kind == "organisation") {
      addOrganisation(object);
    } else if (kind == "role" || kind == "person") {
      addRole(object);
    } else {
      ++stats_.other_objects;
    }
  }
  stats_.malformed_lines += reader.malformedLines();
  stats_.skipped_objects += reader.skippedObjects();
  return outcome;
}

void RipeDbImporter::addNetwork(std::span<const RpslAttribute> object, bool v6) {
  ++(v6 ? stats_.inet6nums : stats_.inetnums);
  std::optional<std::vector<net::Prefix>> prefixes;
  if (v6) {
    // inet6num keys are CIDRs; host bits set make them as unusable as a malformed range.
    const std::optional<net::Prefix> prefix = net::Prefix::parse(firstToken(object.front().value));
    if (prefix.has_value() && !prefix->isV4()) prefixes = std::vector<net::Prefix>{*prefix};
  } else {
    prefixes = parseInetnum(object.front().value);
  }
  if (!prefixes.has_value()) {
    ++stats_.bad_networks;
    return;
  }
  pending_.push_back(
      PendingObject{static_cast<uint32_t>(records_.size()), upperCase(firstToken(valueOf(object, "abuse-c")))});
  const std::string netname = toUtf8(firstToken(valueOf(object, "netname")));
  const std::string org = upperCase(firstToken(valueOf(object, "org")));
  for (const net::Prefix& prefix : *prefixes) {
    records_.push_back(NetworkRecord{prefix, netname, org, {}, {}});
  }
  stats_.records += prefixes->size();
}

void RipeDbImporter::addOrganisation(std::span<const RpslAttribute> object) {
  ++stats_.organisations;
  const std::string handle = upperCase(firstToken(object.front().value));
  organisations_[handle] =
      OrgInfo{toUtf8(valueOf(object, "org-name")), upperCase(firstToken(valueOf(object, "abuse-c")))};
}

void RipeDbImporter::addRole(std::span<const RpslAttribute> object) {
  const std::string handle = upperCase(firstToken(valueOf(object, "nic-hdl")));
  bool has_mailbox = false;
  for (const RpslAttribute& attribute : object) {
    if (attribute.name != "abuse-mailbox") continue;
    has_mailbox = true;
    std::optional<std::string> address = firstEmailAddress(attribute.value);
    if (address.has_value() && !handle.empty()) {
      ++stats_.roles;
      roles_[handle] = std::move(*address);
      return;
    }
  }
  if (has_mailbox) ++stats_.bad_mailboxes;
}

std::vector<NetworkRecord> RipeDbImporter::finish() {
  auto roleAddress = [this](const std::string& handle) -> const std::string* {
    if (handle.empty()) return nullptr;
    const auto found = roles_.find(handle);
    return found == roles_.end() ? nullptr : &found->second;
  };
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    const std::size_t first = pending_[i].first;
    const std::size_t end = i + 1 < pending_.size() ? pending_[i + 1].first : records_.size();
    const NetworkRecord& head = records_[first];
    const OrgInfo* org = nullptr;
    if (!head.org_handle.empty()) {
      const auto found = organisations_.find(head.org_handle);
      if (found != organisations_.end()) {
        org = &found->second;
      } else {
        ++stats_.unresolved_orgs;
      }
    }
    const std::string* address = roleAddress(pending_[i].abuse_c);
    if (address == nullptr && !pending_[i].abuse_c.empty()) ++stats_.unresolved_abuse_c;
    if (address == nullptr && org != nullptr) address = roleAddress(org->abuse_c);
    if (address == nullptr) ++stats_.without_abuse_email;
    const std::string& org_name = org != nullptr && !org->name.empty() ? org->name : head.netname;
    for (std::size_t r = first; r < end; ++r) {
      records_[r].org_name = org_name;
      if (address != nullptr) records_[r].abuse_email = *address;
    }
  }
  std::vector<NetworkRecord> out = std::move(records_);
  records_ = {};
  pending_ = {};
  organisations_ = {};
  roles_ = {};
  return out;
}

}  // namespace vigil::enrich
