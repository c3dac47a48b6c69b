// Tests for makeSource: URI forms, reader choice, identical frames from both readers, scheme errors.
#include "capture/source_factory.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "capture/buffered_pcap_source.h"
#include "capture/pcap_file_source.h"
#include "capture_test_support.h"

namespace vigil::capture {
namespace {

using testing_support::appendRecord;
using testing_support::Bytes;
using testing_support::FrameCopy;
using testing_support::HeaderSpec;
using testing_support::payload;
using testing_support::pcapHeader;
using testing_support::readAll;
using testing_support::referenceCaptures;
using testing_support::referenceDir;
using testing_support::TempDir;
using testing_support::writeFile;

/// The schemes this build has, as the unknown-scheme message lists them.
std::string schemes() {
  return hasBackend("dpdk") ? "pcap:, live:, afpacket:, dpdk:" : "pcap:, live:, afpacket:";
}

std::string makeError(std::string_view uri) {
  auto made = makeSource(uri);
  return made.ok() ? "" : made.error();
}

TEST(SourceFactoryTest, ReadsEveryReferenceCaptureWithTheRightReader) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  for (const auto& capture : referenceCaptures()) {
    for (const std::string prefix : {"", "pcap:"}) {
      const std::string path = referenceDir() + "/" + capture.file;
      SCOPED_TRACE(prefix + path);
      auto made = makeSource(prefix + path);
      ASSERT_TRUE(made.ok()) << made.error();
      PacketSource& source = *made.value();
      EXPECT_EQ(dynamic_cast<BufferedPcapSource*>(&source) != nullptr, capture.classic);
      EXPECT_EQ(dynamic_cast<PcapFileSource*>(&source) != nullptr, !capture.classic);
      EXPECT_EQ(source.name(), "pcap:" + path);
      auto opened = source.open();
      ASSERT_TRUE(opened.ok()) << opened.error();
      EXPECT_EQ(source.linkType(), capture.link);
      EXPECT_EQ(readAll(source, 128).size(), capture.packets);
      EXPECT_EQ(source.state(), SourceState::kExhausted);
    }
  }
}

std::vector<FrameCopy> readWith(PacketSource& source) {
  auto opened = source.open();
  EXPECT_TRUE(opened.ok()) << opened.error();
  return opened.ok() ? readAll(source, 100) : std::vector<FrameCopy>{};
}

TEST(SourceFactoryTest, BothReadersYieldIdenticalFramesOnClassicFiles) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  for (const auto& capture : referenceCaptures()) {
    if (!capture.classic) continue;
    SCOPED_TRACE(capture.file);
    const std::string path = referenceDir() + "/" + capture.file;
    BufferedPcapSource buffered(path);
    PcapFileSource libpcap(path);
    const auto a = readWith(buffered);
    const auto b = readWith(libpcap);
    ASSERT_EQ(a.size(), capture.packets);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      ASSERT_EQ(a[i], b[i]) << "frame " << i << " differs";
    }
    EXPECT_EQ(buffered.stats().bytes, libpcap.stats().bytes);
    EXPECT_EQ(buffered.linkType(), libpcap.linkType());
  }
}

TEST(SourceFactoryTest, BothReadersAgreeOnUnusualHeaders) {
  const std::vector<HeaderSpec> specs = {
      {.linktype = 1, .nanosecond = true, .big_endian = true},
      {.linktype = 113, .big_endian = true, .version_minor = 2},  // pre-2.3: len before caplen
      {.linktype = 1, .version_minor = 3},                        // 2.3: maybe swapped
      {.linktype = 1, .snaplen = 64},                             // records longer than the snaplen
      {.linktype = 101, .snaplen = 0},
  };
  for (const HeaderSpec& spec : specs) {
    SCOPED_TRACE(testing::Message() << "linktype " << spec.linktype << " v2." << spec.version_minor << " snaplen "
                                    << spec.snaplen);
    TempDir dir;
    Bytes file = pcapHeader(spec);
    appendRecord(file, spec.big_endian, 1600000000, 123456, 100, 100, payload(100, 1));
    appendRecord(file, spec.big_endian, 1600000000, 0x90000000, 10, 10, payload(10, 4));  // corrupt fraction
    appendRecord(file, spec.big_endian, 1600000000, 2000000000, 10, 10, payload(10, 5));  // over one second
    appendRecord(file, spec.big_endian, 1600000001, 7, 1500, 40, payload(40, 2));         // swapped-looking lengths
    appendRecord(file, spec.big_endian, 1600000002, 999, 60, 1514, payload(60, 3));
    const std::string path = dir.file("u.pcap");
    writeFile(path, file);
    BufferedPcapSource buffered(path);
    PcapFileSource libpcap(path);
    const auto a = readWith(buffered);
    const auto b = readWith(libpcap);
    EXPECT_EQ(a, b);
    EXPECT_EQ(buffered.state(), libpcap.state());
    EXPECT_EQ(buffered.error(), libpcap.error());
    EXPECT_EQ(buffered.warning(), libpcap.warning());
  }
}

TEST(SourceFactoryTest, DashReadsStdin) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  for (const std::string uri : {"-", "pcap:-"}) {
    SCOPED_TRACE(uri);
    auto made = makeSource(uri);
    ASSERT_TRUE(made.ok()) << made.error();
    EXPECT_NE(dynamic_cast<PcapFileSource*>(made.value().get()), nullptr);
    EXPECT_EQ(made.value()->name(), "pcap:-");
    const int fd = ::open((referenceDir() + "/benign-lo-sll2.pcap").c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    const int saved = ::dup(STDIN_FILENO);
    ASSERT_EQ(::dup2(fd, STDIN_FILENO), STDIN_FILENO);
    ::close(fd);
    auto opened = made.value()->open();  // keeps its own duplicate of fd 0
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    ASSERT_TRUE(opened.ok()) << opened.error();
    EXPECT_EQ(made.value()->linkType(), decode::LinkType::kLinuxSll2);
    EXPECT_EQ(readAll(*made.value()).size(), 6u);
  }
}

TEST(SourceFactoryTest, NonCaptureFilesGoToLibpcapReaderWhichNamesTheProblem) {
  TempDir dir;
  const std::string missing = dir.file("x.pcap");
  auto made = makeSource(missing);
  ASSERT_TRUE(made.ok());
  EXPECT_NE(dynamic_cast<PcapFileSource*>(made.value().get()), nullptr);
  auto opened = made.value()->open();
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error(), missing + ": no such file");

  auto directory = makeSource("pcap:" + dir.path());
  ASSERT_TRUE(directory.ok());
  EXPECT_EQ(directory.value()->open().error(), dir.path() + ": is a directory");
}

TEST(SourceFactoryTest, SchemeErrors) {
  if (!hasBackend("dpdk")) {
    EXPECT_EQ(makeError("dpdk:0?eal=-l0"), "dpdk:0?eal=-l0: capture backend 'dpdk' is not available in this build");
  }
  EXPECT_EQ(makeError("foo:bar"), "unknown capture source scheme 'foo' (expected " + schemes() + ")");
  EXPECT_EQ(makeError(""), "empty capture source (expected pcap:FILE, FILE or -)");
  EXPECT_EQ(makeError("pcap:"), "pcap: needs a file name (pcap:FILE, or pcap:- for stdin)");
  EXPECT_EQ(makeError("live:"), "live: needs an interface name (live:eth1)");
  EXPECT_EQ(makeError("afpacket:"), "afpacket: needs an interface name (afpacket:eth1?fanout=2)");
  EXPECT_EQ(makeError("afpacket:eth0?fanout=4"),
            "afpacket:eth0?fanout=4: names 4 sources (one per worker), where one is expected");
}

TEST(SourceFactoryTest, LiveSchemesAreMadeWithoutOpeningTheInterface) {
  // Opening needs privileges and a real interface; making the source must not.
  EXPECT_EQ(makeError("live:eth0"), "");
  EXPECT_EQ(makeError("afpacket:eth0"), "");
  auto fanout = makeSources("afpacket:eth0?fanout=4");
  ASSERT_TRUE(fanout.ok()) << fanout.error();
  EXPECT_EQ(fanout.value().size(), 4u);
}

TEST(SourceFactoryTest, PathsWithColonsAreStillPaths) {
  TempDir dir;
  Bytes file = pcapHeader({});
  appendRecord(file, false, 1, 0, 4, 4, payload(4, 0));
  writeFile(dir.file("notes:1.pcap"), file);

  // A slash before the colon cannot be a scheme.
  auto absolute = makeSource(dir.file("notes:1.pcap"));
  ASSERT_TRUE(absolute.ok()) << absolute.error();
  EXPECT_NE(dynamic_cast<BufferedPcapSource*>(absolute.value().get()), nullptr);

  // A relative name that looks like "scheme:rest" but exists is a file.
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  auto relative = makeSource("notes:1.pcap");
  auto unknown = makeSource("notes:2.pcap");
  const bool opened = relative.ok() && relative.value()->open().ok();
  std::filesystem::current_path(cwd);
  ASSERT_TRUE(relative.ok()) << relative.error();
  ASSERT_TRUE(opened);
  EXPECT_EQ(readAll(*relative.value()).size(), 1u);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error(), "unknown capture source scheme 'notes' (expected " + schemes() + ")");
}

}  // namespace
}  // namespace vigil::capture
