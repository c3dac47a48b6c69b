// MailRenderer: a Digest -> RenderedMail: template text, TLP label, and the contact's machine-readable part.
#pragma once

#include "common/result.h"
#include "notify/digest.h"
#include "notify/render/template_set.h"
#include "notify/rendered_mail.h"

namespace vigil::notify {

/// The subject is the template's first line with the TLP label put in front when the template does not
/// carry it ("[TLP:AMBER] ..."); the body starts with the label line and what it allows (TLP 2.0), before
/// any finding. The template is chosen by the first (latest) incident's kind. Attachments by the
/// contact's format: text none; csv events.csv; xarf report.txt (X-ARF 0.2 YAML) and evidence.txt, with
/// the X-ARF: YES header; iodef iodef.xml. Every mail has Auto-Submitted: auto-generated (RFC 3834), so
/// auto-responders stay quiet. Errors: an X-ARF digest of several incidents.
common::Result<RenderedMail> renderMail(const Digest& digest, const Reporter& reporter, const TemplateSet& templates);

/// One sentence on what a TLP 2.0 label allows the recipient to do.
std::string tlpText(const std::string& tlp);

}  // namespace vigil::notify
