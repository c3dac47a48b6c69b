// Path resolution relative to the including file, file identity for include cycles, bounded file reads.
#include "rules/source_file.h"

#include <cerrno>
#include <fstream>
#include <system_error>

namespace vigil::rules {

SourceFile SourceFile::resolve(std::string_view written) const {
  const std::filesystem::path path{std::string(written)};
  if (path.is_absolute()) return SourceFile{path.lexically_normal(), path.lexically_normal().string()};
  SourceFile out;
  out.fs = (fs.parent_path() / path).lexically_normal();
  out.display = (std::filesystem::path(display).parent_path() / path).lexically_normal().string();
  return out;
}

std::string SourceFile::identity() const {
  std::error_code error;
  const std::filesystem::path canonical = std::filesystem::weakly_canonical(fs, error);
  if (!error) return canonical.string();
  const std::filesystem::path absolute = std::filesystem::absolute(fs, error);
  return error ? fs.lexically_normal().string() : absolute.lexically_normal().string();
}

common::Result<std::string> readSourceFile(const SourceFile& file) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(file.fs, error);
  if (std::filesystem::is_directory(status)) return common::fail(file.display + ": is a directory");
  // FIFOs, sockets and devices (/dev/stdin, /dev/zero) could block or never end a SIGHUP reload.
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    return common::fail(file.display + ": not a regular file");
  }
  std::ifstream in(file.fs, std::ios::binary);
  if (!in) return common::fail(file.display + ": cannot open: " + std::generic_category().message(errno));
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxSourceFileBytes) return common::fail(file.display + ": larger than 64 MiB");
  }
  if (in.bad()) return common::fail(file.display + ": read error: " + std::generic_category().message(errno));
  return text;
}

}  // namespace vigil::rules
