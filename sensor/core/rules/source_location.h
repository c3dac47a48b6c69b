// SourceLocation: where in which rules file something was written, for "file:line:column: ..." messages.
#pragma once

#include <string>

namespace vigil::rules {

/// A position in a rules file as shown to the operator. `file` is the display path (as given on the
/// command line, or resolved against the including file); line and column are 1-based, 0 = unknown.
/// Plain value; cheap enough to keep one per rule field that a later stage may need to blame.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  /// "file:line:column", or "file" alone when the line is unknown (whole-file problems).
  std::string toString() const;

  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

}  // namespace vigil::rules
