// SmtpNotifier: delivers finished mail over SMTP through libcurl (STARTTLS, optional auth), classifying replies.
#pragma once

#include <cstdint>
#include <string>

#include "notify/notifier.h"

namespace vigil::notify {

struct SmtpOptions {
  std::string url;  // smtp://HOST:PORT or smtps://HOST:PORT
  enum class Tls { kNone, kStartTlsIfOffered, kStartTlsRequired } tls = Tls::kStartTlsIfOffered;
  std::string ca_file;  // empty: the system's CA store
  bool verify_peer = true;
  std::string username;  // empty: no AUTH
  std::string password;  // never shown in any message
  std::string mail_from;
  uint32_t timeout_s = 30;
};

/// Channel "smtp". deliver() sends delivery.payload (a complete RFC 5322 message, CRLF) to
/// delivery.recipient. Outcome: 2xx -> delivered; a 4xx reply, a refused or broken connection, a timeout, a
/// TLS failure -> retry; a 5xx reply (recipient or message refused) -> permanent. A recipient with CR, LF,
/// '<', '>' or without '@' is permanent without connecting. Owns one curl handle (connections are not
/// reused across deliveries: each mail is one SMTP session, as most abuse desks' servers expect).
/// Outbox thread only.
class SmtpNotifier final : public Notifier {
 public:
  explicit SmtpNotifier(SmtpOptions options);
  ~SmtpNotifier() override;
  SmtpNotifier(const SmtpNotifier&) = delete;
  SmtpNotifier& operator=(const SmtpNotifier&) = delete;

  std::string_view channel() const noexcept override { return "smtp"; }
  DeliveryResult deliver(const Delivery& delivery) override;

 private:
  const SmtpOptions options_;
  void* curl_;  // CURL*
};

/// curl_global_init, once per process (thread-safe, idempotent); every notifier constructor calls it.
void initCurlOnce();

}  // namespace vigil::notify
