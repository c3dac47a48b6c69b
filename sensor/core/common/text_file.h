// Line-oriented text files (prefix lists, pfx2as dumps): whole-file reads and numbered line iteration.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace vigil::common {

/// The whole file. Errors: "PATH: cannot open: REASON", "PATH: read error: REASON". Load time only.
Result<std::string> readTextFile(const std::string& path);

/// Calls f(line) for every line of `text` (LF or CRLF; the CR is removed), in order. The first line for
/// which f returns an error stops the walk with "NAME:LINE: <that error>" (LINE counted from 1).
template <class F>
Result<void> forEachLine(std::string_view text, std::string_view name, F&& f) {
  std::size_t number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    Result<void> r = f(line);
    if (!r.ok()) return fail(std::string(name) + ":" + std::to_string(number) + ": " + r.error());
  }
  return {};
}

}  // namespace vigil::common
