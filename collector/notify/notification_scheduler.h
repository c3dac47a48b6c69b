// NotificationScheduler: decides which incidents go to which contact when, as digests, and queues them durably.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "enrich/resolver.h"
#include "notify/digest.h"
#include "notify/recipient_policy.h"
#include "store/store.h"

namespace vigil::notify {

struct SchedulerOptions {
  uint32_t renotify_after_s = 86400;  // a notified incident that persists is told again after this
  uint32_t settle_s = 60;             // a contact's first due incident waits this long for others to join it
  bool high_at_once = true;           // severity high skips the contact's notification_interval
  std::vector<std::string> upstream_tlps = {"TLP:CLEAR", "TLP:GREEN"};  // see RecipientPolicy
  uint32_t events_per_incident = 5;                                     // evidence sample in each digest item
  uint32_t max_incidents_per_digest = 200;
};

/// What a digest becomes: outbox items (mail, incident-system records), or a reason it is held (the contact
/// requires encryption and has no usable key). A held digest may still carry items for the CERT's own
/// incident-system feeds.
struct Packed {
  std::vector<store::OutboxItem> items;
  std::string held_reason;
};
/// Renders and packages one digest (the notify wiring: templates, formats, PGP/MIME, feeds).
using Packager = std::function<common::Result<Packed>(const Digest&)>;
/// The resolver in use (reloaded on SIGHUP), or nullptr before the first load.
using ResolverSource = std::function<std::shared_ptr<const enrich::Resolver>()>;

/// Runs on the collector's processing thread with that thread's Store; all state is in the database, so
/// a restart continues where it stopped. One pass (runOnce):
///  1. Due incidents: status new, reopened or persisting, not inhibited, never notified or last notified
///     renotify_after ago (a reopened or persisting incident is not told again sooner: no flapping mail).
///  2. Each gets a recipient from RecipientPolicy (current constituency, disabled addresses skipped).
///     TLP:RED incidents and those without any recipient are counted and left alone.
///  3. Grouped per recipient address. A group waits while the address was notified less than its
///     notification_interval ago, and while its oldest due incident has been due for less than settle_s
///     (findings of one attack arrive over seconds: they go out as one digest, not one mail each), unless
///     it holds a high-severity incident (high_at_once). The settle clock is kept in memory: a restart
///     only delays.
///  4. Each group becomes digests (X-ARF: one incident per digest, the format has one report per mail;
///     others up to max_incidents_per_digest), each with a new ticket, packaged, and saved in one
///     transaction with its incidents (notified, ticket) and outbox items: a crash never leaves a
///     notification half made, and a made notification is never lost.
class NotificationScheduler {
 public:
  NotificationScheduler(store::Store& store, ResolverSource resolver, Packager packager, SchedulerOptions options);

  /// One pass at wall time now_ms (Unix ms). Returns the number of notifications made (held included).
  common::Result<std::size_t> runOnce(int64_t now_ms);

  /// Written by the processing thread, read by anyone (metrics scrape).
  struct Stats {
    std::atomic<uint64_t> notifications{0};       // queued
    std::atomic<uint64_t> held{0};                // held (encryption required without a key, no recipient allowed)
    std::atomic<uint64_t> incidents_notified{0};  // incidents covered by queued notifications
    std::atomic<uint64_t> kept_red{0};            // TLP:RED incidents seen due (never sent)
    std::atomic<uint64_t> no_recipient{0};        // incidents nobody may or can be told about
  };
  const Stats& stats() const noexcept { return stats_; }

 private:
  struct Group;
  common::Result<void> notifyGroup(Group& group, int64_t now_ms);
  common::Result<void> saveDigest(Digest& digest, std::vector<store::Incident>& incidents, int64_t now_ms);

  store::Store& store_;
  ResolverSource resolver_;
  Packager packager_;
  const SchedulerOptions options_;
  const RecipientPolicy policy_;
  std::map<int64_t, int64_t> first_due_ms_;  // incident id -> when this scheduler first saw it due
  Stats stats_;
};

/// "TLP:CLEAR" < "TLP:GREEN" < "TLP:AMBER" < "TLP:AMBER+STRICT" < "TLP:RED": the more restrictive of two
/// labels (an unknown label counts as AMBER, the IntelMQ default).
std::string moreRestrictiveTlp(const std::string& a, const std::string& b);

}  // namespace vigil::notify
