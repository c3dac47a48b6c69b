// NotifyConfig: the `notifications:` section of the collector's configuration: reporter, PGP, SMTP, feeds, timing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "rules/source_file.h"
#include "rules/yaml_fields.h"

namespace vigil::config {

// notifications:                          (absent: incidents are stored and listed, nobody is notified)
//   reporter: {name: CERT-XX, email: cert@cert.example, domain: cert.example}
//   templates: DIR                        subject+body files; absent = built-in defaults
//   renotify_after: 1d                    persisting incidents are told again after this
//   settle: 60s                           a contact's first finding waits this long for the rest of the attack
//   high_at_once: true                    severity high skips a contact's notification_interval
//   upstream_tlps: [TLP:CLEAR, TLP:GREEN] labels that may go to an upstream AS contact
//   events_per_incident: 5                evidence sample per incident
//   pgp: {home: DIR, signing_key: FINGERPRINT}     absent = unsigned, unencrypted mail
//   smtp: {url: smtp://HOST:PORT, tls: starttls-if-offered|starttls-required|none, from: ADDR,
//          username: U, password_file: F, timeout: 30s, ca_file: F}
//   outbox: {first_retry: 30s, max_retry: 1h, max_attempts: 48, disable_after: 3}
//   feeds:                                the CERT's own incident systems, each optional
//     webhook: {url: URL, headers: {NAME: VALUE}, timeout: 10s}
//     misp: {url: URL/events/add, key_file: F}
//     rtir: {url: URL/REST/2.0/ticket, token_file: F, queue: Incident Reports}
//     jsonl: {path: FILE}

struct HttpFeedConfig {
  std::string url;
  std::map<std::string, std::string> headers;  // secrets from *_file keys end up here
  uint32_t timeout_s = 10;
  std::string queue;  // rtir only
};

struct NotifyConfig {
  std::string reporter_name = "CERT";
  std::string reporter_email = "cert@localhost";
  std::string reporter_domain = "localhost";
  std::string templates_dir;
  uint32_t renotify_after_s = 86400;
  uint32_t settle_s = 60;
  bool high_at_once = true;
  std::vector<std::string> upstream_tlps = {"TLP:CLEAR", "TLP:GREEN"};
  uint32_t events_per_incident = 5;
  std::string pgp_home;
  std::string pgp_signing_key;
  std::string smtp_url;  // empty: mail is not sent (held in the outbox until configured)
  std::string smtp_tls = "starttls-if-offered";
  std::string smtp_from;
  std::string smtp_username;
  std::string smtp_password;  // read from password_file
  std::string smtp_ca_file;
  uint32_t smtp_timeout_s = 30;
  uint32_t first_retry_s = 30;
  uint32_t max_retry_s = 3600;
  uint32_t max_attempts = 48;
  uint32_t disable_after = 3;
  std::optional<HttpFeedConfig> webhook;
  std::optional<HttpFeedConfig> misp;
  std::optional<HttpFeedConfig> rtir;
  std::string jsonl_path;
};

/// Parses the `notifications` mapping; paths resolve against `from`'s directory and secret files are read
/// here. Errors are one line with FILE:LINE:COLUMN.
common::Result<NotifyConfig> parseNotifyConfig(const rules::Field& field, const rules::SourceFile& from);

}  // namespace vigil::config
