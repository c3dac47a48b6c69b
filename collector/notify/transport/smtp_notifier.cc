// SmtpNotifier: one libcurl SMTP session per mail; the reply code decides delivered / retry / permanent.
#include "notify/transport/smtp_notifier.h"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

namespace vigil::notify {
namespace {

// Feeds the message to curl's upload callback.
struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t readBody(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

bool badAddress(const std::string& address) {
  return address.empty() || address.find_first_of("\r\n<> ") != std::string::npos ||
         address.find('@') == std::string::npos;
}

}  // namespace

void initCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

SmtpNotifier::SmtpNotifier(SmtpOptions options) : options_(std::move(options)) {
  initCurlOnce();
  curl_ = curl_easy_init();
}

SmtpNotifier::~SmtpNotifier() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

DeliveryResult SmtpNotifier::deliver(const Delivery& delivery) {
  if (badAddress(delivery.recipient)) {
    return {DeliveryStatus::kPermanent, "refusing recipient address '" + delivery.recipient + "'"};
  }
  if (badAddress(options_.mail_from)) {
    return {DeliveryStatus::kRetry, "the configured sender address '" + options_.mail_from + "' is not usable"};
  }
  CURL* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) return {DeliveryStatus::kRetry, "curl_easy_init failed"};
  curl_easy_reset(curl);
  char error[CURL_ERROR_SIZE] = {0};
  Upload upload{&delivery.payload};
  const std::string from = "<" + options_.mail_from + ">";
  const std::string to = "<" + delivery.recipient + ">";
  curl_slist* recipients = curl_slist_append(nullptr, to.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, readBody);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(delivery.payload.size()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, long(options_.timeout_s));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, long(options_.timeout_s) * 4);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   options_.tls == SmtpOptions::Tls::kNone               ? long(CURLUSESSL_NONE)
                   : options_.tls == SmtpOptions::Tls::kStartTlsRequired ? long(CURLUSESSL_ALL)
                                                                         : long(CURLUSESSL_TRY));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options_.verify_peer ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options_.verify_peer ? 2L : 0L);
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (!options_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  const CURLcode code = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(recipients);
  // Nothing of the options (the password) ever reaches the detail: only curl's own message and the code.
  curl_easy_setopt(curl, CURLOPT_PASSWORD, "");
  if (code == CURLE_OK) return {DeliveryStatus::kDelivered, "SMTP " + std::to_string(reply)};
  std::string detail = std::string(curl_easy_strerror(code)) + (error[0] != 0 ? ": " + std::string(error) : "");
  if (reply != 0) detail = "SMTP " + std::to_string(reply) + ": " + detail;
  // A refused login is the collector's configuration, not the recipient: never a reason to disable it.
  if (code == CURLE_LOGIN_DENIED) return {DeliveryStatus::kRetry, detail};
  if (reply >= 500 && reply < 600) return {DeliveryStatus::kPermanent, detail};
  return {DeliveryStatus::kRetry, detail};
}

}  // namespace vigil::notify
