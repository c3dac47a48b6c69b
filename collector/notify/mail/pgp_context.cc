// PgpContext: GPGME calls, each result checked and turned into one line naming the key or file.
#include "notify/mail/pgp_context.h"

#include <gpgme.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace vigil::notify {
namespace {

std::string gpgError(gpgme_error_t err) {
  return std::string(gpgme_strsource(err)) + ": " + gpgme_strerror(err);
}

// gpgme_data_t owner.
struct Data {
  gpgme_data_t d = nullptr;
  ~Data() {
    if (d != nullptr) gpgme_data_release(d);
  }
  std::string take() {
    std::size_t n = 0;
    char* mem = gpgme_data_release_and_get_mem(d, &n);
    d = nullptr;
    std::string out(mem == nullptr ? "" : std::string(mem, n));
    gpgme_free(mem);
    return out;
  }
};

struct KeyRef {
  gpgme_key_t k = nullptr;
  ~KeyRef() {
    if (k != nullptr) gpgme_key_unref(k);
  }
};

bool usable(gpgme_key_t key, bool for_signing) {
  if (key->revoked || key->expired || key->disabled || key->invalid) return false;
  for (gpgme_subkey_t sub = key->subkeys; sub != nullptr; sub = sub->next) {
    if (sub->revoked || sub->expired || sub->disabled || sub->invalid) continue;
    if (for_signing ? (sub->can_sign && sub->secret) : sub->can_encrypt) return true;
  }
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upperHex(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ') out += char(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

common::Result<std::unique_ptr<PgpContext>> PgpContext::open(const std::string& home,
                                                             const std::string& signing_fingerprint) {
  static std::once_flag once;
  std::call_once(once, [] { gpgme_check_version(nullptr); });
  ::mkdir(home.c_str(), 0700);
  gpgme_ctx_t ctx = nullptr;
  if (gpgme_error_t err = gpgme_new(&ctx); err != 0) return common::fail("pgp: " + gpgError(err));
  std::unique_ptr<PgpContext> out(new PgpContext(ctx, upperHex(signing_fingerprint)));
  if (gpgme_error_t err = gpgme_set_protocol(ctx, GPGME_PROTOCOL_OpenPGP); err != 0) {
    return common::fail("pgp: " + gpgError(err));
  }
  if (gpgme_error_t err = gpgme_ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, nullptr, home.c_str()); err != 0) {
    return common::fail("pgp: keyring " + home + ": " + gpgError(err));
  }
  gpgme_set_armor(ctx, 1);
  gpgme_set_pinentry_mode(ctx, GPGME_PINENTRY_MODE_LOOPBACK);
  KeyRef key;
  if (gpgme_error_t err = gpgme_get_key(ctx, out->signer_.c_str(), &key.k, 1); err != 0 || key.k == nullptr) {
    return common::fail("pgp: no secret key " + out->signer_ + " in " + home + " (" + gpgError(err) + ")");
  }
  if (!usable(key.k, true)) {
    return common::fail("pgp: key " + out->signer_ + " in " + home +
                        " cannot sign (expired, revoked or no signing subkey)");
  }
  gpgme_signers_clear(ctx);
  if (gpgme_error_t err = gpgme_signers_add(ctx, key.k); err != 0) return common::fail("pgp: " + gpgError(err));
  return out;
}

PgpContext::~PgpContext() {
  gpgme_release(static_cast<gpgme_ctx_t>(ctx_));
}

common::Result<std::vector<std::string>> PgpContext::importKeyFile(const std::string& path) {
  auto ctx = static_cast<gpgme_ctx_t>(ctx_);
  Data in;
  if (gpgme_error_t err = gpgme_data_new_from_file(&in.d, path.c_str(), 1); err != 0) {
    return common::fail("pgp: " + path + ": " + gpgError(err));
  }
  if (gpgme_error_t err = gpgme_op_import(ctx, in.d); err != 0) {
    return common::fail("pgp: importing " + path + ": " + gpgError(err));
  }
  std::vector<std::string> fingerprints;
  gpgme_import_result_t result = gpgme_op_import_result(ctx);
  for (gpgme_import_status_t s = result ? result->imports : nullptr; s != nullptr; s = s->next) {
    if (s->result == 0 && s->fpr != nullptr &&
        std::find(fingerprints.begin(), fingerprints.end(), s->fpr) == fingerprints.end()) {
      fingerprints.emplace_back(s->fpr);
    }
  }
  if (fingerprints.empty()) return common::fail("pgp: " + path + " holds no OpenPGP key");
  return fingerprints;
}

std::optional<std::string> PgpContext::encryptionKeyFor(std::string_view email, std::string_view fingerprint) {
  auto ctx = static_cast<gpgme_ctx_t>(ctx_);
  if (!fingerprint.empty()) {
    KeyRef key;
    const std::string fpr = upperHex(fingerprint);
    if (gpgme_get_key(ctx, fpr.c_str(), &key.k, 0) != 0 || key.k == nullptr || !usable(key.k, false)) {
      return std::nullopt;
    }
    return std::string(key.k->fpr);
  }
  const std::string wanted = lower(email);
  std::optional<std::string> found;
  if (gpgme_op_keylist_start(ctx, std::string(email).c_str(), 0) != 0) return std::nullopt;
  gpgme_key_t key = nullptr;
  while (gpgme_op_keylist_next(ctx, &key) == 0) {
    bool matches = false;
    for (gpgme_user_id_t uid = key->uids; uid != nullptr; uid = uid->next) {
      if (!uid->revoked && !uid->invalid && uid->email != nullptr && lower(uid->email) == wanted) matches = true;
    }
    if (matches && usable(key, false) && !found) found = std::string(key->fpr);
    gpgme_key_unref(key);
  }
  gpgme_op_keylist_end(ctx);
  return found;
}

common::Result<Signature> PgpContext::detachedSign(std::string_view data) {
  auto ctx = static_cast<gpgme_ctx_t>(ctx_);
  Data in, out;
  gpgme_data_new_from_mem(&in.d, data.data(), data.size(), 0);
  gpgme_data_new(&out.d);
  if (gpgme_error_t err = gpgme_op_sign(ctx, in.d, out.d, GPGME_SIG_MODE_DETACH); err != 0) {
    return common::fail("pgp: signing with " + signer_ + ": " + gpgError(err));
  }
  gpgme_sign_result_t result = gpgme_op_sign_result(ctx);
  if (result == nullptr || result->signatures == nullptr) return common::fail("pgp: signing produced no signature");
  const char* hash = gpgme_hash_algo_name(result->signatures->hash_algo);
  Signature sig;
  sig.micalg = "pgp-" + lower(hash == nullptr ? "sha256" : hash);
  sig.armored = out.take();
  return sig;
}

common::Result<std::string> PgpContext::encryptSign(std::string_view data, std::string_view recipient_fingerprint) {
  auto ctx = static_cast<gpgme_ctx_t>(ctx_);
  KeyRef recipient, self;
  const std::string fpr(recipient_fingerprint);
  if (gpgme_error_t err = gpgme_get_key(ctx, fpr.c_str(), &recipient.k, 0); err != 0 || recipient.k == nullptr) {
    return common::fail("pgp: no public key " + fpr + " (" + gpgError(err) + ")");
  }
  gpgme_get_key(ctx, signer_.c_str(), &self.k, 0);
  gpgme_key_t keys[3] = {recipient.k, self.k, nullptr};
  Data in, out;
  gpgme_data_new_from_mem(&in.d, data.data(), data.size(), 0);
  gpgme_data_new(&out.d);
  const auto flags = gpgme_encrypt_flags_t(GPGME_ENCRYPT_ALWAYS_TRUST);
  if (gpgme_error_t err = gpgme_op_encrypt_sign(ctx, keys, flags, in.d, out.d); err != 0) {
    return common::fail("pgp: encrypting to " + fpr + ": " + gpgError(err));
  }
  gpgme_encrypt_result_t result = gpgme_op_encrypt_result(ctx);
  if (result != nullptr && result->invalid_recipients != nullptr) {
    return common::fail("pgp: key " + fpr + " cannot be encrypted to");
  }
  return out.take();
}

}  // namespace vigil::notify
