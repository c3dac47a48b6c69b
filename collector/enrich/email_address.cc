// Abuse-contact e-mail validation and extraction from free-form RIPE abuse-mailbox values.
#include "enrich/email_address.h"

namespace vigil::enrich {
namespace {

constexpr std::size_t kMaxLocal = 64;
constexpr std::size_t kMaxDomain = 253;
constexpr std::size_t kMaxLabel = 63;

bool isAlnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 5322 atext: what a dot-atom local part may hold besides dots.
bool isAtext(char c) noexcept {
  if (isAlnum(c)) return true;
  for (char special : std::string_view("!#$%&'*+/=?^_`{|}~-")) {
    if (c == special) return true;
  }
  return false;
}

bool isDotAtom(std::string_view text) noexcept {
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  char previous = '\0';
  for (char c : text) {
    if (c == '.' && previous == '.') return false;
    if (c != '.' && !isAtext(c)) return false;
    previous = c;
  }
  return true;
}

// "..." with printable ASCII inside, no quote or backslash (escapes are legal but never seen in RIPE data).
bool isQuotedString(std::string_view text) noexcept {
  if (text.size() < 3 || text.front() != '"' || text.back() != '"') return false;
  for (char c : text.substr(1, text.size() - 2)) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  }
  return true;
}

bool isDomain(std::string_view text) noexcept {
  if (text.empty() || text.size() > kMaxDomain) return false;
  std::size_t labels = 0;
  while (true) {
    const std::size_t dot = text.find('.');
    const std::string_view label = text.substr(0, dot);
    if (label.empty() || label.size() > kMaxLabel || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!isAlnum(c) && c != '-') return false;
    }
    ++labels;
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  return labels >= 2;
}

char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

bool startsWithNoCase(std::string_view text, std::string_view prefix) noexcept {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

// Characters that separate candidate addresses (and the brackets of display forms and comments).
bool isSeparator(char c) noexcept {
  switch (c) {
    case ' ':
    case '\t':
    case ',':
    case ';':
    case '<':
    case '>':
    case '(':
    case ')':
    case '[':
    case ']':
      return true;
    default:
      return false;
  }
}

}  // namespace

bool isEmailAddress(std::string_view text) noexcept {
  const std::size_t at = text.rfind('@');
  if (at == std::string_view::npos) return false;
  const std::string_view local = text.substr(0, at);
  const std::string_view domain = text.substr(at + 1);
  if (local.size() > kMaxLocal) return false;
  return (isDotAtom(local) || isQuotedString(local)) && isDomain(domain);
}

std::string normalizeEmailAddress(std::string_view text) {
  std::string out(text);
  for (std::size_t i = out.rfind('@') + 1; i < out.size(); ++i)
    out[i] = lower(out[i]);
  return out;
}

std::optional<std::string> firstEmailAddress(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (isSeparator(text[i])) {
      ++i;
      continue;
    }
    // A '#' that starts a word starts an RPSL end-of-line comment; inside a local part it is a letter.
    if (text[i] == '#') break;
    const std::size_t begin = i;
    bool quoted = false;
    while (i < text.size() && (quoted || !isSeparator(text[i]))) {
      if (text[i] == '"') quoted = !quoted;
      ++i;
    }
    std::string_view word = text.substr(begin, i - begin);
    if (startsWithNoCase(word, "mailto:")) word.remove_prefix(7);
    while (!word.empty() && word.back() == '.')
      word.remove_suffix(1);  // the full stop of "write to abuse@x.net."
    if (isEmailAddress(word)) return normalizeEmailAddress(word);
  }
  return std::nullopt;
}

}  // namespace vigil::enrich
