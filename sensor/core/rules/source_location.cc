// SourceLocation::toString: the "file:line:column" prefix of every rules-file error.
#include "rules/source_location.h"

namespace vigil::rules {

std::string SourceLocation::toString() const {
  if (line <= 0) return file;
  std::string out = file;
  out += ':';
  out += std::to_string(line);
  if (column > 0) {
    out += ':';
    out += std::to_string(column);
  }
  return out;
}

}  // namespace vigil::rules
