// NotificationService: the packager (render, PGP/MIME, feeds), the channels, and the outbox thread.
#include "service/notification_service.h"

#include <chrono>
#include <cstdio>
#include <set>

#include "common/this_thread.h"
#include "notify/mail/mail_composer.h"
#include "notify/render/feed_payloads.h"
#include "notify/render/mail_renderer.h"
#include "notify/transport/http_notifier.h"
#include "notify/transport/jsonl_notifier.h"
#include "notify/transport/smtp_notifier.h"

namespace vigil::service {
namespace {

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Renders each digest and packs it for every configured channel. Lives on the processing thread.
class Packer {
 public:
  Packer(const config::NotifyConfig& config, notify::TemplateSet templates, std::unique_ptr<notify::PgpContext> pgp)
      : config_(config), templates_(std::move(templates)), pgp_(std::move(pgp)) {
    reporter_ = {config.reporter_name, config.reporter_email, config.reporter_domain, "vigil-collector/0.1"};
  }

  common::Result<notify::Packed> pack(const notify::Digest& digest) {
    auto mail = notify::renderMail(digest, reporter_, templates_);
    if (!mail) return common::fail(mail.error());
    notify::Packed packed;
    // The CERT's own incident systems get every digest, held or not.
    const auto feed = [&](const char* channel, std::string payload) {
      store::OutboxItem item;
      item.channel = channel;
      item.payload = std::move(payload);
      packed.items.push_back(std::move(item));
    };
    if (config_.webhook) feed("webhook", notify::intelmqPayload(digest));
    if (config_.misp) feed("misp", notify::mispPayload(digest));
    if (config_.rtir) feed("rtir", notify::rtirPayload(digest, config_.rtir->queue, mail->text));
    if (!config_.jsonl_path.empty()) feed("jsonl", notify::intelmqPayload(digest));

    const enrich::Contact& contact = digest.contact;
    std::string key;
    if (pgp_ != nullptr && contact.encryption != enrich::Encryption::kNone) {
      if (!contact.pgp_key_file.empty() && imported_.insert(contact.pgp_key_file).second) {
        if (auto r = pgp_->importKeyFile(contact.pgp_key_file); !r) {
          std::fprintf(stderr, "vigil-collector: %s\n", r.error().c_str());
        }
      }
      key = pgp_->encryptionKeyFor(contact.email, contact.pgp_fingerprint).value_or("");
    }
    if (contact.encryption == enrich::Encryption::kRequired && key.empty()) {
      packed.held_reason = "encryption required for " + contact.email + " and no usable key" +
                           (pgp_ == nullptr ? " (no 'pgp' configured)" : "");
      return packed;
    }
    const notify::Envelope envelope{reporter_.name, config_.smtp_from, contact.email,
                                    digest.ticket,  reporter_.domain,  digest.created_ms};
    auto message = composer_.compose(*mail, envelope, pgp_.get(), key);
    if (!message) return common::fail(message.error());
    store::OutboxItem item;
    item.channel = "smtp";
    item.recipient = contact.email;
    item.payload = std::move(*message);
    packed.items.push_back(std::move(item));
    return packed;
  }

 private:
  const config::NotifyConfig& config_;
  const notify::TemplateSet templates_;
  std::unique_ptr<notify::PgpContext> pgp_;
  notify::Reporter reporter_;
  notify::MailComposer composer_;
  std::set<std::string> imported_;  // key files already in the keyring
};

common::Result<notify::TemplateSet> templatesOf(const config::NotifyConfig& config) {
  if (config.templates_dir.empty()) return notify::TemplateSet::builtin();
  return notify::TemplateSet::load(config.templates_dir);
}

}  // namespace

NotificationService::NotificationService(config::NotifyConfig config, const incidents::Attributor& attributor)
    : config_(std::move(config)), attributor_(attributor) {}

NotificationService::~NotificationService() {
  stopOutbox();
}

common::Result<std::unique_ptr<NotificationService>> NotificationService::create(
    const config::NotifyConfig& config, const incidents::Attributor& attributor) {
  if (auto t = templatesOf(config); !t) return common::fail(t.error());
  if (!config.pgp_home.empty()) {
    if (auto pgp = notify::PgpContext::open(config.pgp_home, config.pgp_signing_key); !pgp) {
      return common::fail(pgp.error());
    }
  }
  return std::unique_ptr<NotificationService>(new NotificationService(config, attributor));
}

common::Result<notify::NotificationScheduler*> NotificationService::makeScheduler(store::Store& db) {
  auto templates = templatesOf(config_);
  if (!templates) return common::fail(templates.error());
  std::unique_ptr<notify::PgpContext> pgp;
  if (!config_.pgp_home.empty()) {
    auto opened = notify::PgpContext::open(config_.pgp_home, config_.pgp_signing_key);
    if (!opened) return common::fail(opened.error());
    pgp = std::move(*opened);
  }
  auto packer = std::make_shared<Packer>(config_, std::move(*templates), std::move(pgp));
  notify::SchedulerOptions options;
  options.renotify_after_s = config_.renotify_after_s;
  options.settle_s = config_.settle_s;
  options.high_at_once = config_.high_at_once;
  options.upstream_tlps = config_.upstream_tlps;
  options.events_per_incident = config_.events_per_incident;
  scheduler_ = std::make_unique<notify::NotificationScheduler>(
      db, [this] { return attributor_.resolver(); }, [packer](const notify::Digest& d) { return packer->pack(d); },
      options);
  return scheduler_.get();
}

common::Result<void> NotificationService::startOutbox(const std::string& database) {
  auto db = store::openStore(database);
  if (!db) return common::fail(db.error());
  outbox_db_ = std::move(*db);
  notify::OutboxOptions options;
  options.first_retry = std::chrono::seconds(config_.first_retry_s);
  options.max_retry = std::chrono::seconds(config_.max_retry_s);
  options.max_attempts = config_.max_attempts;
  options.disable_after = config_.disable_after;
  worker_ = std::make_unique<notify::OutboxWorker>(*outbox_db_, options);
  if (!config_.smtp_url.empty()) {
    notify::SmtpOptions smtp;
    smtp.url = config_.smtp_url;
    smtp.tls = config_.smtp_tls == "none"                ? notify::SmtpOptions::Tls::kNone
               : config_.smtp_tls == "starttls-required" ? notify::SmtpOptions::Tls::kStartTlsRequired
                                                         : notify::SmtpOptions::Tls::kStartTlsIfOffered;
    smtp.ca_file = config_.smtp_ca_file;
    smtp.username = config_.smtp_username;
    smtp.password = config_.smtp_password;
    smtp.mail_from = config_.smtp_from;
    smtp.timeout_s = config_.smtp_timeout_s;
    worker_->addNotifier(std::make_unique<notify::SmtpNotifier>(smtp));
  }
  const auto http = [&](const char* channel, const std::optional<config::HttpFeedConfig>& feed) {
    if (!feed) return;
    notify::HttpOptions o;
    o.channel = channel;
    o.url = feed->url;
    o.headers = feed->headers;
    o.timeout_s = feed->timeout_s;
    worker_->addNotifier(std::make_unique<notify::HttpNotifier>(o));
  };
  http("webhook", config_.webhook);
  http("misp", config_.misp);
  http("rtir", config_.rtir);
  if (!config_.jsonl_path.empty()) worker_->addNotifier(std::make_unique<notify::JsonlNotifier>(config_.jsonl_path));
  outbox_thread_ = std::thread([this] { outboxLoop(); });
  return {};
}

void NotificationService::outboxLoop() {
  common::nameThisThread("vigil-outbox");
  std::string last_problem;
  while (!stop_.load()) {
    auto attempted = worker_->deliverDue(nowMs());
    if (!attempted) {
      if (attempted.error() != last_problem)
        std::fprintf(stderr, "vigil-collector: outbox: %s\n", attempted.error().c_str());
      last_problem = attempted.error();
    } else if (worker_->lastProblem() != last_problem && !worker_->lastProblem().empty()) {
      last_problem = worker_->lastProblem();
      std::fprintf(stderr, "vigil-collector: delivery: %s\n", last_problem.c_str());
    }
    // Busy while there is work; otherwise a short nap (new items are due at once when queued).
    if (!attempted || *attempted == 0) std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

void NotificationService::stopOutbox() {
  stop_.store(true);
  if (outbox_thread_.joinable()) outbox_thread_.join();
}

void NotificationService::writeMetrics(metrics::MetricSink& sink) const {
  if (scheduler_ != nullptr) {
    const auto& s = scheduler_->stats();
    const char* help = "Notifications made, by result";
    sink.counter("vigil_collector_notifications_total", help, {{"result", "queued"}}, double(s.notifications.load()));
    sink.counter("vigil_collector_notifications_total", help, {{"result", "held"}}, double(s.held.load()));
    sink.counter("vigil_collector_notified_incidents_total", "Incidents covered by queued notifications", {},
                 double(s.incidents_notified.load()));
    sink.counter("vigil_collector_tlp_red_kept_total", "Due TLP:RED incidents kept in the collector", {},
                 double(s.kept_red.load()));
  }
  if (worker_ != nullptr) {
    const auto& w = worker_->stats();
    const char* help = "Delivery attempts, by result";
    sink.counter("vigil_collector_deliveries_total", help, {{"result", "delivered"}}, double(w.delivered.load()));
    sink.counter("vigil_collector_deliveries_total", help, {{"result", "retried"}}, double(w.retried.load()));
    sink.counter("vigil_collector_deliveries_total", help, {{"result", "failed"}}, double(w.failed.load()));
    sink.counter("vigil_collector_addresses_disabled_total", "Contact addresses disabled after permanent failures", {},
                 double(w.addresses_disabled.load()));
  }
}

std::string NotificationService::summary() const {
  std::string out;
  if (scheduler_ != nullptr) {
    const auto& s = scheduler_->stats();
    out += std::to_string(s.notifications.load()) + " notifications (" + std::to_string(s.incidents_notified.load()) +
           " incidents), " + std::to_string(s.held.load()) + " held, " + std::to_string(s.kept_red.load()) +
           " TLP:RED kept";
  }
  if (worker_ != nullptr) {
    const auto& w = worker_->stats();
    out += (out.empty() ? "" : "; ") + std::to_string(w.delivered.load()) + " delivered, " +
           std::to_string(w.retried.load()) + " retried, " + std::to_string(w.failed.load()) + " failed, " +
           std::to_string(w.addresses_disabled.load()) + " addresses disabled";
  }
  return out;
}

}  // namespace vigil::service
