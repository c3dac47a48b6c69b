// Attributor: building the Resolver from the constituency file and the store's imports; lookups.
#include "incidents/attributor.h"

#include <chrono>

namespace vigil::incidents {
namespace {

int64_t wallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

common::Result<void> Attributor::reload(store::Store& store) {
  enrich::Constituency constituency;
  if (file_.empty()) {
    constituency.file = "(none)";
    constituency.fallback.name = "unresolved";
  } else {
    auto loaded = enrich::loadConstituency(file_);
    if (!loaded.ok()) return common::fail(loaded.error());
    constituency = std::move(*loaded);
  }
  auto networks = store.networks();
  if (!networks.ok()) return common::fail(networks.error());
  auto routes = store.asns();
  if (!routes.ok()) return common::fail(routes.error());
  resolver_.store(
      std::make_shared<const enrich::Resolver>(std::move(constituency), std::move(*networks), std::move(*routes)));
  return {};
}

Attribution Attributor::attribute(const net::IpAddress& host, const std::string& identifier) const {
  const std::shared_ptr<const enrich::Resolver> resolver = resolver_.load();
  Attribution out;
  if (!resolver) return out;
  const enrich::Resolution r = resolver->resolve(host);
  out.organisation = r.name();
  if (!r.contacts().empty()) out.contact = r.contacts().front().email;
  if (auto inhibition = resolver->inhibition(host, identifier, wallMs())) out.inhibition = inhibition->reason;
  return out;
}

}  // namespace vigil::incidents
