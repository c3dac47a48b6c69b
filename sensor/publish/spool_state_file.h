// The spool's ack-state file: read at start-up (tolerating damage), replaced atomically afterwards.
#pragma once

#include <string>

#include "common/result.h"
#include "publish/spool_file.h"
#include "publish/spool_format.h"

namespace vigil::publish {

/// What start-up found in the state file.
struct LoadedState {
  SpoolState state;     // zeros when the file is missing or damaged
  bool found = false;   // a readable state file existed
  std::string problem;  // a warning line when the file exists but is damaged
};

/// Reads `<dir>/spool.state`. A missing file is a fresh spool; a damaged one (wrong size, magic or CRC) is
/// reported in `problem` and read as zeros, so unacked records are resent rather than lost. Only I/O errors
/// (e.g. permission denied, naming the path) fail.
common::Result<LoadedState> readStateFile(const std::string& dir);

/// Replaces the state file: write spool.state.tmp, fsync it, rename over spool.state, fsync `dir` (the
/// directory, opened with O_DIRECTORY), so a crash leaves either the old or the new state, whole. With
/// `durable` false the two fsyncs are skipped (FsyncPolicy::kNever): still whole after a process crash.
/// Costs one small write plus, when durable, two fsyncs: a few milliseconds on a disk.
common::Result<void> writeStateFile(SpoolFile& dir, const SpoolState& state, bool durable);

}  // namespace vigil::publish
