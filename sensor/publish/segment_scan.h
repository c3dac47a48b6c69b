// scanSegment: verifies every record of one spool segment file at start-up and says where it stops being readable.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "publish/spool_file.h"

namespace vigil::publish {

/// A record that passed every check, located in its segment.
struct ScannedRecord {
  uint64_t seq = 0;
  uint64_t offset = 0;  // of the header
  uint32_t length = 0;  // of the payload
};

/// What a segment file holds. The file is readable up to valid_bytes; the caller cuts it there.
struct SegmentScan {
  std::vector<ScannedRecord> records;  // in file order, seqs strictly increasing
  uint64_t valid_bytes = 0;
  uint64_t file_bytes = 0;
  /// Records lost to a corrupt record in the middle: that record plus every intact-looking record after it
  /// (found by searching for the next valid header). 0 when the file is intact or only its tail is torn.
  uint64_t lost_records = 0;
  /// Highest seq among the intact-looking records after a corrupt one (0 if none): those seqs may have been
  /// sent already, so the spool must not hand them out again.
  uint64_t lost_max_seq = 0;
  /// Empty when the file is intact; otherwise one warning line naming the file and the offset.
  std::string problem;
};

/// Reads the whole file (mapped, never copied, so a huge or garbage file costs no memory) and checks each
/// record: magic, length within the file, CRC-32C, and seq >= `name_seq` (the seq in the file name) and
/// above both the previous record's and `after` (the last seq of the segments before). The first record
/// failing a check ends the readable part:
///  - nothing intact follows it: a torn tail, from a crash mid-write ("torn record at offset N truncated");
///  - intact records follow: a corrupt record, everything after it is counted lost, since the format
///    promises nothing about resuming inside a segment.
/// Errors are only I/O errors (naming the path); no file content makes it fail or crash.
common::Result<SegmentScan> scanSegment(const SpoolFile& file, uint64_t name_seq, uint64_t after);

}  // namespace vigil::publish
