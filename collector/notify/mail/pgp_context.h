// PgpContext: the CERT's OpenPGP keyring through GPGME's C API: sign, encrypt to contacts, import their keys.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace vigil::notify {

/// A detached signature and the hash it used (for multipart/signed's micalg).
struct Signature {
  std::string armored;  // -----BEGIN PGP SIGNATURE-----
  std::string micalg;   // "pgp-sha256"
};

/// Owns one gpgme context on a keyring directory (GNUPGHOME), with the CERT's signing key. Never asks for
/// a passphrase (loopback pinentry, keys without one: the collector runs unattended). Contacts' keys are
/// not certified by the CERT, so encryption trusts them as configured (always-trust): the constituency
/// file is the statement of which key belongs to which desk.
/// Thread rule: one PgpContext per thread (a gpgme context is not thread-safe); several on one keyring
/// directory are fine (gpg-agent serialises).
class PgpContext {
 public:
  /// Opens `home` (created 0700 if missing) with `signing_fingerprint` as the signer; an error names the
  /// fingerprint when no usable secret key has it (missing, expired, revoked, cannot sign).
  static common::Result<std::unique_ptr<PgpContext>> open(const std::string& home,
                                                          const std::string& signing_fingerprint);
  ~PgpContext();
  PgpContext(const PgpContext&) = delete;
  PgpContext& operator=(const PgpContext&) = delete;

  /// Imports a key file (armored or binary); returns the fingerprints it holds.
  common::Result<std::vector<std::string>> importKeyFile(const std::string& path);
  /// The fingerprint of a usable encryption key (not expired, revoked, disabled or invalid, with an
  /// encryption subkey): the one with `fingerprint` when given, else one whose user id has `email`.
  std::optional<std::string> encryptionKeyFor(std::string_view email, std::string_view fingerprint);
  common::Result<Signature> detachedSign(std::string_view data);
  /// One OpenPGP message, signed by the CERT and encrypted to `recipient_fingerprint` (and to the CERT's
  /// own key, so the CERT can read what it sent).
  common::Result<std::string> encryptSign(std::string_view data, std::string_view recipient_fingerprint);

  const std::string& signingFingerprint() const noexcept { return signer_; }

 private:
  PgpContext(void* ctx, std::string signer) : ctx_(ctx), signer_(std::move(signer)) {}
  void* ctx_;  // gpgme_ctx_t
  std::string signer_;
};

}  // namespace vigil::notify
