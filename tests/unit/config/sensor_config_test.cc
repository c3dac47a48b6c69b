// Tests for the sensor configuration file: a full example, defaults, and one exact message per bad file.
#include "config/sensor_config.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil::config {
namespace {

TEST(SensorConfigTest, FullExampleLoadsEveryField) {
  const std::string text = R"(
sensor_id: ixp-fra-1
source: pcap:/data/capture.pcap
rules: rules/ixp.yaml
events: "-"
publish:
  endpoint: tcp://collector.example:7750
  secret_key: keys/ixp-fra-1.key
  server_key: /etc/vigil/keys/collector.pub
  window: 64
  ack_timeout: 2s
  spool:
    dir: spool
    max_size: 64M
    fsync: interval
    fsync_interval: 50ms
state:
  tick: 500ms
  window: 120
  hosts: 131072
  window_hosts: 262144
  flows: 1048576
)";
  auto c = parseSensorConfig(text, "sensor.yaml", "/etc/vigil");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->sensor_id, "ixp-fra-1");
  EXPECT_EQ(c->source, "pcap:/data/capture.pcap");
  EXPECT_EQ(c->rules, "/etc/vigil/rules/ixp.yaml");
  EXPECT_EQ(c->events, "-");
  ASSERT_TRUE(c->publish.has_value());
  EXPECT_EQ(c->publish->endpoint, "tcp://collector.example:7750");
  EXPECT_EQ(c->publish->secret_key_file, "/etc/vigil/keys/ixp-fra-1.key");
  EXPECT_EQ(c->publish->server_key_file, "/etc/vigil/keys/collector.pub");
  EXPECT_FALSE(c->publish->insecure);
  EXPECT_EQ(c->publish->window, 64u);
  EXPECT_EQ(c->publish->ack_timeout_ms, 2000u);
  EXPECT_EQ(c->publish->spool_dir, "/etc/vigil/spool");
  EXPECT_EQ(c->publish->spool_max_bytes, 64'000'000u);
  EXPECT_EQ(c->publish->fsync, SpoolFsync::kInterval);
  EXPECT_EQ(c->publish->fsync_interval_ms, 50u);
  EXPECT_DOUBLE_EQ(c->tick_seconds, 0.5);
  EXPECT_EQ(c->window_ticks, 120u);
  EXPECT_EQ(c->hosts, 131072u);
  EXPECT_EQ(c->window_hosts, 262144u);
  EXPECT_EQ(c->flows, 1048576u);
}

TEST(SensorConfigTest, LeftOutKeysKeepTheCommandLineDefaults) {
  auto c = parseSensorConfig("source: pcap:x.pcap\n", "s.yaml", "/tmp");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->sensor_id, "sensor");
  EXPECT_TRUE(c->rules.empty());
  EXPECT_FALSE(c->publish.has_value());
  EXPECT_DOUBLE_EQ(c->tick_seconds, 1.0);
  EXPECT_EQ(c->hosts, 1u << 16);
  EXPECT_EQ(c->flows, 1u << 19);
}

TEST(SensorConfigTest, InsecurePublishNeedsNoKeys) {
  auto c = parseSensorConfig("publish:\n  endpoint: tcp://127.0.0.1:7750\n  insecure: true\n  spool: {dir: /tmp/s}\n",
                             "s.yaml", "/tmp");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_TRUE(c->publish->insecure);
  EXPECT_EQ(c->publish->fsync, SpoolFsync::kAlways);
}

TEST(SensorConfigTest, TheShippedExampleLoads) {
  auto c = loadSensorConfig(VIGIL_SOURCE_DIR "/deploy/sensor.yaml");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->sensor_id, "ixp-fra-1");
  ASSERT_TRUE(c->publish.has_value());
  EXPECT_EQ(c->publish->secret_key_file, VIGIL_SOURCE_DIR "/deploy/keys/ixp-fra-1.key");
}

TEST(SensorConfigTest, UserAndDpdkEalArguments) {
  auto c = parseSensorConfig("source: dpdk:0?queues=2\nuser: vigil\ndpdk:\n  eal: [-l, 0-2, \"--no-huge\", -m, 256]\n",
                             "s.yaml", "/tmp");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->user, "vigil");
  EXPECT_EQ(c->cpus, "auto") << "the command line's default";
  EXPECT_EQ(c->dpdk_eal, (std::vector<std::string>{"-l", "0-2", "--no-huge", "-m", "256"}));
}

TEST(SensorConfigTest, CpuPlacement) {
  auto c = parseSensorConfig("source: pcap:x.pcap\ncpus: 2-5,8\n", "s.yaml", "/tmp");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->cpus, "2-5,8");
}

struct BadConfig {
  const char* name;
  const char* text;
  const char* message;
};

void PrintTo(const BadConfig& c, std::ostream* os) {
  *os << c.name;
}

class BadSensorConfig : public ::testing::TestWithParam<BadConfig> {};

TEST_P(BadSensorConfig, FailsWithTheExactMessage) {
  auto c = parseSensorConfig(GetParam().text, "s.yaml", "/tmp");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error(), GetParam().message);
}

const BadConfig kBad[] = {
    {"NotAMapping", "- a\n", "s.yaml: a sensor configuration must be a mapping of keys"},
    {"UnknownKey", "sensr_id: x\n", "s.yaml:1:1: unknown key 'sensr_id' at top level (did you mean 'sensor_id'?)"},
    {"BadSensorId", "sensor_id: a/b\n",
     "s.yaml:1:12: 'sensor_id': a sensor name may contain letters, digits, '.', '_' and '-' only"},
    {"PublishWithoutKeys", "publish:\n  endpoint: tcp://c:1\n  spool: {dir: s}\n",
     "s.yaml:1:1: 'publish' needs 'secret_key' and 'server_key' (CURVE), or 'insecure: true' for loopback tests"},
    {"PublishWithoutEndpoint", "publish:\n  insecure: true\n  spool: {dir: s}\n",
     "s.yaml:1:1: 'publish' needs an 'endpoint'"},
    {"PublishWithoutSpool", "publish:\n  insecure: true\n  endpoint: tcp://c:1\n",
     "s.yaml:1:1: 'publish' needs 'spool: {dir: ...}'"},
    {"BadEndpoint", "publish:\n  endpoint: http://c:1\n",
     "s.yaml:2:13: 'endpoint' must start with tcp:// or ipc:// (got 'http://c:1')"},
    {"BadFsync", "publish:\n  spool: {fsync: sometimes}\n",
     "s.yaml:2:18: 'fsync' must be one of always, interval, never (got 'sometimes')"},
    {"SmallSpool", "publish:\n  spool: {max_size: 10k}\n",
     "s.yaml:2:21: 'max_size' must be between 1M and 10000G bytes"},
    {"BadTick", "state:\n  tick: soon\n", "s.yaml:2:9: 'tick' must be a duration such as 200ms, 5s or 1m (got 'soon')"},
    {"TinyHostTable", "state:\n  hosts: 10\n",
     "s.yaml:2:10: 'hosts' must be an integer from 1024 to 268435456 (got '10')"},
    {"UnknownStateKey", "state:\n  flow: 10\n", "s.yaml:2:3: unknown key 'flow' in 'state' (did you mean 'flows'?)"},
    {"EalNotAList", "dpdk:\n  eal: --no-huge\n", "s.yaml:2:8: 'eal' must be a list of EAL arguments (got '--no-huge')"},
    {"EalEntryNotAScalar", "dpdk:\n  eal: [-l, {a: 1}]\n",
     "s.yaml:2:13: 'eal' entries must be EAL arguments such as --no-huge (got a mapping)"},
    {"UnknownDpdkKey", "dpdk:\n  eall: []\n", "s.yaml:2:3: unknown key 'eall' in 'dpdk' (did you mean 'eal'?)"},
    {"EmptyUser", "user: ''\n", "s.yaml:1:7: 'user' must be the name of an unprivileged user (got '')"},
    {"BadCpuList", "cpus: 2-x\n",
     "s.yaml:1:7: 'cpus' must be auto, off, or a list of CPUs like 2,3 or 0-3 (got '2-x')"},
};

INSTANTIATE_TEST_SUITE_P(SensorConfig, BadSensorConfig, ::testing::ValuesIn(kBad),
                         [](const ::testing::TestParamInfo<BadConfig>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace vigil::config
