// IncidentSpec: splitting "KIND:key=value,..." and checking keys against the kind table.
#include "pcapgen/incidents/incident_spec.h"

namespace vigil::pcapgen {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

common::Result<IncidentSpec> IncidentSpec::parse(std::string_view text) {
  IncidentSpec spec;
  spec.text = std::string(text);
  const auto colon = text.find(':');
  const std::string_view name = trim(text.substr(0, colon));
  const auto kind = incidentKindFromName(name);
  if (!kind) {
    std::string known;
    for (const auto& info : incidentKinds()) known += (known.empty() ? "" : ", ") + std::string(info.name);
    return common::fail("unknown incident kind '" + std::string(name) + "' (known: " + known + ")");
  }
  spec.kind = *kind;
  if (colon == std::string_view::npos) return spec;

  std::string_view rest = text.substr(colon + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view piece = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (piece.empty()) continue;
    const auto eq = piece.find('=');
    if (eq == std::string_view::npos) {
      if (spec.values.empty()) {
        return common::fail("incident '" + spec.text + "': '" + std::string(piece) + "' is not key=value");
      }
      spec.values.back().second += "," + std::string(piece);
      continue;
    }
    const std::string key(trim(piece.substr(0, eq)));
    if (!incidentKeyAllowed(spec.kind, key)) {
      std::string known;
      for (const auto& k : commonIncidentKeys()) known += (known.empty() ? "" : ", ") + std::string(k.name);
      for (const auto& k : incidentKindInfo(spec.kind).keys) known += ", " + std::string(k.name);
      return common::fail("incident '" + spec.text + "': unknown key '" + key + "' for " + std::string(name) +
                          " (known: " + known + ")");
    }
    if (spec.find(key) != nullptr) return common::fail("incident '" + spec.text + "': key '" + key + "' given twice");
    spec.values.emplace_back(key, std::string(trim(piece.substr(eq + 1))));
  }
  return spec;
}

const std::string* IncidentSpec::find(std::string_view key) const noexcept {
  for (const auto& [k, v] : values) {
    if (k == key) return &v;
  }
  return nullptr;
}

void IncidentSpec::set(std::string_view key, std::string value) {
  for (auto& [k, v] : values) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  values.emplace_back(std::string(key), std::move(value));
}

}  // namespace vigil::pcapgen
