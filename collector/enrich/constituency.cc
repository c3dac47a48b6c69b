// Constituency file loading with located errors, on the rules module's YAML helpers.
#include "enrich/constituency.h"

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <span>

#include "enrich/email_address.h"
#include "event/time_format.h"
#include "rules/duration.h"
#include "rules/rule_parser.h"
#include "rules/section_parsers.h"
#include "rules/source_file.h"
#include "rules/yaml_document.h"
#include "rules/yaml_errors.h"
#include "rules/yaml_fields.h"

namespace vigil::enrich {
namespace {

using rules::Field;
using rules::SourceLocation;

constexpr std::array<std::string_view, 2> kTopKeys = {"fallback", "organisations"};
constexpr std::array<std::string_view, 2> kFallbackKeys = {"organisation", "contacts"};
constexpr std::array<std::string_view, 5> kOrganisationKeys = {"name", "asns", "networks", "contacts", "inhibitions"};
constexpr std::array<std::string_view, 6> kContactKeys = {
    "email", "pgp_key", "pgp_fingerprint", "format", "notification_interval", "encryption"};
constexpr std::array<std::string_view, 4> kInhibitionKeys = {"identifier", "network", "expires", "reason"};

constexpr uint32_t kMinIntervalSeconds = 60;
constexpr uint32_t kMaxIntervalSeconds = 30 * 86400;
constexpr int64_t kMaxAsn = 4294967295;

std::string lowerCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  return out;
}

// "AS64500", "as64500" or "64500" -> 64500 when within 1-4294967295 (AS 0 is reserved, RFC 7607).
std::optional<uint32_t> parseAsn(std::string_view text) {
  if (text.size() > 2 && (text[0] == 'A' || text[0] == 'a') && (text[1] == 'S' || text[1] == 's')) {
    text.remove_prefix(2);
  }
  if (text.empty() || text.front() == '-') return std::nullopt;
  const std::optional<int64_t> value = rules::parseInteger(text);
  if (!value.has_value() || *value < 1 || *value > kMaxAsn) return std::nullopt;
  return static_cast<uint32_t>(*value);
}

// A date means the start of that day in UTC: "expires: 2027-01-01" stops applying at the new year.
std::optional<int64_t> parseExpiry(std::string_view text) {
  const std::string full = text.size() == 10 ? std::string(text) + "T00:00:00Z" : std::string(text);
  const std::optional<uint64_t> ns = event::parseRfc3339(full);
  if (!ns.has_value()) return std::nullopt;
  return static_cast<int64_t>(*ns / 1'000'000);
}

// Fingerprints are printed by GnuPG in groups of four with spaces; both forms are accepted.
std::optional<std::string> parseFingerprint(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ') continue;
    const bool digit = c >= '0' && c <= '9';
    const bool hex_letter = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!digit && !hex_letter) return std::nullopt;
    out += (c >= 'a' && c <= 'f') ? char(c - 'a' + 'A') : c;
  }
  if (out.size() != 40) return std::nullopt;
  return out;
}

// The first line of the file names it: an armored public key block, or a binary packet (tag bit set).
common::Result<void> checkKeyText(const std::string& text, const std::string& display) {
  if (text.find("-----BEGIN PGP PRIVATE KEY BLOCK-----") != std::string::npos) {
    return common::fail(display + ": holds a private key; give the organisation's public key");
  }
  const bool armored = text.find("-----BEGIN PGP PUBLIC KEY BLOCK-----") != std::string::npos;
  const bool binary = !text.empty() && (static_cast<unsigned char>(text.front()) & 0x80) != 0;
  if (!armored && !binary) {
    return common::fail(display + ": not an OpenPGP public key (expected '-----BEGIN PGP PUBLIC KEY BLOCK-----')");
  }
  return {};
}

/// One pass over the document; remembers what must be unique across organisations.
class Loader {
 public:
  explicit Loader(const rules::SourceFile& from) : from_(from) {}

  common::Result<Constituency> load(std::string_view text);

 private:
  struct Owner {
    std::string organisation;
    int line = 0;
  };

  const std::string& file() const { return from_.display; }
  // An entry of `list` that must be a mapping, with its fields checked against `keys`.
  common::Result<std::vector<Field>> entryFields(const Field& list, const YAML::Node& entry,
                                                 std::span<const std::string_view> keys, std::string_view what,
                                                 std::string_view where);
  common::Result<void> parseFallback(const Field& field, Organisation& out);
  common::Result<Organisation> parseOrganisation(const Field& list, const YAML::Node& entry);
  common::Result<std::vector<Contact>> parseContacts(const Field& field);
  common::Result<Contact> parseContact(const Field& list, const YAML::Node& entry);
  common::Result<std::string> readKeyFile(const Field& field);
  common::Result<std::vector<uint32_t>> parseAsns(const Field& field, const std::string& organisation);
  common::Result<std::vector<net::Prefix>> parseNetworks(const Field& field, const std::string& organisation);
  common::Result<Inhibition> parseInhibition(const Field& list, const YAML::Node& entry);

  const rules::SourceFile& from_;
  std::map<std::string, int> names_;  // lower-cased organisation name -> line
  std::map<net::Prefix, Owner> networks_;
  std::map<uint32_t, Owner> asns_;
};

common::Result<std::vector<Field>> Loader::entryFields(const Field& list, const YAML::Node& entry,
                                                       std::span<const std::string_view> keys, std::string_view what,
                                                       std::string_view where) {
  if (!entry.IsMap()) {
    return rules::errorAt(rules::entryLocation(list, entry), "'" + list.name + "' entry must be a mapping " +
                                                                 std::string(what) + " (got " +
                                                                 rules::describeNode(entry) + ")");
  }
  return rules::mappingFields(file(), entry, keys, where);
}

common::Result<Constituency> Loader::load(std::string_view text) {
  auto doc = rules::parseYamlDocument(text, file());
  if (!doc.ok()) return common::fail(doc.error());
  if (!doc->IsMap()) {
    return common::fail(file() + ": a constituency file must be a mapping with 'fallback' and 'organisations'");
  }
  auto fields = rules::mappingFields(file(), *doc, kTopKeys, "at top level");
  if (!fields.ok()) return common::fail(fields.error());
  Constituency out;
  out.file = file();
  const Field* fallback = rules::findField(*fields, "fallback");
  if (fallback == nullptr) {
    return common::fail(file() + ": 'fallback' is required (the organisation and contacts for unresolved hosts)");
  }
  auto done = parseFallback(*fallback, out.fallback);
  if (!done.ok()) return common::fail(done.error());
  if (const Field* list = rules::findField(*fields, "organisations")) {
    // An empty `organisations:` (null) is an empty list, as an operator starting a file would write it.
    if (!list->value.IsNull()) {
      auto entries = rules::readList(*list, "organisations");
      if (!entries.ok()) return common::fail(entries.error());
      for (const YAML::Node& entry : *entries) {
        auto organisation = parseOrganisation(*list, entry);
        if (!organisation.ok()) return common::fail(organisation.error());
        out.organisations.push_back(std::move(*organisation));
      }
    }
  }
  return out;
}

common::Result<void> Loader::parseFallback(const Field& field, Organisation& out) {
  auto map = rules::readMap(field, "organisation and contacts");
  if (!map.ok()) return common::fail(map.error());
  auto fields = rules::mappingFields(file(), *map, kFallbackKeys, "in 'fallback'");
  if (!fields.ok()) return common::fail(fields.error());
  const Field* name = rules::findField(*fields, "organisation");
  const Field* contacts = rules::findField(*fields, "contacts");
  if (name == nullptr || contacts == nullptr) {
    return field.error(std::string("'fallback' is missing '") + (name == nullptr ? "organisation" : "contacts") + "'");
  }
  auto text = rules::readScalar(*name, "the name of the organisation for unresolved hosts");
  if (!text.ok()) return common::fail(text.error());
  out.name = std::move(*text);
  auto list = parseContacts(*contacts);
  if (!list.ok()) return common::fail(list.error());
  out.contacts = std::move(*list);
  return {};
}

common::Result<Organisation> Loader::parseOrganisation(const Field& list, const YAML::Node& entry) {
  auto fields =
      entryFields(list, entry, kOrganisationKeys, "with name, networks or asns, and contacts", "in an organisation");
  if (!fields.ok()) return common::fail(fields.error());
  const SourceLocation at = rules::entryLocation(list, entry);
  const Field* name = rules::findField(*fields, "name");
  if (name == nullptr) return rules::errorAt(at, "organisation is missing 'name'");
  Organisation out;
  auto text = rules::readScalar(*name, "the organisation's name");
  if (!text.ok()) return common::fail(text.error());
  out.name = std::move(*text);
  const int line = name->valueLocation().line;
  const auto [seen, inserted] = names_.emplace(lowerCase(out.name), line);
  if (!inserted) {
    return name->error("duplicate organisation name " + rules::quoteText(out.name) + " (first at line " +
                       std::to_string(seen->second) + ")");
  }
  const std::string where = "organisation " + rules::quoteText(out.name);
  bool has_contacts = false;
  for (const Field& f : *fields) {
    if (f.name == "asns") {
      auto asns = parseAsns(f, out.name);
      if (!asns.ok()) return common::fail(asns.error());
      out.asns = std::move(*asns);
    } else if (f.name == "networks") {
      auto networks = parseNetworks(f, out.name);
      if (!networks.ok()) return common::fail(networks.error());
      out.networks = std::move(*networks);
    } else if (f.name == "contacts") {
      auto contacts = parseContacts(f);
      if (!contacts.ok()) return common::fail(contacts.error());
      out.contacts = std::move(*contacts);
      has_contacts = true;
    } else if (f.name == "inhibitions") {
      auto entries = rules::readList(f, "inhibitions (identifier, network, expires, reason)");
      if (!entries.ok()) return common::fail(entries.error());
      for (const YAML::Node& inhibition_entry : *entries) {
        auto inhibition = parseInhibition(f, inhibition_entry);
        if (!inhibition.ok()) return common::fail(inhibition.error());
        out.inhibitions.push_back(std::move(*inhibition));
      }
    }
  }
  if (!has_contacts) return rules::errorAt(at, where + " is missing 'contacts'");
  if (out.asns.empty() && out.networks.empty()) {
    return rules::errorAt(at, where + " has neither 'networks' nor 'asns', so no host can resolve to it");
  }
  return out;
}

common::Result<std::vector<Contact>> Loader::parseContacts(const Field& field) {
  auto entries = rules::readList(field, "contacts (email, pgp_key, format, ...)");
  if (!entries.ok()) return common::fail(entries.error());
  if (entries->empty()) return field.error("'contacts' must list at least one contact");
  std::vector<Contact> out;
  for (const YAML::Node& entry : *entries) {
    auto contact = parseContact(field, entry);
    if (!contact.ok()) return common::fail(contact.error());
    out.push_back(std::move(*contact));
  }
  return out;
}

common::Result<Contact> Loader::parseContact(const Field& list, const YAML::Node& entry) {
  auto fields = entryFields(list, entry, kContactKeys, "with at least 'email'", "in a contact");
  if (!fields.ok()) return common::fail(fields.error());
  Contact out;
  const Field* encryption = nullptr;
  bool has_email = false;
  for (const Field& f : *fields) {
    if (f.name == "email") {
      auto text = rules::readScalar(f, "an e-mail address such as abuse@isp.example");
      if (!text.ok()) return common::fail(text.error());
      if (!isEmailAddress(*text)) {
        return f.error("'email' must be an e-mail address such as abuse@isp.example (got " + rules::quoteText(*text) +
                       ")");
      }
      out.email = normalizeEmailAddress(*text);
      has_email = true;
    } else if (f.name == "pgp_key") {
      auto path = readKeyFile(f);
      if (!path.ok()) return common::fail(path.error());
      out.pgp_key_file = std::move(*path);
    } else if (f.name == "pgp_fingerprint") {
      constexpr std::string_view kExpected = "40 hexadecimal digits (spaces allowed)";
      auto text = rules::readScalar(f, kExpected);
      if (!text.ok()) return common::fail(text.error());
      std::optional<std::string> fingerprint = parseFingerprint(*text);
      if (!fingerprint.has_value()) {
        return f.error("'pgp_fingerprint' must be " + std::string(kExpected) + " (got " + rules::quoteText(*text) +
                       ")");
      }
      out.pgp_fingerprint = std::move(*fingerprint);
    } else if (f.name == "format") {
      auto format = rules::readEnum<ReportFormat>(f, parseReportFormat, "text, csv, xarf, iodef");
      if (!format.ok()) return common::fail(format.error());
      out.format = *format;
    } else if (f.name == "notification_interval") {
      auto seconds = rules::readDurationSeconds(f, kMinIntervalSeconds, kMaxIntervalSeconds);
      if (!seconds.ok()) return common::fail(seconds.error());
      out.notification_interval_s = *seconds;
    } else {
      auto value = rules::readEnum<Encryption>(f, parseEncryption, "required, preferred, none");
      if (!value.ok()) return common::fail(value.error());
      out.encryption = *value;
      encryption = &f;
    }
  }
  if (!has_email) return rules::errorAt(rules::entryLocation(list, entry), "contact is missing 'email'");
  if (out.encryption == Encryption::kRequired && out.pgp_key_file.empty() && out.pgp_fingerprint.empty()) {
    return encryption->error("'encryption: required' needs 'pgp_key' or 'pgp_fingerprint' for " + out.email);
  }
  return out;
}

common::Result<std::string> Loader::readKeyFile(const Field& field) {
  auto written = rules::readScalar(field, "the path of an OpenPGP public key file");
  if (!written.ok()) return common::fail(written.error());
  const rules::SourceFile key = from_.resolve(*written);
  auto text = rules::readSourceFile(key);
  if (!text.ok()) return field.error("'pgp_key' " + text.error());
  auto checked = checkKeyText(*text, key.display);
  if (!checked.ok()) return field.error("'pgp_key' " + checked.error());
  return key.fs.string();
}

common::Result<std::vector<uint32_t>> Loader::parseAsns(const Field& field, const std::string& organisation) {
  auto entries = rules::readList(field, "AS numbers such as 64500 or AS64500");
  if (!entries.ok()) return common::fail(entries.error());
  std::vector<uint32_t> out;
  for (const YAML::Node& entry : *entries) {
    const SourceLocation at = rules::entryLocation(field, entry);
    const std::optional<uint32_t> asn = entry.IsScalar() ? parseAsn(entry.Scalar()) : std::nullopt;
    if (!asn.has_value()) {
      return rules::errorAt(at,
                            "'asns' entry must be an AS number from 1 to 4294967295 such as 64500 or AS64500 (got " +
                                rules::describeNode(entry) + ")");
    }
    const auto [owner, inserted] = asns_.emplace(*asn, Owner{organisation, at.line});
    if (!inserted) {
      return rules::errorAt(at, "AS" + std::to_string(*asn) + " already belongs to organisation " +
                                    rules::quoteText(owner->second.organisation) + " (line " +
                                    std::to_string(owner->second.line) + ")");
    }
    out.push_back(*asn);
  }
  return out;
}

common::Result<std::vector<net::Prefix>> Loader::parseNetworks(const Field& field, const std::string& organisation) {
  auto prefixes = rules::readPrefixList(field, /*non_empty=*/false);
  if (!prefixes.ok()) return common::fail(prefixes.error());
  // readPrefixList accepted the list, so the entries are exactly the prefixes, in order.
  auto entries = rules::readList(field, "CIDRs");
  if (!entries.ok()) return common::fail(entries.error());
  for (std::size_t i = 0; i < prefixes->size(); ++i) {
    const SourceLocation at = rules::entryLocation(field, (*entries)[i]);
    const net::Prefix& prefix = (*prefixes)[i];
    const auto [owner, inserted] = networks_.emplace(prefix, Owner{organisation, at.line});
    if (!inserted) {
      // Nested networks of different organisations are fine (the most specific wins); the same one twice
      // would leave the winner to file order.
      return rules::errorAt(at, "network " + prefix.toString() + " already belongs to organisation " +
                                    rules::quoteText(owner->second.organisation) + " (line " +
                                    std::to_string(owner->second.line) + ")");
    }
  }
  return std::move(*prefixes);
}

common::Result<Inhibition> Loader::parseInhibition(const Field& list, const YAML::Node& entry) {
  auto fields =
      entryFields(list, entry, kInhibitionKeys, "with identifier, network, expires and reason", "in an inhibition");
  if (!fields.ok()) return common::fail(fields.error());
  Inhibition out;
  for (const Field& f : *fields) {
    if (f.name == "identifier") {
      auto identifier = rules::readIdentifier(f);
      if (!identifier.ok()) return common::fail(identifier.error());
      out.identifier = std::move(*identifier);
    } else if (f.name == "network") {
      auto text = rules::readScalar(f, "a CIDR such as 192.0.2.128/25");
      if (!text.ok()) return common::fail(text.error());
      auto prefix = net::Prefix::parseStrict(*text);
      if (!prefix.ok()) return f.error("'network' " + prefix.error());
      out.network = *prefix;
    } else if (f.name == "expires") {
      constexpr std::string_view kExpected =
          "a date such as 2027-01-01 or an RFC 3339 time such as 2027-01-01T12:00:00Z";
      auto text = rules::readScalar(f, kExpected);
      if (!text.ok()) return common::fail(text.error());
      out.expires_ms = parseExpiry(*text);
      if (!out.expires_ms.has_value()) {
        return f.error("'expires' must be " + std::string(kExpected) + " (got " + rules::quoteText(*text) + ")");
      }
    } else {
      auto text = rules::readScalar(f, "a short text saying why findings are not sent");
      if (!text.ok()) return common::fail(text.error());
      out.reason = std::move(*text);
    }
  }
  if (out.reason.empty()) {
    return rules::errorAt(rules::entryLocation(list, entry),
                          "inhibition is missing 'reason' (analysts see it on every finding it holds back)");
  }
  return out;
}

}  // namespace

std::string_view reportFormatName(ReportFormat format) noexcept {
  switch (format) {
    case ReportFormat::kText:
      return "text";
    case ReportFormat::kCsv:
      return "csv";
    case ReportFormat::kXarf:
      return "xarf";
    case ReportFormat::kIodef:
      return "iodef";
  }
  return "text";
}

std::optional<ReportFormat> parseReportFormat(std::string_view text) noexcept {
  for (ReportFormat format : {ReportFormat::kText, ReportFormat::kCsv, ReportFormat::kXarf, ReportFormat::kIodef}) {
    if (reportFormatName(format) == text) return format;
  }
  return std::nullopt;
}

std::string_view encryptionName(Encryption encryption) noexcept {
  switch (encryption) {
    case Encryption::kRequired:
      return "required";
    case Encryption::kPreferred:
      return "preferred";
    case Encryption::kNone:
      return "none";
  }
  return "preferred";
}

std::optional<Encryption> parseEncryption(std::string_view text) noexcept {
  for (Encryption encryption : {Encryption::kRequired, Encryption::kPreferred, Encryption::kNone}) {
    if (encryptionName(encryption) == text) return encryption;
  }
  return std::nullopt;
}

bool Inhibition::applies(const net::IpAddress& ip, std::string_view finding, int64_t now_ms) const noexcept {
  if (!identifier.empty() && identifier != finding) return false;
  if (network.has_value() && !network->contains(ip)) return false;
  return !expires_ms.has_value() || now_ms < *expires_ms;
}

common::Result<Constituency> loadConstituency(const std::string& path) {
  const rules::SourceFile file{path, path};
  auto text = rules::readSourceFile(file);
  if (!text.ok()) return common::fail(text.error());
  return Loader(file).load(*text);
}

common::Result<Constituency> parseConstituency(std::string_view text, const std::string& display,
                                               const std::string& base_dir) {
  const rules::SourceFile file{std::filesystem::path(base_dir) / "constituency.yaml", display};
  return Loader(file).load(text);
}

}  // namespace vigil::enrich
