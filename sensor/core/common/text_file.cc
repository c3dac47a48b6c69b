// readTextFile: a whole file into memory with one-line errors.
#include "common/text_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace vigil::common {

Result<std::string> readTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(path + ": read error: " + std::strerror(errno));
  return std::move(text).str();
}

}  // namespace vigil::common
