// SourceOptions: splitting "TARGET?k=v&k=v", decoding values, and the shared number/flag checks.
#include "capture/source_options.h"

#include <charconv>

namespace vigil::capture {

std::string decodeQueryValue(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned value = 0;
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() &&
               std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr == text.data() + i + 3) {
      out += char(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

common::Result<SourceOptions> SourceOptions::parse(std::string_view scheme, std::string_view argument,
                                                   std::string_view what, std::string_view example) {
  SourceOptions o;
  o.scheme_ = std::string(scheme);
  const std::size_t q = argument.find('?');
  o.target_ = std::string(argument.substr(0, q));
  if (o.target_.empty()) {
    return common::fail(o.scheme_ + ": needs " + std::string(what) + " (" + std::string(example) + ")");
  }
  std::string_view rest = q == std::string_view::npos ? std::string_view() : argument.substr(q + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    o.options_.emplace_back(std::string(pair.substr(0, eq)), decodeQueryValue(value));
  }
  return o;
}

common::Result<uint64_t> SourceOptions::number(std::string_view key, std::string_view value, uint64_t lo,
                                               uint64_t hi) const {
  std::string_view digits = value;
  uint64_t scale = 1;
  if (!digits.empty() && (digits.back() == 'K' || digits.back() == 'k')) scale = 1 << 10;
  if (!digits.empty() && (digits.back() == 'M' || digits.back() == 'm')) scale = 1 << 20;
  if (scale != 1) digits.remove_suffix(1);
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n > hi / scale || n * scale < lo) {
    return common::fail(scheme_ + ": '" + std::string(key) + "' must be a number from " + std::to_string(lo) + " to " +
                        std::to_string(hi) + " (got '" + std::string(value) + "')");
  }
  return n * scale;
}

common::Result<bool> SourceOptions::flag(std::string_view key, std::string_view value) const {
  if (value != "0" && value != "1") {
    return common::fail(scheme_ + ": '" + std::string(key) + "' must be 0 or 1 (got '" + std::string(value) + "')");
  }
  return value == "1";
}

common::Result<void> SourceOptions::unknown(std::string_view key, std::string_view expected) const {
  return common::fail(scheme_ + ": unknown option '" + std::string(key) + "' (expected " + std::string(expected) + ")");
}

}  // namespace vigil::capture
