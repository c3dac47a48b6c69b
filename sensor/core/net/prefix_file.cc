// Prefix files: line splitting, comments, trimming and located errors.
#include "net/prefix_file.h"

#include <cerrno>
#include <cstring>

#include "common/text_file.h"

namespace vigil::net {
namespace {

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\f\v";
  const std::size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const std::size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

}  // namespace

common::Result<std::vector<Prefix>> parsePrefixList(std::string_view text, std::string_view name) {
  std::vector<Prefix> out;
  common::Result<void> walked = common::forEachLine(text, name, [&out](std::string_view entry) -> common::Result<void> {
    if (const std::size_t hash = entry.find('#'); hash != std::string_view::npos) entry = entry.substr(0, hash);
    entry = trim(entry);
    if (entry.empty()) return {};
    common::Result<Prefix> p = Prefix::parseStrict(entry);
    if (!p) return common::fail(p.error());
    out.push_back(p.value());
    return {};
  });
  if (!walked) return common::fail(walked.error());
  return out;
}

common::Result<std::vector<Prefix>> readPrefixFile(const std::string& path) {
  common::Result<std::string> text = common::readTextFile(path);
  if (!text) return common::fail(text.error());
  return parsePrefixList(*text, path);
}

}  // namespace vigil::net
