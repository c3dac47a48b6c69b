// Tests for rendered notifications: TLP in subject and body, plain-language findings, CSV, X-ARF, IODEF, feeds.
#include "notify/render/mail_renderer.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "notify/render/feed_payloads.h"
#include "render_test_support.h"

namespace vigil::notify {
namespace {

RenderedMail render(enrich::ReportFormat format, Digest d = test::sampleDigest(enrich::ReportFormat::kText)) {
  d.contact.format = format;
  auto mail = renderMail(d, test::sampleReporter(), TemplateSet::builtin());
  EXPECT_TRUE(mail.ok()) << mail.error();
  return mail.ok() ? *mail : RenderedMail{};
}

TEST(MailRendererTest, TextMailCarriesTheTlpBeforeTheFindingsAndNoAddressInTheSubject) {
  const RenderedMail m = render(enrich::ReportFormat::kText);
  // The first (latest) incident is a scan: the scanner template, TLP label put in front.
  EXPECT_EQ(m.subject, "[TLP:AMBER] Scanning from the network of ISP \"A\" <&> Telecom, Ltd [20261122-00000042]");
  EXPECT_EQ(m.subject.find("192.0.2"), std::string::npos);
  const std::size_t label = m.text.find("TLP:AMBER - limited disclosure");
  const std::size_t finding = m.text.find("* 192.0.2.10 probed 297 addresses on 1 port.");
  ASSERT_NE(label, std::string::npos) << m.text;
  ASSERT_NE(finding, std::string::npos) << m.text;
  EXPECT_LT(label, finding);
  EXPECT_NE(m.text.find("* 2001:db8:a::80 (victim) received a SYN flood of 312 packets/s, 150.2 kbit/s."),
            std::string::npos)
      << m.text;
  EXPECT_NE(m.text.find("(scanning (1), SYN flood (1))"), std::string::npos) << m.text;
  EXPECT_EQ(m.text.find("{{"), std::string::npos);
  EXPECT_NE(m.text.find("Dear abuse team of ISP \"A\" <&> Telecom, Ltd,"), std::string::npos);
  EXPECT_NE(m.text.find("What to do: The host is under attack"), std::string::npos);
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_EQ(m.headers, (std::vector<std::pair<std::string, std::string>>{{"Auto-Submitted", "auto-generated"}}));
}

TEST(MailRendererTest, CsvHasIntelMqColumnsAndQuotesOddValues) {
  const RenderedMail m = render(enrich::ReportFormat::kCsv);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "events.csv");
  const std::string& csv = m.attachments[0].content;
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "time.source,time.observation,event_id,feed.name,source.ip,destination.ip,destination.port,"
            "protocol.transport,classification.taxonomy,classification.type,classification.identifier,severity,"
            "tlp,extra");
  EXPECT_NE(csv.find("\r\n2026-11-22T00:00:01.000000+00:00,2026-11-22T00:00:02.000000+00:00,ixp-1-1,ixp-1,"
                     "192.0.2.10,,445,tcp,information-gathering,scanner,scan-horizontal,medium,TLP:AMBER,\"{"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(R"("note"":""a, \""quoted\"" value"")"), std::string::npos) << csv;  // doubled quotes
  EXPECT_NE(csv.find(",,2001:db8:a::80,445,tcp,availability,ddos,syn-flood,"), std::string::npos);
  std::size_t rows = 0;
  for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2))
    ++rows;
  EXPECT_EQ(rows, 4u);  // header + 3 events
}

TEST(MailRendererTest, XarfIsOneValidYamlReportPerMail) {
  EXPECT_FALSE(
      renderMail(test::sampleDigest(enrich::ReportFormat::kXarf), test::sampleReporter(), TemplateSet::builtin()).ok());
  Digest one = test::sampleDigest(enrich::ReportFormat::kXarf);
  one.items.resize(1);
  const RenderedMail m = render(enrich::ReportFormat::kXarf, one);
  EXPECT_EQ(m.headers.back(), (std::pair<std::string, std::string>{"X-ARF", "YES"}));
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].filename, "report.txt");
  const YAML::Node report = YAML::Load(m.attachments[0].content);
  EXPECT_EQ(report["Reported-From"].as<std::string>(), "cert@cert.test");
  EXPECT_EQ(report["Category"].as<std::string>(), "abuse");
  EXPECT_EQ(report["Report-Type"].as<std::string>(), "port-scan");
  EXPECT_EQ(report["Report-ID"].as<std::string>(), "20261122-00000042@cert.test");
  EXPECT_EQ(report["Date"].as<std::string>(), "Sun, 22 Nov 2026 00:00:00 +0000");
  EXPECT_EQ(report["Source"].as<std::string>(), "192.0.2.10");
  EXPECT_EQ(report["Source-Type"].as<std::string>(), "ip-address");
  EXPECT_EQ(report["Port"].as<std::string>(), "445");
  EXPECT_EQ(report["Version"].as<std::string>(), "0.2");
  EXPECT_EQ(report["Attachment"].as<std::string>(), "text/plain");
  EXPECT_TRUE(report["Schema-URL"] && report["User-Agent"]);
  EXPECT_EQ(std::count(m.attachments[1].content.begin(), m.attachments[1].content.end(), '\n'), 2);
}

TEST(MailRendererTest, IodefIsWellFormedWithAddressCategoriesAndRestrictions) {
  const RenderedMail m = render(enrich::ReportFormat::kIodef);
  ASSERT_EQ(m.attachments.size(), 1u);
  const std::string path = std::filesystem::temp_directory_path() / ("vigil-iodef-" + std::to_string(::getpid()));
  std::ofstream(path) << m.attachments[0].content;
  // Parsed by a real XML parser: namespace, incidents, address categories, restriction per TLP.
  const std::string cmd =
      "/usr/bin/python3 -c 'import sys, xml.dom.minidom as d; x=d.parse(sys.argv[1]); r=x.documentElement; "
      "print(r.namespaceURI, r.getAttribute(\"version\"), "
      "[i.getAttribute(\"restriction\") for i in r.getElementsByTagName(\"Incident\")], "
      "[(a.getAttribute(\"category\"), a.firstChild.data) for a in r.getElementsByTagName(\"Address\")], "
      "[s.getAttribute(\"category\") for s in r.getElementsByTagName(\"System\")], "
      "r.getElementsByTagName(\"ContactName\")[0].firstChild.data)' " +
      path;
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[1024] = {0};
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, p);
  ::pclose(p);
  std::filesystem::remove(path);
  EXPECT_EQ(std::string(buf, n),
            "urn:ietf:params:xml:ns:iodef-2.0 2.00 ['amber', 'green'] [('ipv4-addr', '192.0.2.10'), "
            "('ipv6-addr', '2001:db8:a::80')] ['source', 'target'] CERT-XX\n");
}

TEST(FeedPayloadsTest, IntelMqMispAndRtirDocuments) {
  const Digest d = test::sampleDigest(enrich::ReportFormat::kText);
  const auto intelmq = nlohmann::json::parse(intelmqPayload(d));
  EXPECT_EQ(intelmq["ticket"], "20261122-00000042");
  ASSERT_EQ(intelmq["incidents"].size(), 2u);
  EXPECT_EQ(intelmq["incidents"][0]["source.ip"], "192.0.2.10");
  EXPECT_EQ(intelmq["incidents"][1]["destination.ip"], "2001:db8:a::80");
  EXPECT_EQ(intelmq["incidents"][0]["classification.identifier"], "scan-horizontal");
  EXPECT_EQ(intelmq["incidents"][0]["extra.count"], 2);
  EXPECT_EQ(intelmq["incidents"][0]["source.abuse_contact"], "abuse@isp-a.test");
  EXPECT_EQ(intelmqPayload(d).find('\n'), std::string::npos);

  const auto misp = nlohmann::json::parse(mispPayload(d))["Event"];
  EXPECT_EQ(misp["threat_level_id"], "1");  // the victim incident is high
  EXPECT_EQ(misp["Tag"][0]["name"], "tlp:amber");
  EXPECT_EQ(misp["Tag"][1]["name"], "rsit:information-gathering=\"scanner\"");
  EXPECT_EQ(misp["Attribute"][0]["type"], "ip-src");
  EXPECT_EQ(misp["Attribute"][1]["type"], "ip-dst");
  EXPECT_EQ(misp["Attribute"][1]["value"], "2001:db8:a::80");

  const auto rtir = nlohmann::json::parse(rtirPayload(d, "Incident Reports", "body text"));
  EXPECT_EQ(rtir["Queue"], "Incident Reports");
  EXPECT_EQ(rtir["Content"], "body text");
  EXPECT_EQ(rtir["CustomFields"]["IP"], nlohmann::json::array({"192.0.2.10", "2001:db8:a::80"}));
}

}  // namespace
}  // namespace vigil::notify
