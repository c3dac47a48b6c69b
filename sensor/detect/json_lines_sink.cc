// JsonLinesSink: buffered stdio writes of event lines, with errors that name the file.
#include "detect/json_lines_sink.h"

#include <cerrno>
#include <cstring>

#include "event/event_json.h"

namespace vigil::detect {

common::Result<std::unique_ptr<JsonLinesSink>> JsonLinesSink::open(const std::string& path) {
  if (path == "-") return std::unique_ptr<JsonLinesSink>(new JsonLinesSink(stdout, "standard output", false));
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return common::fail(path + ": cannot open for writing: " + std::strerror(errno));
  return std::unique_ptr<JsonLinesSink>(new JsonLinesSink(f, path, true));
}

JsonLinesSink::~JsonLinesSink() {
  if (owned_) std::fclose(file_);
  else std::fflush(file_);
}

common::Result<void> JsonLinesSink::publish(const event::Event& event) {
  const std::string line = event::toJsonLine(event);
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fputc('\n', file_) == EOF) {
    return common::fail(path_ + ": write failed: " + std::strerror(errno));
  }
  return {};
}

common::Result<void> JsonLinesSink::flush() {
  if (std::fflush(file_) != 0) return common::fail(path_ + ": write failed: " + std::strerror(errno));
  return {};
}

}  // namespace vigil::detect
