// Tests for the ack-state file: missing, written and read back, damaged, and no temp file left behind.
#include "publish/spool_state_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include "spool_test_support.h"

namespace vigil::publish {
namespace {

using testing_support::listDir;
using testing_support::TempDir;
using testing_support::writeBytes;

TEST(SpoolStateFileTest, MissingFileIsAFreshSpool) {
  TempDir dir;
  auto loaded = readStateFile(dir.path());
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  EXPECT_FALSE(loaded->found);
  EXPECT_EQ(loaded->state, SpoolState{});
  EXPECT_EQ(loaded->problem, "");
}

TEST(SpoolStateFileTest, WrittenStateReadsBackAndReplacesTheOld) {
  TempDir dir;
  auto handle = SpoolFile::open(dir.path(), O_RDONLY | O_DIRECTORY);
  ASSERT_TRUE(handle.ok()) << handle.error();
  ASSERT_TRUE(writeStateFile(*handle, {3, 9}, true).ok());
  ASSERT_TRUE(writeStateFile(*handle, {7, 12}, false).ok());
  auto loaded = readStateFile(dir.path());
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  EXPECT_TRUE(loaded->found);
  EXPECT_EQ(loaded->state, (SpoolState{7, 12}));
  EXPECT_EQ(listDir(dir.path()), std::vector<std::string>{"spool.state"});
}

TEST(SpoolStateFileTest, DamagedFileIsAProblemNotAnError) {
  TempDir dir;
  writeBytes(dir.file("spool.state"), std::string(28, '\x01'));
  auto loaded = readStateFile(dir.path());
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  EXPECT_FALSE(loaded->found);
  EXPECT_EQ(loaded->state, SpoolState{});
  EXPECT_EQ(loaded->problem, dir.file("spool.state") +
                                 ": damaged (bad magic or checksum); acks forgotten, unacked records will be resent");
}

TEST(SpoolStateFileTest, WriteErrorsNameTheFile) {
  TempDir dir;
  auto handle = SpoolFile::open(dir.path(), O_RDONLY | O_DIRECTORY);
  ASSERT_TRUE(handle.ok()) << handle.error();
  std::filesystem::create_directory(dir.file("spool.state.tmp"));
  auto wrote = writeStateFile(*handle, {1, 1}, true);
  ASSERT_FALSE(wrote.ok());
  EXPECT_EQ(wrote.error(), dir.file("spool.state.tmp") + ": is a directory");
  auto missing = SpoolFile::open(dir.file("missing"), O_RDONLY | O_DIRECTORY);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error(), dir.file("missing") + ": no such file or directory");
}

}  // namespace
}  // namespace vigil::publish
