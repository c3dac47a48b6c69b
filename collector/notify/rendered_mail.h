// RenderedMail: a notification rendered for e-mail, before MIME assembly and PGP: subject, text, attachments.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace vigil::notify {

struct MailAttachment {
  std::string filename;      // "events.csv", "report.txt", "iodef.xml"
  std::string content_type;  // "text/csv", "text/plain", "application/xml"
  std::string content;       // UTF-8 text, LF line ends (MIME assembly converts)
};

/// Plain value. The renderer fills it from a Digest; the mail composer turns it into an RFC 5322 message.
struct RenderedMail {
  std::string subject;  // one line, carries the TLP label ("[TLP:AMBER] ...")
  std::string text;     // the human-readable body, UTF-8, LF line ends; the TLP label comes before the findings
  std::vector<MailAttachment> attachments;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers in order: Auto-Submitted, X-ARF, ...
};

}  // namespace vigil::notify
