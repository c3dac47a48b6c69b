// Tests for notification templates: parsing, errors with file:line, lookup order, the shipped copy.
#include "notify/render/template_set.h"

#include <gtest/gtest.h>

namespace vigil::notify {
namespace {

TEST(TemplateSetTest, ParsesSubjectAndBodyAndFillsPlaceholders) {
  auto t = TemplateSet::parse("[{{tlp}}] ticket {{ticket}}\n\nDear {{organisation}},\n{{findings}}", "x.txt");
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(TemplateSet::fill(t->subject, {{"tlp", "TLP:AMBER"}, {"ticket", "1"}}), "[TLP:AMBER] ticket 1");
  EXPECT_EQ(TemplateSet::fill(t->body, {{"organisation", "ISP"}, {"findings", "* a"}}), "Dear ISP,\n* a");
}

TEST(TemplateSetTest, ErrorsNameFileAndLine) {
  EXPECT_EQ(TemplateSet::parse("subject only", "a.txt").error(),
            "a.txt:1: a template starts with its subject line, then an empty line, then the body");
  EXPECT_EQ(TemplateSet::parse("s\nbody", "b.txt").error(),
            "b.txt:2: the subject line must be followed by an empty line");
  EXPECT_EQ(TemplateSet::parse("s\n\nline\nhello {{organisation\n", "c.txt").error(), "c.txt:4: unterminated '{{'");
  const std::string unknown = TemplateSet::parse("s {{nope}}\n\nb", "d.txt").error();
  EXPECT_EQ(unknown.rfind("d.txt:1: unknown placeholder '{{nope}}'; known: organisation, ticket", 0), 0u) << unknown;
}

TEST(TemplateSetTest, LooksUpIdentifierThenTypeThenDefault) {
  auto set = TemplateSet::load(VIGIL_SOURCE_DIR "/tests/unit/collector/notify/render/data/templates");
  ASSERT_TRUE(set.ok()) << set.error();
  EXPECT_EQ(set->find("scan-horizontal", "scanner").subject, "identifier template");
  EXPECT_EQ(set->find("scan-vertical", "scanner").subject, "type template");
  EXPECT_EQ(set->find("spam", "spam").subject, "default template");
  EXPECT_FALSE(TemplateSet::load(VIGIL_SOURCE_DIR "/tests/unit/collector/notify/render").ok());
  EXPECT_EQ(TemplateSet::load("/nonexistent/templates").error().rfind("/nonexistent/templates: cannot read", 0), 0u);
}

TEST(TemplateSetTest, TheShippedTemplatesAreTheBuiltInOnes) {
  auto shipped = TemplateSet::load(VIGIL_SOURCE_DIR "/deploy/templates");
  ASSERT_TRUE(shipped.ok()) << shipped.error();
  for (const char* type : {"scanner", "brute-force", "ddos", "spam"}) {
    const auto& a = shipped->find("x", type);
    const auto& b = TemplateSet::builtin().find("x", type);
    EXPECT_EQ(a.subject, b.subject) << type;
    EXPECT_EQ(a.body, b.body) << type;
  }
  // One per RSIT type the detectors emit, and the default for the rest.
  EXPECT_NE(TemplateSet::builtin().find("scan-vertical", "scanner").subject,
            TemplateSet::builtin().find("spam", "spam").subject);
  EXPECT_NE(TemplateSet::builtin().find("syn-flood", "ddos").subject,
            TemplateSet::builtin().find("spam", "spam").subject);
}

TEST(TemplateSetTest, ALineOfEmptyPlaceholdersDisappears) {
  EXPECT_EQ(TemplateSet::fill("a\n{{reminder}}\nb {{reminder}}\n", {{"reminder", ""}}), "a\nb \n");
  EXPECT_EQ(TemplateSet::fill("a\n{{reminder}}\nb", {{"reminder", "again"}}), "a\nagain\nb");
}

}  // namespace
}  // namespace vigil::notify
