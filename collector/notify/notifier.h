// Notifier: the delivery seam: one channel (SMTP, webhook, MISP, RTIR, JSONL file) delivers one finished message.
#pragma once

#include <string>
#include <string_view>

namespace vigil::notify {

/// A finished message for one channel, exactly as the outbox persisted it (so a retry after a crash
/// sends the same bytes).
struct Delivery {
  std::string channel;    // "smtp", "webhook", "misp", "rtir", "jsonl": which Notifier takes it
  std::string recipient;  // smtp: the envelope recipient address; other channels: empty (their target is configured)
  std::string payload;    // smtp: the whole RFC 5322 message, CRLF line ends; others: one JSON document
  std::string ticket;     // the notification's ticket number, for logs and idempotency keys
};

/// How an attempt ended. kRetry: worth trying again later (connection refused, timeout, SMTP 4xx, HTTP
/// 5xx/429); kPermanent: the same message will never be accepted there (SMTP 5xx for the recipient, HTTP
/// 4xx other than 408/429, a file that cannot be opened for a reason retrying cannot fix).
enum class DeliveryStatus { kDelivered, kRetry, kPermanent };

struct DeliveryResult {
  DeliveryStatus status = DeliveryStatus::kDelivered;
  std::string detail;  // one line: the server's reply or the error, for the outbox's last_error and the log
};

/// One channel. deliver() blocks for at most the channel's configured timeout and never throws. Called
/// from the outbox thread only; an implementation needs no locking of its own.
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual std::string_view channel() const noexcept = 0;
  virtual DeliveryResult deliver(const Delivery& delivery) = 0;
};

}  // namespace vigil::notify
