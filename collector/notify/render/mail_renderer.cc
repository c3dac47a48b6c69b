// MailRenderer: placeholders filled from the digest; attachments by format.
#include "notify/render/mail_renderer.h"

#include <fmt/format.h>

#include <map>

#include "event/time_format.h"
#include "notify/render/csv_report.h"
#include "notify/render/finding_text.h"
#include "notify/render/iodef_report.h"
#include "notify/render/xarf_report.h"

namespace vigil::notify {
namespace {

std::string timeText(int64_t ms) {
  return event::formatRfc3339(uint64_t(std::max<int64_t>(ms, 0)) * 1'000'000).substr(0, 19) + "Z";
}

std::string findingsBlock(const Digest& digest) {
  std::string out;
  for (const DigestItem& item : digest.items) {
    const store::Incident& i = item.incident;
    out += "* " + i.host + (i.role == "destination" ? " (victim)" : "") + " " + describeFinding(item) + ".\n";
    out += fmt::format("  Kind: {} ({}/{}), severity {}.\n", i.identifier, i.taxonomy, i.type, i.severity);
    out += "  Seen: " + timeText(i.first_seen_ms) + " to " + timeText(i.last_seen_ms) + " (UTC), " +
           std::to_string(i.event_count) + (i.event_count == 1 ? " report" : " reports");
    if (i.peak_pps > 0) out += ", peak " + humanRate(i.peak_pps, "packets/s");
    if (i.peak_bps > 0) out += ", " + humanRate(i.peak_bps, "bit/s");
    out += ".\n  What to do: " + adviseFinding(i) + "\n\n";
  }
  return out;
}

std::string kindsSummary(const Digest& digest) {
  std::map<std::string, int> counts;
  std::vector<std::string> order;
  for (const DigestItem& item : digest.items) {
    const std::string family = findingFamily(item.incident.identifier);
    if (counts[family]++ == 0) order.push_back(family);
  }
  std::string out;
  for (const std::string& family : order)
    out += (out.empty() ? "" : ", ") + fmt::format("{} ({})", family, counts[family]);
  return out;
}

}  // namespace

std::string tlpText(const std::string& tlp) {
  if (tlp == "TLP:CLEAR") return "TLP:CLEAR - no limit on disclosure.";
  if (tlp == "TLP:GREEN") return "TLP:GREEN - limited disclosure within your community; not via public channels.";
  if (tlp == "TLP:AMBER+STRICT") {
    return "TLP:AMBER+STRICT - limited disclosure: only within your organisation, on a need-to-know basis.";
  }
  if (tlp == "TLP:RED") return "TLP:RED - for the named recipients only; no further disclosure.";
  return "TLP:AMBER - limited disclosure: within your organisation and its clients, on a need-to-know basis.";
}

common::Result<RenderedMail> renderMail(const Digest& digest, const Reporter& reporter, const TemplateSet& templates) {
  if (digest.items.empty()) return common::fail("ticket " + digest.ticket + ": a digest without incidents");
  const store::Incident& first = digest.items.front().incident;
  const TemplateSet::Template& t = templates.find(first.identifier, first.type);
  const enrich::ReportFormat format = digest.contact.format;
  const std::string format_note =
      format == enrich::ReportFormat::kCsv ? "The attached events.csv lists every report (IntelMQ field names).\n"
      : format == enrich::ReportFormat::kXarf
          ? "The attached report.txt is an X-ARF 0.2 report; evidence.txt holds the reports.\n"
      : format == enrich::ReportFormat::kIodef ? "The attached iodef.xml is an IODEF 2.0 (RFC 7970) document.\n"
                                               : "";
  const std::map<std::string, std::string, std::less<>> values = {
      {"organisation", digest.organisation},
      {"ticket", digest.ticket},
      {"tlp", digest.tlp},
      {"tlp_text", tlpText(digest.tlp)},
      {"date", timeText(digest.created_ms)},
      {"count", std::to_string(digest.items.size())},
      {"kinds", kindsSummary(digest)},
      {"findings", findingsBlock(digest)},
      {"reminder", digest.reminder ? "We reported these before, and they are still going on." : ""},
      {"format_note", format_note},
      {"reporter", reporter.name},
      {"reporter_email", reporter.email},
  };
  RenderedMail mail;
  mail.subject = TemplateSet::fill(t.subject, values);
  if (mail.subject.find(digest.tlp) == std::string::npos) mail.subject = "[" + digest.tlp + "] " + mail.subject;
  mail.text = TemplateSet::fill(t.body, values);
  if (mail.text.find(digest.tlp) == std::string::npos) mail.text = tlpText(digest.tlp) + "\n\n" + mail.text;
  mail.headers.emplace_back("Auto-Submitted", "auto-generated");
  if (format == enrich::ReportFormat::kCsv) {
    mail.attachments.push_back({"events.csv", "text/csv", csvReport(digest)});
  } else if (format == enrich::ReportFormat::kXarf) {
    auto report = xarfReport(digest, reporter);
    if (!report) return common::fail(report.error());
    mail.headers.emplace_back("X-ARF", "YES");
    mail.attachments.push_back({"report.txt", "text/plain", *report});
    if (const std::string evidence = xarfEvidence(digest); !evidence.empty()) {
      mail.attachments.push_back({"evidence.txt", "text/plain", evidence});
    }
  } else if (format == enrich::ReportFormat::kIodef) {
    mail.attachments.push_back({"iodef.xml", "application/xml", iodefReport(digest, reporter)});
  }
  return mail;
}

}  // namespace vigil::notify
