// SourceFile: a file the rules loader reads, with the path it opens and the path its messages show.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.h"

namespace vigil::rules {

/// Largest rules or prefix file read (a blocklist of a million lines fits; /dev/zero does not).
inline constexpr std::size_t kMaxSourceFileBytes = 64u << 20;

/// `fs` is opened; `display` appears in messages and RuleSet::files(). They differ only for
/// parseRuleSet, whose in-memory document has a display name but resolves paths under a base
/// directory. Plain value, load-time only.
struct SourceFile {
  std::filesystem::path fs;
  std::string display;

  /// `written` as found in this file: absolute paths stay as they are; relative ones resolve against
  /// this file's directory (not the process's working directory), for both fs and display.
  SourceFile resolve(std::string_view written) const;
  /// A key that is equal for two paths naming the same file (canonical when it exists).
  std::string identity() const;
};

/// Reads a whole regular file (symlinks followed). Errors (one line, naming the display path):
/// "x: cannot open: No such file or directory", "x: is a directory", "x: not a regular file",
/// "x: larger than 64 MiB".
common::Result<std::string> readSourceFile(const SourceFile& file);

}  // namespace vigil::rules
