// ProgressMeter drawing.
#include "pipeline/progress_meter.h"

#include <unistd.h>

namespace vigil::pipeline {

ProgressMeter::ProgressMeter(std::FILE* out)
    : out_(out), enabled_(isatty(fileno(out)) == 1), start_(Clock::now()), last_draw_(start_) {}

void ProgressMeter::update(uint64_t packets, uint64_t bytes_read, uint64_t bytes_total) {
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  const double since = std::chrono::duration<double>(now - last_draw_).count();
  if (since < 0.25) return;
  const double rate = double(packets - last_packets_) / since;
  last_draw_ = now;
  last_packets_ = packets;
  if (bytes_total > 0) {
    std::fprintf(out_, "\r\033[Kvigil-sensor: %llu packets, %.2f Mpps, %.0f%%", (unsigned long long)packets,
                 rate / 1e6, 100.0 * double(bytes_read) / double(bytes_total));
  } else {
    std::fprintf(out_, "\r\033[Kvigil-sensor: %llu packets, %.2f Mpps", (unsigned long long)packets, rate / 1e6);
  }
  std::fflush(out_);
  drawn_ = true;
}

void ProgressMeter::finish() {
  if (!drawn_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace vigil::pipeline
