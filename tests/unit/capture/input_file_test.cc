// Tests for InputFile: classified open errors and the header check every file source runs first.
#include "capture/input_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "capture/pcap_format.h"
#include "capture_test_support.h"

namespace vigil::capture {
namespace {

using testing_support::Bytes;
using testing_support::pcapHeader;
using testing_support::TempDir;
using testing_support::writeFile;

TEST(InputFileTest, MissingFile) {
  TempDir dir;
  auto file = InputFile::open(dir.file("x.pcap"), "x.pcap");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error(), "x.pcap: no such file");
}

TEST(InputFileTest, Directory) {
  TempDir dir;
  auto file = InputFile::open(dir.path(), "captures");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error(), "captures: is a directory");
}

TEST(InputFileTest, PermissionDenied) {
  TempDir dir;
  const std::string path = dir.file("secret.pcap");
  writeFile(path, pcapHeader({}));
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
  const auto check = [&] {
    auto file = InputFile::open(path, "secret.pcap");
    return !file.ok() && file.error() == "secret.pcap: permission denied";
  };
  if (::geteuid() != 0) {
    EXPECT_TRUE(check());
    return;
  }
  // Root reads any file: check as "nobody" in a child process.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const bool dropped = ::setgid(65534) == 0 && ::setuid(65534) == 0;
    ::_exit(!dropped ? 2 : check() ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "2: could not drop privileges, 1: wrong message";
}

TEST(InputFileTest, RegularFileKeepsHeadAndSize) {
  TempDir dir;
  const std::string path = dir.file("ok.pcap");
  Bytes bytes = pcapHeader({.linktype = 101});
  bytes.resize(100, 0xee);
  writeFile(path, bytes);
  auto file = InputFile::open(path, "ok.pcap");
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_TRUE(file->isRegular());
  EXPECT_EQ(file->size(), 100u);
  ASSERT_EQ(file->head().size(), InputFile::kHeadSize);
  EXPECT_TRUE(std::equal(file->head().begin(), file->head().end(), bytes.begin()));
  auto magic = file->checkHead();
  ASSERT_TRUE(magic.ok()) << magic.error();
  EXPECT_EQ(magic.value(), kPcapMagicMicroSwapped);  // little-endian file, read big-endian
  // pread left the offset at 0 for whoever reads next.
  EXPECT_EQ(::lseek(file->fd(), 0, SEEK_CUR), 0);
}

TEST(InputFileTest, EmptyFile) {
  TempDir dir;
  writeFile(dir.file("e.pcap"), {});
  auto file = InputFile::open(dir.file("e.pcap"), "e.pcap");
  ASSERT_TRUE(file.ok());
  auto magic = file->checkHead();
  ASSERT_FALSE(magic.ok());
  EXPECT_EQ(magic.error(), "e.pcap: empty file (no pcap header)");
}

TEST(InputFileTest, GarbageFile) {
  TempDir dir;
  writeFile(dir.file("g.pcap"), Bytes{'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'});
  auto file = InputFile::open(dir.file("g.pcap"), "g.pcap");
  ASSERT_TRUE(file.ok());
  auto magic = file->checkHead();
  ASSERT_FALSE(magic.ok());
  EXPECT_EQ(magic.error(), "g.pcap: not a pcap or pcapng file (bad magic 0x68656c6c)");
}

TEST(InputFileTest, ShortHeaders) {
  TempDir dir;
  Bytes classic = pcapHeader({});
  classic.resize(10);
  writeFile(dir.file("c.pcap"), classic);
  auto c = InputFile::open(dir.file("c.pcap"), "c.pcap");
  ASSERT_TRUE(c.ok());
  ASSERT_FALSE(c->checkHead().ok());
  EXPECT_EQ(c->checkHead().error(), "c.pcap: truncated pcap header (got 10 of 24 bytes)");

  writeFile(dir.file("tiny.pcap"), Bytes{0xd4, 0xc3});
  auto tiny = InputFile::open(dir.file("tiny.pcap"), "tiny.pcap");
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ(tiny->checkHead().error(), "tiny.pcap: truncated pcap header (got 2 of 24 bytes)");

  writeFile(dir.file("n.pcapng"), Bytes{0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 0x4d, 0x3c});
  auto ng = InputFile::open(dir.file("n.pcapng"), "n.pcapng");
  ASSERT_TRUE(ng.ok());
  EXPECT_EQ(ng->checkHead().error(), "n.pcapng: truncated pcapng header (got 10 of 28 bytes)");
}

TEST(InputFileTest, StdinIsAStreamAndStaysOpen) {
  auto in = InputFile::openStdin("stdin");
  ASSERT_TRUE(in.ok()) << in.error();
  EXPECT_FALSE(in->isRegular());
  EXPECT_EQ(in->size(), 0u);
  EXPECT_TRUE(in->head().empty());
  EXPECT_NE(in->fd(), STDIN_FILENO);
  const int fd = in->release();
  EXPECT_EQ(in->fd(), -1);
  ::close(fd);
  EXPECT_NE(::fcntl(STDIN_FILENO, F_GETFD), -1) << "closing the duplicate must leave fd 0 open";
}

TEST(InputFileTest, DescribesErrnoValues) {
  EXPECT_EQ(describeErrno(ENOENT), "no such file");
  EXPECT_EQ(describeErrno(EACCES), "permission denied");
  EXPECT_EQ(describeErrno(EISDIR), "is a directory");
  EXPECT_EQ(describeErrno(EIO), "input/output error");
}

}  // namespace
}  // namespace vigil::capture
