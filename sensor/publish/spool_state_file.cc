// The spool's ack-state file: tolerant read, write-temp-fsync-rename-fsync-directory replace.
#include "publish/spool_state_file.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

namespace vigil::publish {

common::Result<LoadedState> readStateFile(const std::string& dir) {
  LoadedState loaded;
  const std::string path = dir + "/" + std::string(kStateFileName);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return loaded;  // a fresh spool
  auto file = SpoolFile::open(path, O_RDONLY);
  if (!file) return common::fail(file.error());
  auto size = file->size();
  if (!size) return common::fail(size.error());
  if (*size != kStateSize) {
    loaded.problem = path + ": damaged (" + std::to_string(*size) + " bytes, expected " + std::to_string(kStateSize) +
                     "); acks forgotten, unacked records will be resent";
    return loaded;
  }
  uint8_t bytes[kStateSize];
  auto read = file->readAt(0, bytes);
  if (!read) return common::fail(read.error());
  const auto state = *read == kStateSize ? decodeState(bytes) : std::nullopt;
  if (!state) {
    loaded.problem = path + ": damaged (bad magic or checksum); acks forgotten, unacked records will be resent";
    return loaded;
  }
  loaded.state = *state;
  loaded.found = true;
  return loaded;
}

common::Result<void> writeStateFile(SpoolFile& dir, const SpoolState& state, bool durable) {
  const std::string temp = dir.path() + "/" + std::string(kStateTempName);
  const std::string final_path = dir.path() + "/" + std::string(kStateFileName);
  {
    auto file = SpoolFile::open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!file) return common::fail(file.error());
    uint8_t bytes[kStateSize];
    encodeState(state, bytes);
    if (auto wrote = file->writeAt(0, bytes, {}); !wrote) return wrote;
    if (durable) {
      if (auto synced = file->sync(); !synced) return synced;
    }
  }
  if (std::rename(temp.c_str(), final_path.c_str()) != 0) {
    return common::fail(final_path + ": rename from " + std::string(kStateTempName) +
                        " failed: " + describeErrno(errno));
  }
  if (durable) return dir.sync();
  return {};
}

}  // namespace vigil::publish
