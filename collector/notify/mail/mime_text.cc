// MIME text encodings, written out because they are small and exact (and GPGME signs what we produce).
#include "notify/mail/mime_text.h"

#include <array>
#include <cstdio>
#include <ctime>

namespace vigil::notify {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const uint32_t b0 = uint8_t(bytes[i]);
    const uint32_t b1 = i + 1 < bytes.size() ? uint8_t(bytes[i + 1]) : 0;
    const uint32_t b2 = i + 2 < bytes.size() ? uint8_t(bytes[i + 2]) : 0;
    const uint32_t v = (b0 << 16) | (b1 << 8) | b2;
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kBase64[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kBase64[v & 63] : '=';
  }
  return out;
}

bool isAscii(std::string_view text) {
  for (char c : text) {
    if (uint8_t(c) >= 0x80) return false;
  }
  return true;
}

// One line (no line end) as quoted-printable, with soft breaks.
void qpLine(std::string_view line, std::string& out) {
  std::string current;
  const auto emit = [&](const std::string& token) {
    if (current.size() + token.size() > 75) {
      out += current + "=\r\n";
      current.clear();
    }
    current += token;
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    const uint8_t c = uint8_t(line[i]);
    const bool last = i + 1 == line.size();
    const bool needs = c == '=' || c >= 0x7f || (c < 0x20 && c != '\t') || ((c == ' ' || c == '\t') && last) ||
                       (i == 0 && c == '.') || (i == 0 && line.substr(0, 5) == "From ");
    if (needs) {
      emit(std::string{'=', kHex[c >> 4], kHex[c & 15]});
    } else {
      emit(std::string(1, char(c)));
    }
  }
  out += current + "\r\n";
}

}  // namespace

std::string toCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string quotedPrintable(std::string_view text) {
  const std::string crlf = toCrlf(text);
  std::string out;
  std::size_t start = 0;
  while (start < crlf.size()) {
    std::size_t end = crlf.find("\r\n", start);
    if (end == std::string::npos) end = crlf.size();
    qpLine(std::string_view(crlf).substr(start, end - start), out);
    start = end + 2;
  }
  return out;
}

std::string base64Lines(std::string_view bytes) {
  const std::string encoded = base64(bytes);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += 76)
    out += encoded.substr(i, 76) + "\r\n";
  return out;
}

std::string headerValue(std::string_view text) {
  std::string clean(text);
  for (char& c : clean) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  if (isAscii(clean)) return clean;
  // Encoded-words of at most 75 characters: "=?UTF-8?B?" + 4*k + "?=" -> 45 input bytes per word, never
  // splitting a UTF-8 sequence between words.
  std::string out;
  std::size_t i = 0;
  while (i < clean.size()) {
    std::size_t n = std::min<std::size_t>(45, clean.size() - i);
    while (n > 0 && i + n < clean.size() && (uint8_t(clean[i + n]) & 0xC0) == 0x80)
      --n;
    if (n == 0) n = std::min<std::size_t>(45, clean.size() - i);
    out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") + base64(clean.substr(i, n)) + "?=";
    i += n;
  }
  return out;
}

std::string rfc5322Date(int64_t ms) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = std::time_t(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[std::size_t(tm.tm_wday) % 7],
                tm.tm_mday, kMonths[std::size_t(tm.tm_mon) % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

}  // namespace vigil::notify
