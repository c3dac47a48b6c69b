// CURVE key files: NAME.key (secret, mode 0600) and NAME.pub (public), Z85 text; and allowlist directories.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace vigil::wire {

/// A named public key (the name is the file's stem: sensors/ixp-fra-1.pub -> "ixp-fra-1").
struct NamedKey {
  std::string name;
  std::string key;  // Z85, 40 characters
  friend bool operator==(const NamedKey&, const NamedKey&) = default;
};

/// A key pair as vigil-keygen writes it.
struct KeyPair {
  std::string public_key;
  std::string secret_key;
};

/// Reads a secret key. Errors: "FILE: cannot read: REASON", "FILE: is readable by group or others (mode
/// 0644); run chmod 600 FILE", "FILE: not a CURVE key (expected 40 Z85 characters)".
common::Result<std::string> loadSecretKey(const std::string& path);
/// Reads a public key (any mode).
common::Result<std::string> loadPublicKey(const std::string& path);
/// Loads `secret_path` and the public key beside it (NAME.key -> NAME.pub).
common::Result<KeyPair> loadKeyPair(const std::string& secret_path);
/// Every NAME.pub in `dir`, sorted by name; other files are ignored. A bad .pub file is an error naming it,
/// and an empty allowlist too (a collector that accepts nobody is a configuration mistake).
common::Result<std::vector<NamedKey>> loadAllowlist(const std::string& dir);
/// Writes DIR/NAME.key (created 0600, never chmod'ed afterwards) and DIR/NAME.pub. Refuses to overwrite
/// existing files unless `force`.
common::Result<void> writeKeyPair(const std::string& dir, const std::string& name, const KeyPair& keys, bool force);

}  // namespace vigil::wire
