// CURVE key files: reading with mode checks, allowlist directories, writing with 0600 from creation.
#include "wire/curve_key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "wire/wire_protocol.h"

namespace vigil::wire {
namespace {

common::Result<std::string> readKey(const std::string& path) {
  std::ifstream in(path);
  if (!in) return common::fail(path + ": cannot read: " + std::strerror(errno));
  std::string text;
  std::getline(in, text);
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
    text.pop_back();
  if (!isZ85Key(text)) return common::fail(path + ": not a CURVE key (expected 40 Z85 characters)");
  return text;
}

common::Result<void> writeFile(const std::string& path, const std::string& text, mode_t mode, bool force) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL);
  const int fd = ::open(path.c_str(), flags, mode);
  if (fd < 0) {
    if (errno == EEXIST) return common::fail(path + ": already exists (use --force to replace it)");
    return common::fail(path + ": cannot create: " + std::strerror(errno));
  }
  // A replaced file keeps its old mode: make sure a secret never stays readable.
  if (force && ::fchmod(fd, mode) != 0) {
    const int err = errno;
    ::close(fd);
    return common::fail(path + ": cannot set mode: " + std::strerror(err));
  }
  const std::string line = text + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == ssize_t(line.size()) && ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!ok) return common::fail(path + ": cannot write: " + std::strerror(err));
  return {};
}

}  // namespace

common::Result<std::string> loadSecretKey(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return common::fail(path + ": cannot read: " + std::strerror(errno));
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
    return common::fail(path + ": is readable by group or others (mode " + mode + "); run chmod 600 " + path);
  }
  return readKey(path);
}

common::Result<std::string> loadPublicKey(const std::string& path) {
  return readKey(path);
}

common::Result<KeyPair> loadKeyPair(const std::string& secret_path) {
  auto secret = loadSecretKey(secret_path);
  if (!secret.ok()) return common::fail(secret.error());
  const std::filesystem::path pub = std::filesystem::path(secret_path).replace_extension(".pub");
  auto public_key = loadPublicKey(pub.string());
  if (!public_key.ok()) return common::fail(public_key.error());
  return KeyPair{*public_key, *secret};
}

common::Result<std::vector<NamedKey>> loadAllowlist(const std::string& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return common::fail(dir + ": cannot list the sensor keys: " + ec.message());
  std::vector<NamedKey> keys;
  for (const auto& entry : it) {
    if (entry.path().extension() != ".pub") continue;
    auto key = loadPublicKey(entry.path().string());
    if (!key.ok()) return common::fail(key.error());
    keys.push_back({entry.path().stem().string(), *key});
  }
  if (keys.empty()) return common::fail(dir + ": no sensor public keys (NAME.pub) found");
  std::sort(keys.begin(), keys.end(), [](const NamedKey& a, const NamedKey& b) { return a.name < b.name; });
  return keys;
}

common::Result<void> writeKeyPair(const std::string& dir, const std::string& name, const KeyPair& keys, bool force) {
  const std::string base = (std::filesystem::path(dir) / name).string();
  if (!force) {
    for (const char* ext : {".key", ".pub"}) {
      if (::access((base + ext).c_str(), F_OK) == 0) {
        return common::fail(base + ext + ": already exists (use --force to replace it)");
      }
    }
  }
  if (common::Result<void> r = writeFile(base + ".key", keys.secret_key, 0600, force); !r.ok()) return r;
  return writeFile(base + ".pub", keys.public_key, 0644, force);
}

}  // namespace vigil::wire
