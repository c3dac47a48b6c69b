// Wire protocol helpers: seq frames and Z85 key syntax.
#include "wire/wire_protocol.h"

namespace vigil::wire {

std::string encodeSeq(uint64_t seq) {
  std::string out(kSeqBytes, '\0');
  for (std::size_t i = 0; i < kSeqBytes; ++i)
    out[i] = char((seq >> (8 * (kSeqBytes - 1 - i))) & 0xff);
  return out;
}

std::optional<uint64_t> decodeSeq(std::string_view frame) noexcept {
  if (frame.size() != kSeqBytes) return std::nullopt;
  uint64_t seq = 0;
  for (unsigned char c : frame)
    seq = (seq << 8) | c;
  return seq;
}

bool isZ85Key(std::string_view text) noexcept {
  constexpr std::string_view kAlphabet =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
  if (text.size() != kZ85KeyChars) return false;
  for (char c : text) {
    if (kAlphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace vigil::wire
