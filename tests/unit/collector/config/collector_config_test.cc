// Tests for the collector configuration file: a full example, insecure defaults, exact errors.
#include "config/collector_config.h"

#include <gtest/gtest.h>

namespace vigil::config {
namespace {

TEST(CollectorConfigTest, FullExampleLoadsEveryField) {
  auto c = parseCollectorConfig(R"(
listen: tcp://0.0.0.0:7750
secret_key: keys/collector.key
sensors_dir: sensors
database: sqlite:db/vigil.db
constituency: /etc/vigil/constituency.yaml
max_message_size: 32768
incidents:
  resolve_after: 12h
)",
                                "collector.yaml", "/etc/vigil");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->listen, "tcp://0.0.0.0:7750");
  EXPECT_EQ(c->secret_key_file, "/etc/vigil/keys/collector.key");
  EXPECT_EQ(c->sensors_dir, "/etc/vigil/sensors");
  EXPECT_FALSE(c->insecure);
  EXPECT_EQ(c->database, "sqlite:/etc/vigil/db/vigil.db");
  EXPECT_EQ(c->constituency, "/etc/vigil/constituency.yaml");
  EXPECT_EQ(c->max_message_bytes, 32768u);
  EXPECT_EQ(c->resolve_after_s, 12u * 3600);
}

TEST(CollectorConfigTest, TheShippedExampleLoads) {
  auto c = loadCollectorConfig(VIGIL_SOURCE_DIR "/deploy/collector.yaml");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->listen, "tcp://0.0.0.0:7750");
  EXPECT_EQ(c->constituency, VIGIL_SOURCE_DIR "/deploy/constituency.yaml");
  EXPECT_EQ(c->resolve_after_s, 24u * 3600);
}

TEST(CollectorConfigTest, InsecureLoopbackNeedsNothingElse) {
  auto c = parseCollectorConfig("insecure: true\ndatabase: postgresql://localhost/vigil\n", "c.yaml", "/tmp");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->listen, "tcp://127.0.0.1:7750");
  EXPECT_EQ(c->database, "postgresql://localhost/vigil");
  EXPECT_EQ(c->resolve_after_s, 24u * 3600);
}

TEST(CollectorConfigTest, ErrorsNameFileLineAndField) {
  const std::pair<const char*, const char*> cases[] = {
      {"insecure: true\nlisen: tcp://x:1\n", "c.yaml:2:1: unknown key 'lisen' at top level (did you mean 'listen'?)"},
      {"listen: tcp://x:1\n",
       "c.yaml: the collector needs 'secret_key' and 'sensors_dir' (CURVE), or 'insecure: true' for loopback tests"},
      {"insecure: true\ndatabase: mysql://x\n",
       "c.yaml:2:11: 'database' must be sqlite:PATH or postgresql://... (got 'mysql://x')"},
      {"insecure: true\nlisten: udp://x:1\n",
       "c.yaml:2:9: 'listen' must start with tcp:// or ipc:// (got 'udp://x:1')"},
      {"insecure: true\nincidents: {resolve_after: 1s}\n", "c.yaml:2:28: resolve_after must be at least 1m (got '1s')"},
  };
  for (const auto& [text, message] : cases) {
    auto c = parseCollectorConfig(text, "c.yaml", "/tmp");
    ASSERT_FALSE(c.ok()) << text;
    EXPECT_EQ(c.error(), message);
  }
}

}  // namespace
}  // namespace vigil::config
