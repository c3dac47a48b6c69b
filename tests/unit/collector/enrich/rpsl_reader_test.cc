// Tests for the streaming RPSL reader: objects, continuations, comments, malformed lines, unusable input.
#include "enrich/rpsl_reader.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace vigil::enrich {
namespace {

using Object = std::vector<std::pair<std::string, std::string>>;

struct ReadAll {
  std::vector<Object> objects;
  std::vector<uint64_t> lines;
  uint64_t malformed = 0;
  uint64_t skipped = 0;
  std::string error;
};

ReadAll readAll(const std::string& text) {
  std::istringstream in(text);
  RpslReader reader(in, "ripe.db.test");
  ReadAll out;
  while (true) {
    auto more = reader.next();
    if (!more.ok()) {
      out.error = more.error();
      break;
    }
    if (!*more) break;
    Object object;
    for (const RpslAttribute& attribute : reader.attributes())
      object.emplace_back(attribute.name, attribute.value);
    out.objects.push_back(std::move(object));
    out.lines.push_back(reader.objectLine());
  }
  out.malformed = reader.malformedLines();
  out.skipped = reader.skippedObjects();
  return out;
}

TEST(RpslReaderTest, ObjectsSeparatedByBlankLinesWithCommentsSkipped) {
  const ReadAll got = readAll(
      "% header comment\n"
      "# another\n"
      "\n"
      "role:  Abuse Desk\n"
      "NIC-HDL:        AR1-TEST\n"
      "% comment inside an object\n"
      "source: RIPE # Filtered\n"
      "\n\n\n"
      "organisation: ORG-X\n"
      "org-name:\n");
  ASSERT_EQ(got.error, "");
  ASSERT_EQ(got.objects.size(), 2u);
  EXPECT_EQ(got.objects[0], (Object{{"role", "Abuse Desk"}, {"nic-hdl", "AR1-TEST"}, {"source", "RIPE # Filtered"}}));
  EXPECT_EQ(got.objects[1], (Object{{"organisation", "ORG-X"}, {"org-name", ""}}));
  EXPECT_EQ(got.lines, (std::vector<uint64_t>{4, 11}));
  EXPECT_EQ(got.malformed, 0u);
}

TEST(RpslReaderTest, ContinuationLinesJoinWithOneSpace) {
  const ReadAll got = readAll(
      "organisation: ORG-X\n"
      "org-name:   Example\n"
      "            ISP\n"
      "\tGmbH\n"
      "+\n"
      "+  & Co.\n"
      "descr: x\n");
  ASSERT_EQ(got.objects.size(), 1u);
  EXPECT_EQ(got.objects[0],
            (Object{{"organisation", "ORG-X"}, {"org-name", "Example ISP GmbH & Co."}, {"descr", "x"}}));
}

TEST(RpslReaderTest, CrlfAndWhitespaceOnlySeparatorsAndNoFinalNewline) {
  const ReadAll got = readAll("role: A\r\nnic-hdl: A1\r\n   \r\nrole: B\r\nnic-hdl: B1");
  ASSERT_EQ(got.objects.size(), 2u);
  EXPECT_EQ(got.objects[0], (Object{{"role", "A"}, {"nic-hdl", "A1"}}));
  EXPECT_EQ(got.objects[1], (Object{{"role", "B"}, {"nic-hdl", "B1"}}));
}

TEST(RpslReaderTest, MalformedLineSkipsItsObjectOnly) {
  const ReadAll got = readAll(
      "role: A\n"
      "\n"
      "role: B\n"
      "this is not an attribute\n"
      "nic-hdl: B1\n"
      "\n"
      "role: C\n"
      "bad name!: x\n");
  ASSERT_EQ(got.error, "");
  ASSERT_EQ(got.objects.size(), 1u);
  EXPECT_EQ(got.objects[0], (Object{{"role", "A"}}));
  EXPECT_EQ(got.malformed, 2u);
  EXPECT_EQ(got.skipped, 2u);
}

TEST(RpslReaderTest, ContinuationBeforeAnyAttributeIsMalformed) {
  const ReadAll got = readAll("role: A\n\n  stray continuation\nrole: B\n");
  EXPECT_EQ(got.objects.size(), 1u);
  EXPECT_EQ(got.malformed, 1u);
  EXPECT_EQ(got.skipped, 1u);  // the stray line and "role: B" were one object
}

TEST(RpslReaderTest, OverLongLineIsMalformed) {
  const ReadAll got = readAll("role: A\n\nrole: B\ndescr: " + std::string(70 * 1024, 'x') + "\n\nrole: C\n");
  ASSERT_EQ(got.objects.size(), 2u);
  EXPECT_EQ(got.objects[1], (Object{{"role", "C"}}));
  EXPECT_EQ(got.malformed, 1u);
}

TEST(RpslReaderTest, InputThatIsNotRpslIsAnError) {
  EXPECT_EQ(readAll("% comment\n<html><body>Not found</body></html>\n").error,
            "ripe.db.test:2: not RPSL: expected 'attribute: value' (got '<html><body>Not found</body></html>')");
  EXPECT_EQ(readAll("   indented first line\n").error,
            "ripe.db.test:1: not RPSL: expected 'attribute: value' (got '   indented first line')");
  EXPECT_EQ(readAll(std::string("\x1f\x8b\x08\x00rest", 8)).error,
            "ripe.db.test: gzip-compressed; decompress it first");
  EXPECT_EQ(readAll("BZh91AY&SY").error, "ripe.db.test: bzip2-compressed; decompress it first");
}

TEST(RpslReaderTest, EmptyInputHasNoObjects) {
  const ReadAll got = readAll("");
  EXPECT_EQ(got.error, "");
  EXPECT_TRUE(got.objects.empty());
  EXPECT_TRUE(readAll("% only comments\n\n").objects.empty());
}

TEST(RpslReaderTest, ObjectsSpanningReadBlocksAreWhole) {
  std::string text;
  for (int i = 0; i < 5000; ++i)
    text += "role: R" + std::to_string(i) + "\nnic-hdl: H" + std::to_string(i) + "-TEST\n\n";
  const ReadAll got = readAll(text);
  ASSERT_EQ(got.objects.size(), 5000u);
  EXPECT_EQ(got.objects[4321], (Object{{"role", "R4321"}, {"nic-hdl", "H4321-TEST"}}));
  EXPECT_EQ(got.lines[4321], 4321u * 3 + 1);
}

}  // namespace
}  // namespace vigil::enrich
