// JsonlNotifier: open, one whole-line write, sync, close.
#include "notify/transport/jsonl_notifier.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vigil::notify {

DeliveryResult JsonlNotifier::deliver(const Delivery& delivery) {
  if (delivery.payload.find('\n') != std::string::npos) {
    return {DeliveryStatus::kPermanent, "record for " + delivery.ticket + " spans several lines"};
  }
  const int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) return {DeliveryStatus::kRetry, path_ + ": " + std::strerror(errno)};
  struct stat before {};
  ::fstat(fd, &before);
  const std::string line = delivery.payload + "\n";
  const ssize_t written = ::write(fd, line.data(), line.size());
  DeliveryResult result;
  if (written != ssize_t(line.size())) {
    const int err = written < 0 ? errno : ENOSPC;
    if (written > 0 && ::ftruncate(fd, before.st_size) != 0) {
      result = {DeliveryStatus::kRetry, path_ + ": short write, and cutting it back failed: " + std::strerror(errno)};
    } else {
      result = {DeliveryStatus::kRetry, path_ + ": " + std::strerror(err)};
    }
  } else if (::fdatasync(fd) != 0) {
    result = {DeliveryStatus::kRetry, path_ + ": fdatasync: " + std::strerror(errno)};
  }
  ::close(fd);
  return result;
}

}  // namespace vigil::notify
