// Wire protocol between sensor (ZeroMQ DEALER) and collector (ROUTER): frames of an event and of its reply.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::wire {

// sensor -> collector: [seq: 8 bytes big-endian][event JSON line, no newline]
// collector -> sensor: ["ACK"][seq]            stored (or already stored): drop it from the spool
//                      ["REJ"][seq][reason]    can never be stored (malformed, forged sensor name, ...):
//                                              drop it too, count it and log the reason
// No reply means "not stored now" (database error): the sensor resends after its ack timeout.
// Duplicates are harmless: the collector keys events by (sensor, seq).
inline constexpr std::string_view kAck = "ACK";
inline constexpr std::string_view kReject = "REJ";
inline constexpr std::size_t kSeqBytes = 8;

/// The 8-byte big-endian seq frame.
std::string encodeSeq(uint64_t seq);
/// nullopt unless exactly 8 bytes.
std::optional<uint64_t> decodeSeq(std::string_view frame) noexcept;

/// CURVE keys travel as Z85 text: 40 characters for 32 bytes.
inline constexpr std::size_t kZ85KeyChars = 40;
/// True for 40 characters of the Z85 alphabet.
bool isZ85Key(std::string_view text) noexcept;

}  // namespace vigil::wire
