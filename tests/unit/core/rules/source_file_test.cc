// Tests for path resolution against the including file, file identity, and bounded reads.
#include "rules/source_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace vigil::rules {
namespace {

const std::string kGood = VIGIL_SOURCE_DIR "/tests/unit/core/rules/data/good";

TEST(SourceFileTest, RelativePathsResolveAgainstTheFilesDirectory) {
  const SourceFile root{"rules/site/overlay.yaml", "rules/site/overlay.yaml"};
  const SourceFile included = root.resolve("../default.yaml");
  EXPECT_EQ(included.fs, std::filesystem::path("rules/default.yaml"));
  EXPECT_EQ(included.display, "rules/default.yaml");
  EXPECT_EQ(root.resolve("c2.txt").display, "rules/site/c2.txt");
  EXPECT_EQ(root.resolve("/etc/vigil/c2.txt").display, "/etc/vigil/c2.txt");
  EXPECT_EQ(root.resolve("/etc/vigil/../c2.txt").fs, std::filesystem::path("/etc/c2.txt"));
}

TEST(SourceFileTest, DisplayAndFilesystemPathsDifferForInMemoryDocuments) {
  const SourceFile root{"/base/dir/inline.yaml", "inline.yaml"};
  const SourceFile included = root.resolve("sub/x.yaml");
  EXPECT_EQ(included.fs, std::filesystem::path("/base/dir/sub/x.yaml"));
  EXPECT_EQ(included.display, "sub/x.yaml");
}

TEST(SourceFileTest, IdentityIsTheSameForEquivalentPaths) {
  const SourceFile a{kGood + "/default.yaml", "a"};
  const SourceFile b{kGood + "/sub/../default.yaml", "b"};
  const SourceFile c{kGood + "/./overlay.yaml", "c"};
  EXPECT_EQ(a.identity(), b.identity());
  EXPECT_NE(a.identity(), c.identity());
  const SourceFile missing{kGood + "/sub/../nope.yaml", "m"};
  EXPECT_EQ(missing.identity(), std::filesystem::weakly_canonical(kGood + "/nope.yaml").string());
}

TEST(SourceFileTest, ReadsWholeFilesAndNamesTheDisplayPathInErrors) {
  auto text = readSourceFile(SourceFile{kGood + "/allow.txt", "allow.txt"});
  ASSERT_TRUE(text.ok()) << text.error();
  EXPECT_EQ(*text, "192.0.2.1\n192.0.2.2  # resolver\n");
  EXPECT_EQ(readSourceFile(SourceFile{kGood + "/nope.txt", "x/nope.txt"}).error(),
            "x/nope.txt: cannot open: No such file or directory");
  EXPECT_EQ(readSourceFile(SourceFile{kGood, "good"}).error(), "good: is a directory");
  EXPECT_EQ(readSourceFile(SourceFile{"/dev/null", "/dev/null"}).error(), "/dev/null: not a regular file");
}

TEST(SourceFileTest, RefusesFilesLargerThanTheLimit) {
  const std::filesystem::path big = std::filesystem::temp_directory_path() / "vigil_rules_big_file.txt";
  {
    std::ofstream out(big, std::ios::binary);
    const std::string block(1 << 20, '#');
    for (std::size_t i = 0; i <= kMaxSourceFileBytes / block.size(); ++i)
      out << block;
  }
  EXPECT_EQ(readSourceFile(SourceFile{big, "big.txt"}).error(), "big.txt: larger than 64 MiB");
  std::filesystem::remove(big);
}

}  // namespace
}  // namespace vigil::rules
