// Tests for the typed readers: each accepts its form and reports others at the value's location.
#include "rules/yaml_fields.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace vigil::rules {
namespace {

const std::string kFile = "t.yaml";

// The single `key: value` of a one-line document.
Field fieldOf(const std::string& yaml) {
  const YAML::Node root = YAML::Load(yaml);
  auto it = root.begin();
  return Field{&kFile, it->first, it->second, it->first.Scalar()};
}

TEST(YamlFieldsTest, Durations) {
  EXPECT_EQ(readDurationSeconds(fieldOf("window: 90"), 1, 3600).value(), 90u);
  EXPECT_EQ(readDurationSeconds(fieldOf("window: 1h"), 1, 3600).value(), 3600u);
  EXPECT_EQ(readDurationSeconds(fieldOf("window: 2000ms"), 1, 3600).value(), 2u);
  EXPECT_EQ(readDurationSeconds(fieldOf("window: 1500ms"), 1, 3600).error(),
            "t.yaml:1:9: window must be a whole number of seconds (got '1500ms')");
  EXPECT_EQ(readDurationSeconds(fieldOf("window: 61m"), 1, 3600).error(),
            "t.yaml:1:9: window must be at most 1h (got '61m')");
  EXPECT_EQ(readDurationSeconds(fieldOf("cooldown: 2d"), 1, 86400).error(),
            "t.yaml:1:11: cooldown must be at most 24h (got '2d')");
  EXPECT_EQ(readDurationSeconds(fieldOf("window: [1]"), 1, 3600).error(),
            "t.yaml:1:9: 'window' must be a duration such as 10s, 5m or 1h, or a number of seconds (got a list)");
}

TEST(YamlFieldsTest, EmptyValueIsBlamedOnTheKey) {
  EXPECT_EQ(readDurationSeconds(fieldOf("window:\n"), 1, 3600).error(),
            "t.yaml:1:1: 'window' must be a duration such as 10s, 5m or 1h, or a number of seconds (got nothing)");
  EXPECT_EQ(readScalar(fieldOf("description: ''")).error(), "t.yaml:1:14: 'description' must be a string (got '')");
}

TEST(YamlFieldsTest, NumbersIntegersBools) {
  EXPECT_EQ(readNumber(fieldOf("threshold: 1.5M"), true).value(), 1.5e6);
  EXPECT_EQ(readNumber(fieldOf("ratio: 1.5M"), false).error(), "t.yaml:1:8: 'ratio' must be a number (got '1.5M')");
  EXPECT_EQ(readNumber(fieldOf("ratio: '0.25'"), false).value(), 0.25);
  EXPECT_EQ(readInteger(fieldOf("min: 40"), 0, 65535).value(), 40);
  EXPECT_EQ(readInteger(fieldOf("min: 65536"), 0, 65535).error(),
            "t.yaml:1:6: 'min' must be an integer from 0 to 65535 (got '65536')");
  EXPECT_TRUE(readBool(fieldOf("enabled: yes")).value());
  EXPECT_FALSE(readBool(fieldOf("enabled: false")).value());
  EXPECT_EQ(readBool(fieldOf("enabled: True")).error(), "t.yaml:1:10: 'enabled' must be true or false (got 'True')");
}

TEST(YamlFieldsTest, MappingFieldsRejectsUnknownDuplicateAndComplexKeys) {
  constexpr std::array<std::string_view, 2> kAllowed = {"min", "max"};
  const YAML::Node ok = YAML::Load("{min: 1, max: 2}");
  auto fields = mappingFields(kFile, ok, kAllowed, "in 'packet_size'");
  ASSERT_TRUE(fields.ok());
  ASSERT_EQ(fields->size(), 2u);
  EXPECT_EQ((*fields)[1].name, "max");
  EXPECT_EQ(findField(*fields, "min"), &(*fields)[0]);
  EXPECT_EQ(findField(*fields, "mid"), nullptr);

  EXPECT_EQ(mappingFields(kFile, YAML::Load("{mni: 1}"), kAllowed, "in 'packet_size'").error(),
            "t.yaml:1:2: unknown key 'mni' in 'packet_size' (did you mean 'min'?)");
  EXPECT_EQ(mappingFields(kFile, YAML::Load("{min: 1, min: 2}"), kAllowed, "").error(),
            "t.yaml:1:10: duplicate key 'min' (first at line 1)");
  EXPECT_EQ(mappingFields(kFile, YAML::Load("{[a]: 1}"), kAllowed, "").error(),
            "t.yaml:1:2: keys must be plain names (got a list)");
}

TEST(YamlFieldsTest, EnumsListsAndMaps) {
  auto severity = readEnum<int>(
      fieldOf("severity: high"),
      [](std::string_view text) -> std::optional<int> {
        if (text == "high") return 2;
        return std::nullopt;
      },
      "high");
  EXPECT_EQ(*severity, 2);
  EXPECT_EQ(readList(fieldOf("ports: 22"), "ports").error(), "t.yaml:1:8: 'ports' must be a list of ports (got '22')");
  EXPECT_EQ(readList(fieldOf("ports: []"), "ports")->size(), 0u);
  EXPECT_EQ(readMap(fieldOf("match: tcp"), "protocol, ...").error(),
            "t.yaml:1:8: 'match' must be a mapping of protocol, ... (got 'tcp')");
  EXPECT_EQ(readMap(fieldOf("match: x")).error(), "t.yaml:1:8: 'match' must be a mapping (got 'x')");
}

}  // namespace
}  // namespace vigil::rules
