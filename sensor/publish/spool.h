// Spool: the sensor's on-disk queue of events awaiting the collector's ack, surviving restarts of either side.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "publish/spool_file.h"
#include "publish/spool_format.h"

namespace vigil::publish {

/// When appended records (and the ack state) reach the disk, not just the kernel.
enum class FsyncPolicy {
  kAlways,    // fdatasync after every append: an append that returned survives a power loss
  kInterval,  // at most every fsync_interval (checked on append and syncIfDue()); a power loss loses less than that
  kNever,     // only on sync(); survives a crash of the process, not of the machine
};

struct SpoolOptions {
  std::filesystem::path dir;
  uint64_t max_bytes = 256 << 20;    // cap on segment bytes; the oldest records go first
  uint64_t segment_bytes = 4 << 20;  // a segment file is closed before it would grow past this
  FsyncPolicy fsync = FsyncPolicy::kAlways;
  std::chrono::milliseconds fsync_interval{200};
};

/// One event as stored: the per-sensor seq and the bytes sent to the collector.
struct SpoolRecord {
  uint64_t seq = 0;
  std::string payload;
  bool operator==(const SpoolRecord&) const = default;
};

/// Append-only log of records in segment files `<first seq, 20 digits>.seg` plus a small state file holding
/// the acked watermark (every seq at or below it is acked) and the last seq ever appended. A record leaves
/// when acked: a segment whose records are all acked is deleted, except the newest, which takes appends.
/// Acks above the watermark (out of order) live in memory only; after a restart those records are resent,
/// which is harmless because the collector ignores duplicate (sensor, seq).
///
/// Ownership and threads: owned and used by ONE thread, the publisher; not thread-safe. Holds an flock on
/// `<dir>/spool.lock`, so a second process opening the same directory fails instead of corrupting it.
///
/// Costs: append() is one pwritev (+ one fdatasync with kAlways); readUnacked() one pread per record; ack()
/// touches memory only. Memory is one index entry (~48 bytes) per unacked record. State-file writes and
/// segment deletions are deferred to a checkpoint (append, sync, syncIfDue), so a burst of thousands of acks
/// after a reconnect costs one state write, not thousands.
///
/// Cap: before an append that would take the segments past max_bytes, the oldest segments are deleted even
/// if unacked; their unacked records are counted in droppedFull() and a warning says how many.
///
/// Recovery at open(): every record of every segment is verified (see scanSegment). A torn tail is cut
/// off with a warning; a corrupt record cuts its segment there, the records lost are counted in
/// corruptRecords() with a warning. No file content makes open() fail or crash; I/O and permission errors
/// do, naming the path.
class Spool {
 public:
  /// Creates `dir` (mode 0700) if missing, locks it, recovers what is there.
  static common::Result<std::unique_ptr<Spool>> open(const SpoolOptions& options);

  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;
  ~Spool() = default;

  /// Appends one record; `seq` must be above lastSeq(). Errors (nothing appended): seq not above lastSeq,
  /// a record larger than segment_bytes or max_bytes (naming both sizes), I/O errors naming the file.
  common::Result<void> append(uint64_t seq, std::string_view payload);

  /// Replaces `out` with the unacked records with seq > `after`, in seq order, at most `max` of them. Reads
  /// from disk and verifies each record again; one found damaged since open() is dropped, counted in
  /// corruptRecords() and warned about, rather than blocking the queue forever.
  common::Result<void> readUnacked(uint64_t after, std::size_t max, std::vector<SpoolRecord>& out);

  /// Marks `seq` acked. Any order; an unknown or already acked seq is a no-op. Memory only: the state file
  /// and segment deletions follow at the next checkpoint.
  void ack(uint64_t seq);

  /// Makes everything durable now: fdatasync of the newest segment, the state file, deletion of fully acked
  /// segments. For kInterval/kNever callers and shutdown.
  common::Result<void> sync();
  /// Cheap unless something is due: with kInterval, sync() once fsync_interval has passed since the last;
  /// with kAlways/kNever, a checkpoint when acks are pending. Call it from the publisher's loop so acks and
  /// the kInterval fsync do not wait for the next event.
  common::Result<void> syncIfDue();

  /// Highest seq ever appended, carried across restarts by the state file and the segments (whichever is
  /// higher), so the sensor continues its gap-free sequence from it.
  uint64_t lastSeq() const noexcept { return last_seq_; }
  /// Unacked records.
  uint64_t depth() const noexcept { return unacked_.size(); }
  /// Bytes in segment files.
  uint64_t bytes() const noexcept { return bytes_; }
  /// Unacked records deleted because the cap was reached (this process, cumulative).
  uint64_t droppedFull() const noexcept { return dropped_full_; }
  /// Records lost to corruption: found at open(), or by readUnacked() (this process, cumulative).
  uint64_t corruptRecords() const noexcept { return corrupt_records_; }
  /// Warning lines since the last call (torn tails, corrupt records, damaged state, records dropped by the cap).
  std::vector<std::string> takeWarnings();

 private:
  struct Segment {
    uint64_t bytes = 0;
    uint64_t unacked = 0;
  };
  struct Location {
    uint64_t segment = 0;  // first seq of its segment (the key in segments_)
    uint64_t offset = 0;
    uint32_t length = 0;
  };

  explicit Spool(const SpoolOptions& options);
  common::Result<void> recover();
  common::Result<void> recoverSegment(uint64_t first_seq, uint64_t acked, uint64_t& highest);
  std::string segmentPath(uint64_t first_seq) const;
  uint64_t watermark() const noexcept;
  bool checkpointPending() const noexcept { return state_dirty_ || !retired_.empty(); }
  common::Result<void> checkpoint(bool fsync);
  common::Result<void> makeRoom(uint64_t record_bytes);
  common::Result<void> startSegment(uint64_t first_seq);
  void forget(std::map<uint64_t, Location>::iterator record);
  bool durable() const noexcept { return options_.fsync != FsyncPolicy::kNever; }

  const SpoolOptions options_;
  const std::string dir_path_;
  SpoolFile dir_;                         // for fsync of entries (new segments, renames)
  SpoolFile lock_;                        // holds the flock while open
  SpoolFile active_;                      // the newest segment, appended to; closed when there is none
  std::map<uint64_t, Segment> segments_;  // by first seq; the last one is active_
  std::map<uint64_t, Location> unacked_;  // by seq
  std::set<uint64_t> retired_;            // fully acked segments awaiting deletion at the next checkpoint
  uint64_t last_seq_ = 0;
  uint64_t bytes_ = 0;
  uint64_t dropped_full_ = 0;
  uint64_t corrupt_records_ = 0;
  bool state_dirty_ = false;   // acks or drops since the state file was written
  bool state_durable_ = true;  // the state file was last written with fsync (kNever writes it without)
  bool data_dirty_ = false;    // appends to active_ not yet fdatasync'ed (kInterval, kNever)
  std::chrono::steady_clock::time_point last_sync_;
  std::vector<std::string> warnings_;
};

}  // namespace vigil::publish
