// scanSegment: record-by-record verification over a read-only mapping, with a resync count after a bad record.
#include "publish/segment_scan.h"

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <span>
#include <string_view>

#include "publish/spool_format.h"

namespace vigil::publish {
namespace {

/// A read-only mapping of a whole file, unmapped on destruction.
class Mapping {
 public:
  Mapping(const uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() {
    if (data_ != nullptr) ::munmap(const_cast<uint8_t*>(data_), size_);
  }
  const uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  const uint8_t* data_;
  std::size_t size_;
};

enum class Check { kOk, kPastEnd, kBadMagic, kBadChecksum, kOutOfOrder };

const char* describe(Check check) {
  switch (check) {
    case Check::kOk:
      return "ok";
    case Check::kPastEnd:
      return "runs past the end of the file";
    case Check::kBadMagic:
      return "bad magic";
    case Check::kBadChecksum:
      return "bad checksum";
    case Check::kOutOfOrder:
      return "seq out of order";
  }
  return "?";
}

/// Checks the record at `offset`, ignoring seq order; fills `header` when the header fits in the file.
Check checkIntact(const Mapping& map, std::size_t offset, RecordHeader& header) {
  if (map.size() - offset < kRecordHeaderSize) return Check::kPastEnd;
  header = parseRecordHeader(std::span<const uint8_t, kRecordHeaderSize>(map.data() + offset, kRecordHeaderSize));
  if (header.magic != kRecordMagic) return Check::kBadMagic;
  if (map.size() - offset - kRecordHeaderSize < header.length) return Check::kPastEnd;
  const std::string_view payload(reinterpret_cast<const char*>(map.data() + offset + kRecordHeaderSize), header.length);
  if (recordCrc(header.seq, payload) != header.crc) return Check::kBadChecksum;
  return Check::kOk;
}

/// Counts the intact records from `from` on, found by trying every offset where the magic appears, and
/// raises `max_seq` to the highest seq among them.
uint64_t countIntactAfter(const Mapping& map, std::size_t from, uint64_t& max_seq) {
  uint8_t magic[4];
  for (int i = 0; i < 4; ++i)
    magic[i] = static_cast<uint8_t>(kRecordMagic >> (8 * i));
  uint64_t count = 0;
  std::size_t at = from;
  while (at + kRecordHeaderSize <= map.size()) {
    const void* hit = ::memmem(map.data() + at, map.size() - at, magic, sizeof magic);
    if (hit == nullptr) break;
    at = static_cast<std::size_t>(static_cast<const uint8_t*>(hit) - map.data());
    RecordHeader header;
    if (checkIntact(map, at, header) == Check::kOk) {
      ++count;
      max_seq = std::max(max_seq, header.seq);
      at += kRecordHeaderSize + header.length;
    } else {
      ++at;
    }
  }
  return count;
}

}  // namespace

common::Result<SegmentScan> scanSegment(const SpoolFile& file, uint64_t name_seq, uint64_t after) {
  SegmentScan scan;
  auto size = file.size();
  if (!size) return common::fail(size.error());
  scan.file_bytes = *size;
  if (scan.file_bytes == 0) return scan;
  void* mapped = ::mmap(nullptr, scan.file_bytes, PROT_READ, MAP_PRIVATE, file.fd(), 0);
  if (mapped == MAP_FAILED) return common::fail(file.path() + ": mmap failed: " + describeErrno(errno));
  const Mapping map(static_cast<const uint8_t*>(mapped), scan.file_bytes);

  std::size_t offset = 0;
  uint64_t previous = after;  // seq 0 is never appended, so after == 0 rejects nothing valid
  while (offset < map.size()) {
    RecordHeader header;
    Check check = checkIntact(map, offset, header);
    if (check == Check::kOk && (header.seq < name_seq || header.seq <= previous)) {
      check = Check::kOutOfOrder;
    }
    if (check != Check::kOk) {
      const uint64_t intact_after = countIntactAfter(map, offset + 1, scan.lost_max_seq);
      const std::string where = file.path() + ": ";
      if (intact_after == 0 && check != Check::kOutOfOrder) {
        scan.problem = where + "torn record at offset " + std::to_string(offset) + " truncated";
      } else {
        scan.lost_records = 1 + intact_after;
        scan.problem = where + "corrupt record at offset " + std::to_string(offset) + " (" + describe(check) + "), " +
                       std::to_string(scan.lost_records) + " record(s) lost, truncated there";
      }
      break;
    }
    scan.records.push_back({header.seq, offset, header.length});
    previous = header.seq;
    offset += kRecordHeaderSize + header.length;
  }
  scan.valid_bytes = offset;
  return scan;
}

}  // namespace vigil::publish
