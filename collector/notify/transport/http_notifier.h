// HttpNotifier: POSTs a JSON document to an incident system (webhook, MISP, RTIR) through libcurl.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "notify/notifier.h"

namespace vigil::notify {

struct HttpOptions {
  std::string channel = "webhook";  // webhook | misp | rtir: the outbox channel this notifier takes
  std::string url;
  std::map<std::string, std::string> headers;  // Authorization and the like; never shown in messages
  uint32_t timeout_s = 10;
  std::string ca_file;
  bool verify_peer = true;
};

/// deliver() POSTs delivery.payload with Content-Type: application/json, Accept: application/json and
/// Idempotency-Key: <ticket> (a receiver can drop the repeat after a crash between its answer and our
/// commit). Outcome: 2xx -> delivered; 401 and 403 (our credentials: an expired token), 408, 425, 429, 5xx,
/// connection errors, timeouts -> retry; any other status -> permanent. The detail holds the status and the first 200 bytes of the answer on one line.
/// Owns one curl handle, reused (keep-alive). Outbox thread only.
class HttpNotifier final : public Notifier {
 public:
  explicit HttpNotifier(HttpOptions options);
  ~HttpNotifier() override;
  HttpNotifier(const HttpNotifier&) = delete;
  HttpNotifier& operator=(const HttpNotifier&) = delete;

  std::string_view channel() const noexcept override { return options_.channel; }
  DeliveryResult deliver(const Delivery& delivery) override;

 private:
  const HttpOptions options_;
  void* curl_;  // CURL*
};

}  // namespace vigil::notify
