// Spool: recovery at open, append with cap and segment rotation, verified reads, deferred ack checkpoints.
#include "publish/spool.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <system_error>
#include <utility>

#include "publish/segment_scan.h"
#include "publish/spool_state_file.h"

namespace vigil::publish {
namespace {

namespace fs = std::filesystem;

common::Result<void> checkOptions(const SpoolOptions& options) {
  if (options.dir.empty()) return common::fail("spool: no directory given");
  if (options.segment_bytes <= kRecordHeaderSize) {
    return common::fail("spool: segment_bytes " + std::to_string(options.segment_bytes) + " is too small (at least " +
                        std::to_string(kRecordHeaderSize + 1) + ")");
  }
  if (options.max_bytes <= kRecordHeaderSize) {
    return common::fail("spool: max_bytes " + std::to_string(options.max_bytes) + " is too small (at least " +
                        std::to_string(kRecordHeaderSize + 1) + ")");
  }
  if (options.fsync_interval.count() < 0) return common::fail("spool: negative fsync_interval");
  return {};
}

// mkdir -p, the last component with mode 0700: the spool holds unsent findings about third parties.
common::Result<void> makeDirectory(const fs::path& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST) return {};
  if (errno == ENOENT && dir.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(dir.parent_path(), ec);
    if (ec) return common::fail(dir.parent_path().string() + ": cannot create directory: " + describeErrno(ec.value()));
    if (::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST) return {};
  }
  return common::fail(dir.string() + ": cannot create directory: " + describeErrno(errno));
}

}  // namespace

Spool::Spool(const SpoolOptions& options) : options_(options), dir_path_(options.dir.string()) {}

common::Result<std::unique_ptr<Spool>> Spool::open(const SpoolOptions& options) {
  if (auto checked = checkOptions(options); !checked) return common::fail(checked.error());
  if (auto made = makeDirectory(options.dir); !made) return common::fail(made.error());
  std::unique_ptr<Spool> spool(new Spool(options));
  auto dir = SpoolFile::open(spool->dir_path_, O_RDONLY | O_DIRECTORY);
  if (!dir) return common::fail(dir.error());
  spool->dir_ = std::move(*dir);
  auto lock = SpoolFile::open(spool->dir_path_ + "/" + std::string(kLockFileName), O_RDWR | O_CREAT, 0600);
  if (!lock) return common::fail(lock.error());
  if (auto locked = lock->lockExclusive(); !locked) return common::fail(locked.error());
  spool->lock_ = std::move(*lock);
  if (auto recovered = spool->recover(); !recovered) return common::fail(recovered.error());
  return spool;
}

std::string Spool::segmentPath(uint64_t first_seq) const {
  return dir_path_ + "/" + segmentFileName(first_seq);
}

common::Result<void> Spool::recover() {
  // A temp file left by a crash mid-checkpoint: the rename never happened, so spool.state is the truth.
  (void)::unlink((dir_path_ + "/" + std::string(kStateTempName)).c_str());
  auto loaded = readStateFile(dir_path_);
  if (!loaded) return common::fail(loaded.error());
  if (!loaded->problem.empty()) warnings_.push_back(loaded->problem);

  std::vector<uint64_t> firsts;
  std::error_code ec;
  for (fs::directory_iterator it(options_.dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto first = parseSegmentFileName(it->path().filename().string());
    std::error_code type_ec;
    // Not following symlinks: a link named like a segment is not one we wrote.
    if (first && it->symlink_status(type_ec).type() == fs::file_type::regular) firsts.push_back(*first);
  }
  if (ec) return common::fail(dir_path_ + ": cannot list directory: " + describeErrno(ec.value()));
  std::sort(firsts.begin(), firsts.end());

  uint64_t highest = 0;
  for (uint64_t first : firsts) {
    if (auto recovered = recoverSegment(first, loaded->state.acked, highest); !recovered) return recovered;
  }
  last_seq_ = std::max(loaded->state.last_seq, highest);
  last_sync_ = std::chrono::steady_clock::now();
  if (segments_.empty()) return {};

  // The newest segment takes appends even when fully acked: its last record also witnesses lastSeq.
  const uint64_t newest = segments_.rbegin()->first;
  for (const auto& [first, segment] : segments_) {
    if (first != newest && segment.unacked == 0) retired_.insert(first);
  }
  auto active = SpoolFile::open(segmentPath(newest), O_RDWR);
  if (!active) return common::fail(active.error());
  active_ = std::move(*active);
  return checkpoint(durable());
}

common::Result<void> Spool::recoverSegment(uint64_t first_seq, uint64_t acked, uint64_t& highest) {
  auto file = SpoolFile::open(segmentPath(first_seq), O_RDWR);
  if (!file) return common::fail(file.error());
  auto scan = scanSegment(*file, first_seq, highest);
  if (!scan) return common::fail(scan.error());
  if (!scan->problem.empty()) {
    warnings_.push_back(scan->problem);
    corrupt_records_ += scan->lost_records;
    highest = std::max(highest, scan->lost_max_seq);
  }
  if (scan->valid_bytes == 0) {
    // Nothing readable: created just before a crash, or garbage under our name.
    if (::unlink(file->path().c_str()) != 0 && errno != ENOENT) {
      return common::fail(file->path() + ": cannot delete: " + describeErrno(errno));
    }
    return {};
  }
  if (scan->valid_bytes != scan->file_bytes) {
    if (auto cut = file->truncate(scan->valid_bytes); !cut) return cut;
    if (durable()) {
      if (auto synced = file->sync(); !synced) return synced;
    }
  }
  Segment& segment = segments_[first_seq];
  segment.bytes = scan->valid_bytes;
  for (const ScannedRecord& record : scan->records) {
    if (record.seq <= acked) continue;
    unacked_[record.seq] = {first_seq, record.offset, record.length};
    ++segment.unacked;
  }
  bytes_ += segment.bytes;
  highest = std::max(highest, scan->records.back().seq);
  return {};
}

uint64_t Spool::watermark() const noexcept {
  // Seqs may have gaps (only "above lastSeq" is required), so the watermark is "below the oldest unacked".
  return unacked_.empty() ? last_seq_ : unacked_.begin()->first - 1;
}

common::Result<void> Spool::checkpoint(bool fsync) {
  if (!checkpointPending() && (state_durable_ || !fsync)) return {};
  // The state goes first: once a segment is gone, only the state file remembers its seqs were used.
  if (auto wrote = writeStateFile(dir_, {watermark(), last_seq_}, fsync); !wrote) return wrote;
  state_dirty_ = false;
  state_durable_ = fsync;
  while (!retired_.empty()) {
    const uint64_t first = *retired_.begin();
    const std::string path = segmentPath(first);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      return common::fail(path + ": cannot delete: " + describeErrno(errno));
    }
    auto it = segments_.find(first);
    bytes_ -= it->second.bytes;
    segments_.erase(it);
    retired_.erase(retired_.begin());
  }
  return {};
}

void Spool::forget(std::map<uint64_t, Location>::iterator record) {
  const auto segment = segments_.find(record->second.segment);
  if (--segment->second.unacked == 0 && segment->first != segments_.rbegin()->first) retired_.insert(segment->first);
  unacked_.erase(record);
  state_dirty_ = true;
}

void Spool::ack(uint64_t seq) {
  const auto it = unacked_.find(seq);
  if (it != unacked_.end()) forget(it);
}

common::Result<void> Spool::makeRoom(uint64_t record_bytes) {
  if (bytes_ + record_bytes <= options_.max_bytes) return {};
  if (!retired_.empty()) {
    if (auto done = checkpoint(durable()); !done) return done;  // fully acked segments go first, at no loss
    if (bytes_ + record_bytes <= options_.max_bytes) return {};
  }
  uint64_t remaining = bytes_;
  uint64_t segments = 0;
  uint64_t records = 0;
  for (auto& [first, segment] : segments_) {
    if (remaining + record_bytes <= options_.max_bytes) break;
    // Segments hold consecutive seq ranges, so this one's unacked records are the oldest in the index.
    while (!unacked_.empty() && unacked_.begin()->second.segment == first) {
      unacked_.erase(unacked_.begin());
      ++records;
    }
    segment.unacked = 0;
    if (first == segments_.rbegin()->first) active_.close();
    retired_.insert(first);
    remaining -= segment.bytes;
    ++segments;
  }
  dropped_full_ += records;
  state_dirty_ = true;
  warnings_.push_back(dir_path_ + ": spool full (max_bytes " + std::to_string(options_.max_bytes) + "): deleted " +
                      std::to_string(segments) + " oldest segment(s) with " + std::to_string(records) +
                      " unacked record(s)");
  return checkpoint(durable());
}

common::Result<void> Spool::startSegment(uint64_t first_seq) {
  // The file exists only once its name is in the directory: sync both before records depend on it.
  auto file = SpoolFile::open(segmentPath(first_seq), O_RDWR | O_CREAT | O_EXCL, 0600);
  if (!file) return common::fail(file.error());
  if (durable()) {
    if (auto synced = dir_.sync(); !synced) return synced;
  }
  if (active_.isOpen()) {
    // kInterval: the old segment's unsynced tail is not reachable by later syncs of the new one.
    if (data_dirty_) {
      if (auto synced = active_.sync(); !synced) return synced;
    }
    if (segments_.rbegin()->second.unacked == 0) retired_.insert(segments_.rbegin()->first);
  }
  active_ = std::move(*file);
  segments_[first_seq] = Segment{};
  data_dirty_ = false;
  return {};
}

common::Result<void> Spool::append(uint64_t seq, std::string_view payload) {
  if (seq <= last_seq_) {
    return common::fail("spool: seq " + std::to_string(seq) + " is not above the last seq " +
                        std::to_string(last_seq_));
  }
  const uint64_t record_bytes = kRecordHeaderSize + payload.size();
  const uint64_t limit = std::min(options_.segment_bytes, options_.max_bytes);
  if (record_bytes > limit || payload.size() > std::numeric_limits<uint32_t>::max()) {
    return common::fail("spool: payload of " + std::to_string(payload.size()) + " bytes (+" +
                        std::to_string(kRecordHeaderSize) + " header) exceeds the " +
                        (options_.segment_bytes <= options_.max_bytes ? "segment size" : "size cap") + " of " +
                        std::to_string(limit) + " bytes");
  }
  // Housekeeping before the write, so an error here leaves the new record unwritten, as promised.
  if (auto due = syncIfDue(); !due) return due;
  if (auto room = makeRoom(record_bytes); !room) return room;
  if (!active_.isOpen() || segments_.rbegin()->second.bytes + record_bytes > options_.segment_bytes) {
    if (auto started = startSegment(seq); !started) return started;
  }
  auto& [first, segment] = *segments_.rbegin();
  uint8_t header[kRecordHeaderSize];
  encodeRecordHeader(seq, payload, header);
  if (auto wrote = active_.writeAt(segment.bytes, header, payload); !wrote) return wrote;
  if (options_.fsync == FsyncPolicy::kAlways) {
    if (auto synced = active_.sync(); !synced) {
      (void)active_.truncate(segment.bytes);  // not durable: not appended
      return synced;
    }
  } else {
    data_dirty_ = true;
  }
  unacked_.emplace_hint(unacked_.end(), seq, Location{first, segment.bytes, static_cast<uint32_t>(payload.size())});
  segment.bytes += record_bytes;
  ++segment.unacked;
  bytes_ += record_bytes;
  last_seq_ = seq;
  return {};
}

common::Result<void> Spool::readUnacked(uint64_t after, std::size_t max, std::vector<SpoolRecord>& out) {
  out.clear();
  SpoolFile other;  // a segment other than the active one, opened for this call only
  uint64_t other_first = 0;
  auto it = unacked_.upper_bound(after);
  while (it != unacked_.end() && out.size() < max) {
    const auto [seq, at] = *it;
    const SpoolFile* file = &active_;
    if (!active_.isOpen() || at.segment != segments_.rbegin()->first) {
      if (!other.isOpen() || other_first != at.segment) {
        auto opened = SpoolFile::open(segmentPath(at.segment), O_RDONLY);
        if (!opened) return common::fail(opened.error());
        other = std::move(*opened);
        other_first = at.segment;
      }
      file = &other;
    }
    uint8_t header_bytes[kRecordHeaderSize];
    SpoolRecord record{seq, std::string(at.length, '\0')};
    auto got_header = file->readAt(at.offset, header_bytes);
    if (!got_header) return common::fail(got_header.error());
    auto got_payload = file->readAt(at.offset + kRecordHeaderSize,
                                    {reinterpret_cast<uint8_t*>(record.payload.data()), record.payload.size()});
    if (!got_payload) return common::fail(got_payload.error());
    const RecordHeader header = parseRecordHeader(header_bytes);
    if (*got_header != kRecordHeaderSize || *got_payload != at.length || header.magic != kRecordMagic ||
        header.length != at.length || header.seq != seq || header.crc != recordCrc(seq, record.payload)) {
      warnings_.push_back(file->path() + ": record seq " + std::to_string(seq) + " at offset " +
                          std::to_string(at.offset) + " damaged since start-up, dropped");
      ++corrupt_records_;
      forget(it++);
      continue;
    }
    out.push_back(std::move(record));
    ++it;
  }
  return {};
}

common::Result<void> Spool::sync() {
  if (data_dirty_ && active_.isOpen()) {
    if (auto synced = active_.sync(); !synced) return synced;
  }
  data_dirty_ = false;
  last_sync_ = std::chrono::steady_clock::now();
  return checkpoint(true);
}

common::Result<void> Spool::syncIfDue() {
  switch (options_.fsync) {
    case FsyncPolicy::kInterval:
      if ((data_dirty_ || checkpointPending()) &&
          std::chrono::steady_clock::now() - last_sync_ >= options_.fsync_interval) {
        return sync();
      }
      return {};
    case FsyncPolicy::kAlways:
    case FsyncPolicy::kNever:
      return checkpointPending() ? checkpoint(durable()) : common::Result<void>();
  }
  return {};
}

std::vector<std::string> Spool::takeWarnings() {
  return std::exchange(warnings_, {});
}

}  // namespace vigil::publish
