// Prefix files: line splitting, comments, trimming and located errors.
#include "net/prefix_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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
  std::size_t line = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view entry = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line;
    if (const std::size_t hash = entry.find('#'); hash != std::string_view::npos) entry = entry.substr(0, hash);
    entry = trim(entry);
    if (entry.empty()) continue;
    common::Result<Prefix> p = Prefix::parseStrict(entry);
    if (!p) return common::fail(std::string(name) + ":" + std::to_string(line) + ": " + p.error());
    out.push_back(p.value());
  }
  return out;
}

common::Result<std::vector<Prefix>> readPrefixFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return common::fail(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return common::fail(path + ": read error: " + std::strerror(errno));
  return parsePrefixList(text.str(), path);
}

}  // namespace vigil::net
