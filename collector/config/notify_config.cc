// NotifyConfig parsing: every key checked, located errors, secrets read from their files.
#include "config/notify_config.h"

#include <array>
#include <fstream>
#include <optional>
#include <sstream>

namespace vigil::config {
namespace {

using rules::Field;

constexpr std::array<std::string_view, 11> kKeys = {
    "reporter", "templates", "renotify_after", "high_at_once", "upstream_tlps", "events_per_incident",
    "pgp",      "smtp",      "outbox",         "feeds",        "settle"};
constexpr std::array<std::string_view, 3> kReporterKeys = {"name", "email", "domain"};
constexpr std::array<std::string_view, 2> kPgpKeys = {"home", "signing_key"};
constexpr std::array<std::string_view, 7> kSmtpKeys = {"url",           "tls",     "from",   "username",
                                                       "password_file", "timeout", "ca_file"};
constexpr std::array<std::string_view, 4> kOutboxKeys = {"first_retry", "max_retry", "max_attempts", "disable_after"};
constexpr std::array<std::string_view, 4> kFeedKeys = {"webhook", "misp", "rtir", "jsonl"};
constexpr std::array<std::string_view, 7> kHttpKeys = {"url",        "headers", "timeout", "key_file",
                                                       "token_file", "queue",   "path"};

// The fields of a mapping-valued field.
common::Result<std::vector<Field>> fieldsOf(const Field& f, const rules::SourceFile& from,
                                            std::span<const std::string_view> keys, std::string_view what) {
  auto map = rules::readMap(f, what);
  if (!map.ok()) return common::fail(map.error());
  return rules::mappingFields(from.display, *map, keys, "in '" + f.name + "'");
}

// A secret file's first line (trailing newline and spaces trimmed); errors name the file, never its content.
common::Result<std::string> readSecret(const Field& f, const rules::SourceFile& from) {
  auto name = rules::readScalar(f, "the path of a file holding the secret");
  if (!name.ok()) return common::fail(name.error());
  const std::string path = from.resolve(*name).fs.string();
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return f.error("cannot read '" + path + "'");
  while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
    line.pop_back();
  if (line.empty()) return f.error("'" + path + "' is empty");
  return line;
}

common::Result<std::string> readUrl(const Field& f, std::initializer_list<std::string_view> schemes) {
  auto url = rules::readScalar(f, "a URL");
  if (!url.ok()) return common::fail(url.error());
  for (std::string_view scheme : schemes) {
    if (url->rfind(scheme, 0) == 0) return *url;
  }
  std::string names;
  for (std::string_view scheme : schemes)
    names += (names.empty() ? "" : " or ") + std::string(scheme);
  return f.error("'" + f.name + "' must start with " + names + " (got " + rules::quoteText(*url) + ")");
}

common::Result<HttpFeedConfig> parseHttpFeed(const Field& feed, const rules::SourceFile& from) {
  auto fields = fieldsOf(feed, from, kHttpKeys, "feed settings (url, headers, ...)");
  if (!fields.ok()) return common::fail(fields.error());
  HttpFeedConfig out;
  if (feed.name == "rtir") out.queue = "Incident Reports";
  for (const Field& f : *fields) {
    if (f.name == "url") {
      auto url = readUrl(f, {"http://", "https://"});
      if (!url.ok()) return common::fail(url.error());
      out.url = *url;
    } else if (f.name == "headers") {
      auto map = rules::readMap(f, "header names to values");
      if (!map.ok()) return common::fail(map.error());
      for (const auto& kv : *map)
        out.headers[kv.first.as<std::string>()] = kv.second.as<std::string>();
    } else if (f.name == "timeout") {
      auto s = rules::readDurationSeconds(f, 1, 600);
      if (!s.ok()) return common::fail(s.error());
      out.timeout_s = *s;
    } else if (f.name == "key_file" && feed.name == "misp") {
      auto key = readSecret(f, from);
      if (!key.ok()) return common::fail(key.error());
      out.headers["Authorization"] = *key;
    } else if (f.name == "token_file" && feed.name == "rtir") {
      auto token = readSecret(f, from);
      if (!token.ok()) return common::fail(token.error());
      out.headers["Authorization"] = "token " + *token;
    } else if (f.name == "queue" && feed.name == "rtir") {
      auto queue = rules::readScalar(f, "an RT queue name");
      if (!queue.ok()) return common::fail(queue.error());
      out.queue = *queue;
    } else {
      return f.error("'" + f.name + "' does not apply to the " + feed.name + " feed");
    }
  }
  if (out.url.empty()) return feed.error("the " + feed.name + " feed needs a 'url'");
  return out;
}

common::Result<void> parseFeeds(const Field& feeds, const rules::SourceFile& from, NotifyConfig& out) {
  auto fields = fieldsOf(feeds, from, kFeedKeys, "incident-system feeds (webhook, misp, rtir, jsonl)");
  if (!fields.ok()) return common::fail(fields.error());
  for (const Field& f : *fields) {
    if (f.name == "jsonl") {
      auto inner = fieldsOf(f, from, kHttpKeys, "jsonl settings (path)");
      if (!inner.ok()) return common::fail(inner.error());
      for (const Field& g : *inner) {
        if (g.name != "path") return g.error("'" + g.name + "' does not apply to the jsonl feed");
        auto path = rules::readScalar(g, "a file path");
        if (!path.ok()) return common::fail(path.error());
        out.jsonl_path = from.resolve(*path).fs.string();
      }
      if (out.jsonl_path.empty()) return f.error("the jsonl feed needs a 'path'");
      continue;
    }
    auto feed = parseHttpFeed(f, from);
    if (!feed.ok()) return common::fail(feed.error());
    (f.name == "webhook" ? out.webhook : f.name == "misp" ? out.misp : out.rtir) = std::move(*feed);
  }
  return {};
}

common::Result<void> parseSmtp(const Field& smtp, const rules::SourceFile& from, NotifyConfig& out) {
  auto fields = fieldsOf(smtp, from, kSmtpKeys, "SMTP settings (url, tls, from, ...)");
  if (!fields.ok()) return common::fail(fields.error());
  for (const Field& f : *fields) {
    common::Result<std::string> text = std::string();
    if (f.name == "url") {
      text = readUrl(f, {"smtp://", "smtps://"});
      if (text.ok()) out.smtp_url = *text;
    } else if (f.name == "tls") {
      text = rules::readScalar(f, "none, starttls-if-offered or starttls-required");
      if (text.ok() && *text != "none" && *text != "starttls-if-offered" && *text != "starttls-required") {
        return f.error("'tls' must be none, starttls-if-offered or starttls-required (got " + rules::quoteText(*text) +
                       ")");
      }
      if (text.ok()) out.smtp_tls = *text;
    } else if (f.name == "from") {
      text = rules::readScalar(f, "the envelope sender address");
      if (text.ok()) out.smtp_from = *text;
    } else if (f.name == "username") {
      text = rules::readScalar(f);
      if (text.ok()) out.smtp_username = *text;
    } else if (f.name == "password_file") {
      text = readSecret(f, from);
      if (text.ok()) out.smtp_password = *text;
    } else if (f.name == "ca_file") {
      text = rules::readScalar(f, "a CA certificate file");
      if (text.ok()) out.smtp_ca_file = from.resolve(*text).fs.string();
    } else {
      auto s = rules::readDurationSeconds(f, 1, 600);
      if (!s.ok()) return common::fail(s.error());
      out.smtp_timeout_s = *s;
    }
    if (!text.ok()) return common::fail(text.error());
  }
  if (out.smtp_url.empty()) return smtp.error("'smtp' needs a 'url'");
  return {};
}

}  // namespace

common::Result<NotifyConfig> parseNotifyConfig(const Field& field, const rules::SourceFile& from) {
  auto fields = fieldsOf(field, from, kKeys, "notification settings");
  if (!fields.ok()) return common::fail(fields.error());
  NotifyConfig out;
  std::optional<Field> pgp;
  for (const Field& f : *fields) {
    common::Result<void> done;
    if (f.name == "pgp") pgp = f;
    if (f.name == "reporter" || f.name == "pgp" || f.name == "outbox") {
      const auto keys = f.name == "reporter" ? std::span<const std::string_view>(kReporterKeys)
                        : f.name == "pgp"    ? std::span<const std::string_view>(kPgpKeys)
                                             : std::span<const std::string_view>(kOutboxKeys);
      auto inner = fieldsOf(f, from, keys, "settings");
      if (!inner.ok()) return common::fail(inner.error());
      for (const Field& g : *inner) {
        if (g.name == "first_retry" || g.name == "max_retry") {
          auto s = rules::readDurationSeconds(g, 1, 7 * 86400);
          if (!s.ok()) return common::fail(s.error());
          (g.name == "first_retry" ? out.first_retry_s : out.max_retry_s) = *s;
        } else if (g.name == "max_attempts" || g.name == "disable_after") {
          auto n = rules::readInteger(g, 1, 1000);
          if (!n.ok()) return common::fail(n.error());
          (g.name == "max_attempts" ? out.max_attempts : out.disable_after) = uint32_t(*n);
        } else {
          auto text = rules::readScalar(g);
          if (!text.ok()) return common::fail(text.error());
          if (g.name == "name") out.reporter_name = *text;
          if (g.name == "email") out.reporter_email = *text;
          if (g.name == "domain") out.reporter_domain = *text;
          if (g.name == "home") out.pgp_home = from.resolve(*text).fs.string();
          if (g.name == "signing_key") out.pgp_signing_key = *text;
        }
      }
    } else if (f.name == "templates") {
      auto dir = rules::readScalar(f, "a directory of template files");
      if (!dir.ok()) return common::fail(dir.error());
      out.templates_dir = from.resolve(*dir).fs.string();
    } else if (f.name == "renotify_after") {
      auto s = rules::readDurationSeconds(f, 60, 365 * 86400);
      if (!s.ok()) return common::fail(s.error());
      out.renotify_after_s = *s;
    } else if (f.name == "settle") {
      auto s = rules::readDurationSeconds(f, 0, 3600);
      if (!s.ok()) return common::fail(s.error());
      out.settle_s = *s;
    } else if (f.name == "high_at_once") {
      auto b = rules::readBool(f);
      if (!b.ok()) return common::fail(b.error());
      out.high_at_once = *b;
    } else if (f.name == "upstream_tlps") {
      auto list = rules::readList(f, "TLP labels");
      if (!list.ok()) return common::fail(list.error());
      out.upstream_tlps.clear();
      for (const YAML::Node& n : *list) {
        const std::string tlp = n.IsScalar() ? n.Scalar() : std::string();
        if (tlp != "TLP:CLEAR" && tlp != "TLP:GREEN" && tlp != "TLP:AMBER" && tlp != "TLP:AMBER+STRICT") {
          return f.error("'upstream_tlps' takes TLP:CLEAR, TLP:GREEN, TLP:AMBER or TLP:AMBER+STRICT (got " +
                         rules::quoteText(tlp) + "; TLP:RED never leaves the collector)");
        }
        out.upstream_tlps.push_back(tlp);
      }
    } else if (f.name == "events_per_incident") {
      auto n = rules::readInteger(f, 0, 1000);
      if (!n.ok()) return common::fail(n.error());
      out.events_per_incident = uint32_t(*n);
    } else if (f.name == "smtp") {
      done = parseSmtp(f, from, out);
    } else {
      done = parseFeeds(f, from, out);
    }
    if (!done.ok()) return common::fail(done.error());
  }
  if (!out.pgp_home.empty() && out.pgp_signing_key.empty()) {
    return pgp->error("'pgp' needs 'signing_key' (the fingerprint of the CERT's key in 'home')");
  }
  if (out.smtp_from.empty()) out.smtp_from = out.reporter_email;
  return out;
}

}  // namespace vigil::config
