// JsonlNotifier: appends each incident-system record as one JSON line to a file, durably.
#pragma once

#include <string>

#include "notify/notifier.h"

namespace vigil::notify {

/// Channel "jsonl". deliver() appends delivery.payload and '\n' with one write() to the file (created
/// mode 0640, O_APPEND) and fdatasyncs before reporting delivered, so a line is either whole or absent: a
/// short write is cut back to the previous end. A payload containing a newline is permanent (it would
/// break the one-record-per-line contract); I/O errors are retried. Opens the file per delivery, so log
/// rotation needs no signal. Outbox thread only.
class JsonlNotifier final : public Notifier {
 public:
  explicit JsonlNotifier(std::string path) : path_(std::move(path)) {}
  std::string_view channel() const noexcept override { return "jsonl"; }
  DeliveryResult deliver(const Delivery& delivery) override;

 private:
  const std::string path_;
};

}  // namespace vigil::notify
