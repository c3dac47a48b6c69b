// The shipped rules/default.yaml, compiled into vigil-sensor so it runs with sane rules out of the box.
#pragma once

#include <string_view>

/// Text of rules/default.yaml as of the build (generated embedded_rules.cc).
std::string_view embeddedDefaultRules() noexcept;
