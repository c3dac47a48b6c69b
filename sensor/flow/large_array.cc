// LargeArray: 2 MiB aligned anonymous mappings with a transparent-huge-page hint.
#include "flow/large_array.h"

#include <sys/mman.h>

#include <cstdint>

namespace vigil::flow::detail {
namespace {

constexpr std::size_t kHugePage = std::size_t(2) << 20;

std::size_t roundUp(std::size_t bytes) noexcept {
  return (bytes + kHugePage - 1) & ~(kHugePage - 1);
}

}  // namespace

void* mapLarge(std::size_t bytes) {
  const std::size_t size = roundUp(bytes);
  // Over-map by one huge page and trim, so the kept range starts on a 2 MiB boundary.
  const std::size_t mapped = size + kHugePage;
  void* raw = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePage - 1) & ~(std::uintptr_t(kHugePage) - 1);
  if (aligned > start) munmap(raw, aligned - start);
  const std::uintptr_t end = aligned + size;
  if (start + mapped > end) munmap(reinterpret_cast<void*>(end), start + mapped - end);
  void* p = reinterpret_cast<void*>(aligned);
  // Below kHugePageMinBytes an array takes 4 KiB pages (also where the system default is "always"): a
  // huge page is cleared whole at its first touch, 2 MiB for a free stack of which a few KiB are used,
  // and such small arrays fit the TLB's reach anyway. Both are hints: a refusal costs speed only.
#if defined(MADV_HUGEPAGE) && defined(MADV_NOHUGEPAGE)
  (void)madvise(p, size, bytes >= kHugePageMinBytes ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
#endif
  return p;
}

bool populateLarge(void* p, std::size_t bytes) noexcept {
#ifdef MADV_POPULATE_WRITE
  if (p == nullptr || bytes == 0) return false;
  // One huge page per call: the kernel holds the address space's lock for a whole call, and any mmap
  // meanwhile (a thread's stack, a malloc arena), and the page faults queued behind it, would wait.
  auto* c = static_cast<char*>(p);
  for (std::size_t off = 0; off < roundUp(bytes); off += kHugePage) {
    if (madvise(c + off, kHugePage, MADV_POPULATE_WRITE) != 0) return false;
  }
  return true;
#else
  (void)p;
  (void)bytes;
  return false;
#endif
}

void unmapLarge(void* p, std::size_t bytes) noexcept {
  if (p != nullptr && bytes != 0) munmap(p, roundUp(bytes));
}

}  // namespace vigil::flow::detail
