// Digest: the content of one notification: the incidents going to one contact together, with their latest events.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "enrich/constituency.h"
#include "store/records.h"

namespace vigil::notify {

/// Who sends the notifications: the CERT. From the collector's configuration. Plain value.
struct Reporter {
  std::string name = "CERT";                   // organisation name, e.g. "CERT-XX"
  std::string email = "cert@localhost";        // From: address, and the reporter in X-ARF / IODEF
  std::string domain = "localhost";            // IODEF IncidentID@name, X-ARF Report-ID suffix, Message-ID domain
  std::string user_agent = "vigil-collector";  // X-ARF User-Agent, mail headers
};

/// One incident in a digest and the evidence shown for it.
struct DigestItem {
  store::Incident incident;
  std::vector<store::StoredEvent> events;  // a bounded sample of its events (the first ones), oldest first
};

/// One notification to one contact: what renderers turn into a mail or an incident-system record.
/// Plain value, built by the scheduler; renderers only read it.
struct Digest {
  std::string ticket;             // "YYYYMMDD-NNNNNNNN", unique per notification
  std::string organisation;       // the organisation the incidents belong to
  enrich::Contact contact;        // the recipient: address, preferred format, key, encryption policy
  std::string tlp;                // the most restrictive TLP among the items ("TLP:AMBER")
  int64_t created_ms = 0;         // Unix ms (UTC) when the digest was made
  bool reminder = false;          // every item was notified before and still persists
  std::vector<DigestItem> items;  // at least one; latest last_seen first
};

}  // namespace vigil::notify
