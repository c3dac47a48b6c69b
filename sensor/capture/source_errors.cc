// Wording of capture-source errors and warnings, including libpcap's messages trimmed into the same form.
#include "capture/source_errors.h"

#include <pcap/pcap.h>

#include <array>
#include <cctype>
#include <cstdio>

#include "capture/pcap_format.h"

namespace vigil::capture {
namespace {

// The order operators know them by; names come from the decoder so messages and metrics agree.
constexpr std::array kSupportedLinkTypes = {
    decode::LinkType::kEthernet, decode::LinkType::kLinuxSll, decode::LinkType::kLinuxSll2,
    decode::LinkType::kRaw,      decode::LinkType::kNull,     decode::LinkType::kLoop,
};

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

common::Result<decode::LinkType> checkLinkType(std::string_view label, uint32_t number) {
  if (auto type = decode::linkTypeFromNumber(number)) return *type;
  std::string message = std::string(label) + ": unsupported link type " + std::to_string(number);
  // libpcap knows the names of every registered type, including the ones we do not decode.
  if (number <= 0x7fffffffu) {
    if (const char* name = pcap_datalink_val_to_name(static_cast<int>(number))) {
      message += std::string(" (") + name + ")";
    }
  }
  message += "; supported: ";
  for (std::size_t i = 0; i < kSupportedLinkTypes.size(); ++i) {
    if (i > 0) message += ", ";
    message += decode::linkTypeName(kSupportedLinkTypes[i]);
  }
  return common::fail(std::move(message));
}

std::string truncatedRecordWarning(std::string_view label, uint64_t offset, uint64_t got, uint64_t want) {
  return std::string(label) + ": truncated final record at offset " + std::to_string(offset) + " (got " +
         std::to_string(got) + " of " + std::to_string(want) + " bytes)";
}

std::string corruptRecordError(std::string_view label, uint64_t offset, uint64_t caplen) {
  return std::string(label) + ": corrupt record at offset " + std::to_string(offset) + ": caplen " +
         std::to_string(caplen);
}

std::string describePcapError(std::string_view label, std::string_view path, std::string_view message) {
  while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back()))) {
    message.remove_suffix(1);
  }
  if (!path.empty() && startsWith(message, path) && startsWith(message.substr(path.size()), ": ")) {
    message.remove_prefix(path.size() + 2);
  }
  const std::string name(label);
  const std::string text(message);  // NUL-terminated for sscanf

  // libpcap reads the 4-byte magic first, then the other 20 header bytes, and counts each read alone.
  std::size_t tried = 0;
  std::size_t got = 0;
  if (std::sscanf(text.c_str(), "truncated dump file; tried to read %zu file header bytes, only got %zu", &tried,
                  &got) == 2) {
    if (tried == 4 && got == 0) return name + ": empty input (no pcap header)";
    const std::size_t total = tried == 4 ? got : got + 4;
    return name + ": truncated pcap header (got " + std::to_string(total) + " of " +
           std::to_string(kPcapFileHeaderSize) + " bytes)";
  }
  if (text == "unknown file format") return name + ": not a pcap or pcapng file";
  constexpr std::string_view kReadError = "error reading dump file: ";
  if (startsWith(text, kReadError)) {
    std::string reason = text.substr(kReadError.size());
    if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
    return name + ": read error: " + reason;
  }
  return name + ": " + text;
}

}  // namespace vigil::capture
