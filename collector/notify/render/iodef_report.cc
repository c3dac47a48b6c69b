// IodefReport: the XML written directly (a fixed, small shape), with escaping.
#include "notify/render/iodef_report.h"

#include "event/time_format.h"
#include "notify/render/finding_text.h"

namespace vigil::notify {
namespace {

std::string xml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string timeOf(int64_t ms) {
  return event::formatRfc3339(uint64_t(std::max<int64_t>(ms, 0)) * 1'000'000);
}

std::string restriction(const std::string& tlp) {
  if (tlp == "TLP:CLEAR") return "restriction=\"white\"";
  if (tlp == "TLP:GREEN") return "restriction=\"green\"";
  if (tlp == "TLP:RED") return "restriction=\"red\"";
  if (tlp == "TLP:AMBER+STRICT") return "restriction=\"ext-value\" ext-restriction=\"amber-strict\"";
  return "restriction=\"amber\"";
}

}  // namespace

std::string iodefReport(const Digest& digest, const Reporter& reporter) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<IODEF-Document version=\"2.00\" xml:lang=\"en\" xmlns=\"urn:ietf:params:xml:ns:iodef-2.0\">\n";
  int n = 0;
  for (const DigestItem& item : digest.items) {
    const store::Incident& i = item.incident;
    const bool v6 = i.host.find(':') != std::string::npos;
    out += "  <Incident purpose=\"reporting\" " + restriction(i.tlp) + ">\n";
    out += "    <IncidentID name=\"" + xml(reporter.domain) + "\">" + xml(digest.ticket) + "-" + std::to_string(++n) +
           "</IncidentID>\n";
    out += "    <GenerationTime>" + timeOf(digest.created_ms) + "</GenerationTime>\n";
    out += "    <DetectTime>" + timeOf(i.first_seen_ms) + "</DetectTime>\n";
    out += "    <StartTime>" + timeOf(i.first_seen_ms) + "</StartTime>\n";
    out += "    <EndTime>" + timeOf(i.last_seen_ms) + "</EndTime>\n";
    out += "    <Description>" + xml(i.identifier + ": " + describeFinding(item)) + "</Description>\n";
    out += "    <Contact role=\"creator\" type=\"organization\">\n      <ContactName>" + xml(reporter.name) +
           "</ContactName>\n      <Email><EmailTo>" + xml(reporter.email) + "</EmailTo></Email>\n    </Contact>\n";
    out += "    <EventData>\n      <Flow>\n        <System category=\"" +
           std::string(i.role == "destination" ? "target" : "source") +
           "\">\n          <Node>\n            <Address "
           "category=\"" +
           (v6 ? "ipv6-addr" : "ipv4-addr") + "\">" + xml(i.host) + "</Address>\n          </Node>\n";
    if (!item.events.empty()) {
      const event::Event& e = item.events.back().event;
      const int proto = e.transport == "tcp" ? 6 : e.transport == "udp" ? 17 : e.transport == "icmp" ? 1 : 0;
      if (proto != 0) {
        out += "          <Service ip-protocol=\"" + std::to_string(proto) + "\">";
        if (e.destination_port) out += "<Port>" + std::to_string(*e.destination_port) + "</Port>";
        out += "</Service>\n";
      }
    }
    out += "        </System>\n      </Flow>\n    </EventData>\n  </Incident>\n";
  }
  return out + "</IODEF-Document>\n";
}

}  // namespace vigil::notify
