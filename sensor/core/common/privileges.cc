// Privileges: user lookup, setgroups/setgid/setuid, clearing every capability set, and the check after.
#include "common/privileges.h"

#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace vigil::common {
namespace {

std::string errnoText(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

/// capset() with empty sets; libcap would be a dependency for one call.
Result<void> clearCapabilities() {
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
    return fail(errnoText("clearing ambient capabilities"));
  }
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (::syscall(SYS_capset, &header, data) != 0) return fail(errnoText("clearing capabilities"));
  return {};
}

}  // namespace

Result<void> dropPrivileges(const std::string& user) {
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  const int rc = ::getpwnam_r(user.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (rc != 0 || found == nullptr) {
    return fail("cannot switch to user '" + user + "': " + (rc != 0 ? std::strerror(rc) : "no such user"));
  }
  const uid_t uid = found->pw_uid;
  const gid_t gid = found->pw_gid;
  if (::geteuid() == 0 && uid != 0) {
    if (::setgroups(1, &gid) != 0) return fail(errnoText("setgroups for user '" + user + "'"));
    if (::setresgid(gid, gid, gid) != 0) return fail(errnoText("setgid to " + std::to_string(gid)));
    if (::setresuid(uid, uid, uid) != 0) return fail(errnoText("setuid to user '" + user + "'"));
  } else if (::geteuid() != uid) {
    return fail("cannot switch to user '" + user + "': running as uid " + std::to_string(::geteuid()) + ", not root");
  }
  if (auto cleared = clearCapabilities(); !cleared) return cleared;
  if (uid != 0 && ::setuid(0) == 0) return fail("dropping privileges failed: root could be regained");
  return {};
}

}  // namespace vigil::common
