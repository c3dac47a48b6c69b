// XarfReport: key order as in the X-ARF examples, values quoted.
#include "notify/render/xarf_report.h"

#include "event/event_json.h"
#include "notify/mail/mime_text.h"

namespace vigil::notify {
namespace {

std::string quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string reportType(const std::string& id) {
  if (id.rfind("scan-", 0) == 0) return "port-scan";
  if (id.rfind("bruteforce-", 0) == 0) return "login-attack";
  if (id.size() > 6 && id.compare(id.size() - 6, 6, "-flood") == 0) return "ddos";
  if (id.rfind("amplification-", 0) == 0) return "open-service";
  if (id == "c2-contact") return "malware";
  if (id == "spam") return "spam";
  return "info";
}

}  // namespace

common::Result<std::string> xarfReport(const Digest& digest, const Reporter& reporter) {
  if (digest.items.size() != 1) {
    return common::fail("X-ARF takes one incident per report; ticket " + digest.ticket + " has " +
                        std::to_string(digest.items.size()));
  }
  const DigestItem& item = digest.items.front();
  const store::Incident& i = item.incident;
  const std::string type = reportType(i.identifier);
  std::string out = "---\n";
  const auto add = [&](const char* key, const std::string& value) {
    out += std::string(key) + ": " + quoted(value) + "\n";
  };
  add("Reported-From", reporter.email);
  add("Category", "abuse");
  add("Report-Type", type);
  add("Report-ID", digest.ticket + "@" + reporter.domain);
  add("Date", rfc5322Date(digest.created_ms));
  add("Source", i.host);
  add("Source-Type", "ip-address");
  if (!item.events.empty()) {
    const event::Event& e = item.events.back().event;
    if (e.destination_port) add("Port", std::to_string(*e.destination_port));
    if (!e.transport.empty()) add("Service", e.transport);
  }
  add("Attachment", item.events.empty() ? "none" : "text/plain");
  add("Schema-URL", "http://www.x-arf.org/schema/abuse_" + type + "_0.1.2.json");
  add("User-Agent", reporter.user_agent);
  add("Version", "0.2");
  add("Occurrences", std::to_string(i.event_count));
  add("TLP", i.tlp);
  return out;
}

std::string xarfEvidence(const Digest& digest) {
  std::string out;
  for (const DigestItem& item : digest.items) {
    for (const store::StoredEvent& e : item.events)
      out += event::toJsonLine(e.event) + "\n";
  }
  return out;
}

}  // namespace vigil::notify
