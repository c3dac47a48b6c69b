// JsonLinesSink: writes each event as one JSON line to a file or standard output (--events FILE|-).
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "detect/event_sink.h"

namespace vigil::detect {

/// Owns the FILE it opened (not stdout). Lines are written whole and flushed per tick-batch by the
/// engine's flush(), so a reader tailing the file never sees half an event.
class JsonLinesSink final : public EventSink {
 public:
  /// "-" is standard output. Fails with "PATH: cannot open for writing: REASON".
  static common::Result<std::unique_ptr<JsonLinesSink>> open(const std::string& path);
  ~JsonLinesSink() override;

  common::Result<void> publish(const event::Event& event) override;
  common::Result<void> flush() override;

 private:
  JsonLinesSink(std::FILE* file, std::string path, bool owned) : file_(file), path_(std::move(path)), owned_(owned) {}

  std::FILE* file_;
  std::string path_;
  bool owned_;
};

}  // namespace vigil::detect
