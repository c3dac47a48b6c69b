// TemplateSet: the operator's notification templates (subject line + body) per kind, with built-in defaults.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/result.h"

namespace vigil::notify {

/// A template file is its first line (the subject), one empty line, then the body. Placeholders are
/// {{name}} from a fixed set, checked at load time (an unknown or unterminated one is an error naming
/// file and line):
///   organisation, ticket, tlp, tlp_text (one sentence of what the label allows), date (UTC, RFC 3339),
///   count (incidents), kinds ("scanning (2), SSH brute force (1)"), findings (one block per incident),
///   reminder (a sentence when every incident was reported before, else empty), format_note (about the
///   attachment, empty for text), reporter, reporter_email.
/// Lookup for an incident kind: "<classification.identifier>.txt", then "<classification.type>.txt", then
/// "default.txt", which every set has. Immutable after load; safe from any thread.
class TemplateSet {
 public:
  struct Template {
    std::string subject;
    std::string body;
  };

  /// The templates compiled in (the same text as deploy/templates/).
  static const TemplateSet& builtin();
  /// Every *.txt file of `dir`; it must have default.txt.
  static common::Result<TemplateSet> load(const std::string& dir);
  /// Parses one template; `name` is shown in errors.
  static common::Result<Template> parse(std::string_view text, const std::string& name);

  const Template& find(const std::string& identifier, const std::string& type) const;
  /// Fills the placeholders of `text` from `values` (every placeholder has a value: load checked them).
  static std::string fill(std::string_view text, const std::map<std::string, std::string, std::less<>>& values);

 private:
  std::map<std::string, Template, std::less<>> templates_;  // by file stem
};

}  // namespace vigil::notify
