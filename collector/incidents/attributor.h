// Attributor: the current Resolver (constituency + imports) behind a swap, answering "who is responsible".
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "common/result.h"
#include "enrich/resolver.h"
#include "incidents/incident_folder.h"
#include "store/store.h"

namespace vigil::incidents {

/// Built at start and on every reload (SIGHUP) from the constituency file and the networks and routes
/// imported into the store; a failed rebuild keeps the previous resolver. attribute() runs on the
/// processing thread, reload() on the main thread: the resolver is swapped through an atomic shared_ptr,
/// so a lookup never sees half of one.
class Attributor {
 public:
  /// `constituency_file` empty: every host goes to a built-in fallback without contacts (incidents are
  /// stored, nobody is notified) until a constituency is configured.
  Attributor(std::string constituency_file) : file_(std::move(constituency_file)) {}

  /// Loads the constituency file and the store's imports and swaps the new resolver in.
  common::Result<void> reload(store::Store& store);

  /// Attribution for the incident processor; the first contact of the organisation is the one notified.
  Attribution attribute(const net::IpAddress& host, const std::string& identifier) const;

  /// The resolver in use (nullptr before the first successful reload).
  std::shared_ptr<const enrich::Resolver> resolver() const { return resolver_.load(); }

 private:
  const std::string file_;
  std::atomic<std::shared_ptr<const enrich::Resolver>> resolver_;
};

}  // namespace vigil::incidents
