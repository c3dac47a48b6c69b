// Tests for error helpers: 1-based locations, value descriptions, quoting, edit distance, suggestions.
#include "rules/yaml_errors.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace vigil::rules {
namespace {

TEST(YamlErrorsTest, LocationsAreOneBased) {
  const YAML::Node root = YAML::Load("a: 1\nlist:\n  - x\n");
  auto it = root.begin();
  EXPECT_EQ(locationOf(it->first, "f.yaml"), (SourceLocation{"f.yaml", 1, 1}));
  EXPECT_EQ(locationOf(it->second, "f.yaml"), (SourceLocation{"f.yaml", 1, 4}));
  ++it;
  EXPECT_EQ(locationOf(*it->second.begin(), "f.yaml"), (SourceLocation{"f.yaml", 3, 5}));
  EXPECT_EQ(locationOf(YAML::Node(), "f.yaml"), (SourceLocation{"f.yaml", 0, 0}));
}

TEST(YamlErrorsTest, SourceLocationText) {
  EXPECT_EQ((SourceLocation{"r.yaml", 12, 5}).toString(), "r.yaml:12:5");
  EXPECT_EQ((SourceLocation{"r.yaml", 3, 0}).toString(), "r.yaml:3");
  EXPECT_EQ((SourceLocation{"r.yaml", 0, 0}).toString(), "r.yaml");
  EXPECT_EQ(errorAt(SourceLocation{"r.yaml", 1, 2}, "bad").message, "r.yaml:1:2: bad");
}

TEST(YamlErrorsTest, DescribeNode) {
  EXPECT_EQ(describeNode(YAML::Load("[1]")), "a list");
  EXPECT_EQ(describeNode(YAML::Load("{a: 1}")), "a mapping");
  EXPECT_EQ(describeNode(YAML::Load("~")), "nothing");
  EXPECT_EQ(describeNode(YAML::Node()), "nothing");
  EXPECT_EQ(describeNode(YAML::Load("pps")), "'pps'");
}

TEST(YamlErrorsTest, QuotingEscapesControlBytesAndTruncates) {
  EXPECT_EQ(quoteText("abc"), "'abc'");
  EXPECT_EQ(quoteText(std::string("a\nb\0c", 5)), "'a\\x0ab\\x00c'");
  EXPECT_EQ(quoteText("\xc3\xa9"), "'\\xc3\\xa9'");
  EXPECT_EQ(quoteText(std::string(70, 'x')), "'" + std::string(60, 'x') + "...'");
}

TEST(YamlErrorsTest, OneLineEscapesControlBytesOnly) {
  EXPECT_EQ(oneLine("a\nb\tc\x7f d\xc3\xa9"), "a\\x0ab\\x09c\\x7f d\xc3\xa9");
  EXPECT_EQ(oneLine("plain text: ok"), "plain text: ok");
}

TEST(YamlErrorsTest, EditDistance) {
  EXPECT_EQ(editDistance("", ""), 0u);
  EXPECT_EQ(editDistance("abc", ""), 3u);
  EXPECT_EQ(editDistance("treshold", "threshold"), 1u);
  EXPECT_EQ(editDistance("measrue", "measure"), 1u);  // adjacent transposition
  EXPECT_EQ(editDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(editDistance("window", "window"), 0u);
}

TEST(YamlErrorsTest, DidYouMean) {
  constexpr std::array<std::string_view, 4> kKeys = {"threshold", "window", "measure", "key"};
  EXPECT_EQ(didYouMean("treshold", kKeys), " (did you mean 'threshold'?)");
  EXPECT_EQ(didYouMean("windows", kKeys), " (did you mean 'window'?)");
  EXPECT_EQ(didYouMean("keys", kKeys), " (did you mean 'key'?)");
  EXPECT_EQ(didYouMean("colour", kKeys), "");
  EXPECT_EQ(didYouMean("", kKeys), "");
  EXPECT_EQ(didYouMean("ab", kKeys), "");
  EXPECT_EQ(joinNames(kKeys), "threshold, window, measure, key");
}

}  // namespace
}  // namespace vigil::rules
