// Streaming RPSL object reader: block-buffered lines, attribute storage reused across objects.
#include "enrich/rpsl_reader.h"

#include <algorithm>
#include <cstring>

#include "rules/yaml_errors.h"

namespace vigil::enrich {
namespace {

bool isNameChar(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool isSpace(char c) noexcept {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && isSpace(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back()))
    text.remove_suffix(1);
  return text;
}

// What a compressed dump starts with; such input is named rather than reported as "not RPSL".
std::string_view compressionOf(const char* data, std::size_t size) noexcept {
  if (size >= 2 && static_cast<unsigned char>(data[0]) == 0x1f && static_cast<unsigned char>(data[1]) == 0x8b) {
    return "gzip";
  }
  if (size >= 3 && std::memcmp(data, "BZh", 3) == 0) return "bzip2";
  if (size >= 6 && std::memcmp(data,
                               "\xfd"
                               "7zXZ",
                               5) == 0)
    return "xz";
  return {};
}

}  // namespace

RpslReader::RpslReader(std::istream& in, std::string name) : in_(in), name_(std::move(name)), block_(kBlockBytes) {}

common::Error RpslReader::errorHere(std::string_view message) const {
  return common::fail(name_ + ":" + std::to_string(line_number_) + ": " + std::string(message));
}

common::Result<bool> RpslReader::readLine() {
  line_.clear();
  line_too_long_ = false;
  bool any = false;
  while (true) {
    if (block_pos_ == block_end_) {
      if (eof_) break;
      in_.read(block_.data(), static_cast<std::streamsize>(block_.size()));
      if (in_.bad()) return common::fail(name_ + ":" + std::to_string(line_number_ + 1) + ": read error");
      block_pos_ = 0;
      block_end_ = static_cast<std::size_t>(in_.gcount());
      if (block_end_ < block_.size()) eof_ = true;
      if (line_number_ == 0 && !any) {
        const std::string_view compression = compressionOf(block_.data(), block_end_);
        if (!compression.empty()) {
          return common::fail(name_ + ": " + std::string(compression) + "-compressed; decompress it first");
        }
      }
      if (block_end_ == 0) break;
    }
    any = true;
    const char* begin = block_.data() + block_pos_;
    const char* end = block_.data() + block_end_;
    const char* newline = std::find(begin, end, '\n');
    const std::size_t room = kMaxLineBytes - std::min(kMaxLineBytes, line_.size());
    const std::size_t length = static_cast<std::size_t>(newline - begin);
    line_.append(begin, std::min(length, room));
    if (length > room) line_too_long_ = true;
    block_pos_ += length;
    if (newline != end) {
      ++block_pos_;
      break;
    }
  }
  if (!any) return false;
  ++line_number_;
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  return true;
}

bool RpslReader::addAttribute(std::string_view line) {
  std::size_t colon = 0;
  while (colon < line.size() && isNameChar(line[colon]))
    ++colon;
  if (colon == 0 || colon == line.size() || line[colon] != ':') return false;
  if (count_ == attributes_.size()) attributes_.emplace_back();
  RpslAttribute& attribute = attributes_[count_++];
  attribute.name.assign(line.data(), colon);
  for (char& c : attribute.name) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  const std::string_view value = trim(line.substr(colon + 1));
  attribute.value.assign(value.data(), value.size());
  return true;
}

common::Result<bool> RpslReader::next() {
  count_ = 0;
  bool bad = false;
  while (true) {
    auto got = readLine();
    if (!got.ok()) return common::fail(got.error());
    const std::string_view line = line_;
    const bool end = !*got;
    if (end || trim(line).empty()) {
      if (bad) {
        ++skipped_objects_;
        count_ = 0;
        bad = false;
      }
      if (count_ > 0) return true;
      if (end) return false;
      continue;
    }
    if (line.front() == '%' || line.front() == '#') continue;
    bool ok = !line_too_long_;
    if (ok && (isSpace(line.front()) || line.front() == '+')) {
      ok = count_ > 0;
      if (ok) {
        const std::string_view more = trim(line.substr(1));
        std::string& value = attributes_[count_ - 1].value;
        if (!more.empty()) {
          if (!value.empty()) value += ' ';
          value.append(more.data(), more.size());
        }
      }
    } else if (ok) {
      if (count_ == 0) object_line_ = line_number_;
      ok = addAttribute(line);
    }
    if (ok) {
      seen_content_ = true;
      continue;
    }
    if (!seen_content_) {
      return errorHere("not RPSL: expected 'attribute: value' (got " +
                       rules::quoteText(line_too_long_ ? std::string_view("a line over 64 KiB") : line) + ")");
    }
    ++malformed_lines_;
    bad = true;
  }
}

}  // namespace vigil::enrich
