// NetworkRecord: one imported network assignment (a RIPE inetnum/inet6num, flattened), as enrichment and the store share it.
#pragma once

#include <string>

#include "net/prefix.h"

namespace vigil::enrich {

/// Plain value type. A RIPE range that is not one CIDR becomes several records with the same fields.
struct NetworkRecord {
  net::Prefix prefix;
  std::string netname;      // RIPE netname, for messages
  std::string org_handle;   // "ORG-EXA1-RIPE" (empty when the object has no org:)
  std::string org_name;     // organisation's org-name, else the netname
  std::string abuse_email;  // from abuse-c -> role/person abuse-mailbox (first valid address), may be empty

  friend bool operator==(const NetworkRecord&, const NetworkRecord&) = default;
};

}  // namespace vigil::enrich
