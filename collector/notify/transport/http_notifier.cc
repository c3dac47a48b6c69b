// HttpNotifier: one POST per delivery on a reused curl handle; the status code decides the outcome.
#include "notify/transport/http_notifier.h"

#include <curl/curl.h>

#include "notify/transport/smtp_notifier.h"

namespace vigil::notify {
namespace {

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const std::size_t n = size * count;
  if (body->size() < 4096) body->append(data, std::min(n, 4096 - body->size()));
  return n;
}

// The start of an answer on one line, for the detail.
std::string excerpt(const std::string& body) {
  std::string out = body.substr(0, 200);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return out;
}

}  // namespace

HttpNotifier::HttpNotifier(HttpOptions options) : options_(std::move(options)) {
  initCurlOnce();
  curl_ = curl_easy_init();
}

HttpNotifier::~HttpNotifier() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

DeliveryResult HttpNotifier::deliver(const Delivery& delivery) {
  CURL* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) return {DeliveryStatus::kRetry, "curl_easy_init failed"};
  curl_easy_reset(curl);
  char error[CURL_ERROR_SIZE] = {0};
  std::string body;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, ("Idempotency-Key: " + delivery.ticket).c_str());
  for (const auto& [name, value] : options_.headers)
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, delivery.payload.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(delivery.payload.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, long(options_.timeout_s));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, long(options_.timeout_s));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options_.verify_peer ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options_.verify_peer ? 2L : 0L);
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) {
    return {DeliveryStatus::kRetry,
            std::string(curl_easy_strerror(code)) + (error[0] != 0 ? ": " + std::string(error) : "")};
  }
  const std::string detail = "HTTP " + std::to_string(status) + (body.empty() ? "" : ": " + excerpt(body));
  if (status >= 200 && status < 300) return {DeliveryStatus::kDelivered, detail};
  // 401/403 mean our credentials (an expired MISP or RT token), not the document: keep it for when they are fixed.
  if (status == 401 || status == 403 || status == 408 || status == 425 || status == 429 || status >= 500) {
    return {DeliveryStatus::kRetry, detail};
  }
  return {DeliveryStatus::kPermanent, detail};
}

}  // namespace vigil::notify
