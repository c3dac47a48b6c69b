// openStore: picks the backend from the database URL of the collector's configuration.
#include "store/store.h"

#include <cctype>
#include <string>

#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace vigil::store {
namespace {

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "word:" at the start, RFC 3986 scheme syntax. Such a text is a URL we do not know, not a path.
std::string_view schemeOf(std::string_view url) {
  if (url.empty() || std::isalpha(static_cast<unsigned char>(url[0])) == 0) return {};
  for (std::size_t i = 1; i < url.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(url[i]);
    if (c == ':') return url.substr(0, i + 1);
    if (std::isalnum(c) == 0 && c != '+' && c != '-' && c != '.') return {};
  }
  return {};
}

template <typename T>
common::Result<std::unique_ptr<Store>> widen(common::Result<std::unique_ptr<T>> opened) {
  if (!opened) return common::fail(opened.error());
  return std::unique_ptr<Store>(std::move(*opened));
}

}  // namespace

common::Result<Store::Outcome> Store::insertEvent(const event::Event& event, std::string_view raw_json,
                                                  int64_t received_ms) {
  const EventInsert one{&event, raw_json};
  auto outcomes = insertEvents({&one, 1}, received_ms);
  if (!outcomes) return common::fail(outcomes.error());
  return outcomes->front();
}

common::Result<std::unique_ptr<Store>> openStore(std::string_view url) {
  constexpr std::string_view kAccepted = "use sqlite:PATH, a file path, postgresql://... or postgres:CONNINFO";
  if (startsWith(url, "sqlite:")) return widen(SqliteStore::open(std::string(url.substr(7))));
  if (startsWith(url, "postgresql://") || startsWith(url, "postgres://")) {
    return widen(PostgresStore::open(std::string(url)));
  }
  if (startsWith(url, "postgres:")) return widen(PostgresStore::open(std::string(url.substr(9))));
  if (url.empty()) return common::fail("store: no database given; " + std::string(kAccepted));
  // Only the scheme is repeated: the rest of an unknown URL may hold a password.
  if (const std::string_view scheme = schemeOf(url); !scheme.empty()) {
    return common::fail("store: unsupported database '" + std::string(scheme) + "...'; " + std::string(kAccepted));
  }
  return widen(SqliteStore::open(std::string(url)));
}

}  // namespace vigil::store
