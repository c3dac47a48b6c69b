// LargeArray: a fixed-size array for the big flow/host tables, backed by transparent huge pages.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>

namespace vigil::flow {

namespace detail {
/// Arrays of at least this many bytes ask for transparent huge pages; smaller ones use 4 KiB pages.
inline constexpr std::size_t kHugePageMinBytes = std::size_t(2) << 20;
/// Maps `bytes` (rounded up to 2 MiB, 2 MiB aligned) of zeroed anonymous memory and, from
/// kHugePageMinBytes on, asks for transparent huge pages. Throws std::bad_alloc on failure (construction
/// time only).
void* mapLarge(std::size_t bytes);
void unmapLarge(void* p, std::size_t bytes) noexcept;
/// Asks the kernel to fault in every page of a mapLarge() mapping without changing its contents
/// (MADV_POPULATE_WRITE, Linux 5.14+). False if it could not (older kernel, no memory): only speed differs.
bool populateLarge(void* p, std::size_t bytes) noexcept;
}  // namespace detail

/// Tables are probed at random addresses, one or more per packet: with 4 KiB pages nearly every probe
/// of a 100 MB table is also a TLB miss (a page walk of several dependent loads). 2 MiB pages cut that to
/// almost nothing, so big tables (kHugePageMinBytes and up) ask for them (madvise(MADV_HUGEPAGE); the
/// kernel may decline, which only costs speed). Elements start value-initialised. When that state is
/// all-zero bytes (every table entry type here: "empty" is zero) the fresh mapping already holds it and
/// no page is touched: memory is faulted in (and zeroed by the kernel) where the tables are used, so
/// start-up costs nothing and RSS follows the traffic. Tables indexed by hash, which traffic touches all
/// over within seconds, are populate()d in the background instead (SensorEngine), so that their faults
/// do not stall the worker. Move-only; the size never changes.
template <class T>
class LargeArray {
 public:
  LargeArray() = default;
  explicit LargeArray(std::size_t n) : n_(n) {
    static_assert(std::is_trivially_destructible_v<T>, "elements are released with the mapping");
    if (n == 0) return;
    void* p = detail::mapLarge(n * sizeof(T));
    static_assert(alignof(T) <= 4096);
    data_ = static_cast<T*>(p);
    if (!zeroIsValue()) std::uninitialized_value_construct_n(data_, n);
  }
  ~LargeArray() { detail::unmapLarge(data_, n_ * sizeof(T)); }
  LargeArray(LargeArray&& o) noexcept : data_(o.data_), n_(o.n_) {
    o.data_ = nullptr;
    o.n_ = 0;
  }
  LargeArray& operator=(LargeArray&& o) noexcept {
    if (this != &o) {
      detail::unmapLarge(data_, n_ * sizeof(T));
      data_ = o.data_;
      n_ = o.n_;
      o.data_ = nullptr;
      o.n_ = 0;
    }
    return *this;
  }
  LargeArray(const LargeArray&) = delete;
  LargeArray& operator=(const LargeArray&) = delete;

  T& operator[](std::size_t i) noexcept { return data_[i]; }
  const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return n_; }

  /// Has the kernel fault in every page now, leaving the contents alone, so the owner's later accesses
  /// take no page fault (with huge pages, each fault clears 2 MiB). Unlike a loop of writes this may run
  /// on any thread while the owner uses the array: it changes no byte. O(size) once; see populateLarge.
  bool populate() const noexcept { return detail::populateLarge(data_, n_ * sizeof(T)); }

 private:
  /// True when a value-initialised T is all-zero bytes, as fresh anonymous memory is. The probe is built
  /// over zeroed storage so padding (which construction leaves alone) reads as zero too.
  static bool zeroIsValue() noexcept {
    if constexpr (!std::is_trivially_copyable_v<T>) {
      return false;
    } else {
      alignas(T) unsigned char storage[sizeof(T)] = {};
      ::new (static_cast<void*>(storage)) T{};
      for (unsigned char b : storage)
        if (b != 0) return false;
      return true;
    }
  }

  T* data_ = nullptr;
  std::size_t n_ = 0;
};

}  // namespace vigil::flow
