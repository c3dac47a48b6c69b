// FeedPayloads: nlohmann JSON documents in the field names each receiver expects.
#include "notify/render/feed_payloads.h"

#include <nlohmann/json.hpp>

#include "event/time_format.h"

namespace vigil::notify {
namespace {

using Json = nlohmann::ordered_json;

std::string timeOf(int64_t ms) {
  return event::formatRfc3339(uint64_t(std::max<int64_t>(ms, 0)) * 1'000'000);
}

std::string lower(std::string s) {
  for (char& c : s)
    c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string intelmqPayload(const Digest& digest) {
  Json out;
  out["ticket"] = digest.ticket;
  out["organisation"] = digest.organisation;
  out["contact"] = digest.contact.email;
  out["tlp"] = digest.tlp;
  out["created"] = timeOf(digest.created_ms);
  out["incidents"] = Json::array();
  for (const DigestItem& item : digest.items) {
    const store::Incident& i = item.incident;
    Json j;
    j[i.role == "destination" ? "destination.ip" : "source.ip"] = i.host;
    j["classification.taxonomy"] = i.taxonomy;
    j["classification.type"] = i.type;
    j["classification.identifier"] = i.identifier;
    j["time.source"] = timeOf(i.first_seen_ms);
    j["extra.time_end"] = timeOf(i.last_seen_ms);
    j["extra.count"] = i.event_count;
    j["severity"] = i.severity;
    j["tlp"] = i.tlp;
    j["feed.name"] = "vigil";
    j["source.abuse_contact"] = digest.contact.email;
    j["extra.sensors"] = i.sensors;
    j["extra.peak_pps"] = i.peak_pps;
    j["extra.peak_bps"] = i.peak_bps;
    j["extra.incident_id"] = i.id;
    out["incidents"].push_back(std::move(j));
  }
  return out.dump();
}

std::string mispPayload(const Digest& digest) {
  int threat = 3;
  for (const DigestItem& item : digest.items) {
    if (item.incident.severity == "high") threat = 1;
    if (item.incident.severity == "medium") threat = std::min(threat, 2);
  }
  Json event;
  event["info"] =
      "Vigil " + digest.ticket + ": " + std::to_string(digest.items.size()) + " incident(s) of " + digest.organisation;
  event["date"] = timeOf(digest.created_ms).substr(0, 10);
  event["threat_level_id"] = std::to_string(threat);
  event["analysis"] = "0";
  event["distribution"] = "0";
  // MISP tags: "tlp:amber", "tlp:amber+strict", "tlp:clear"; RSIT as a machine tag.
  event["Tag"] = Json::array({Json{{"name", lower(digest.tlp)}}});
  std::vector<std::string> rsit;
  event["Attribute"] = Json::array();
  for (const DigestItem& item : digest.items) {
    const store::Incident& i = item.incident;
    const std::string tag = "rsit:" + i.taxonomy + "=\"" + i.type + "\"";
    if (std::find(rsit.begin(), rsit.end(), tag) == rsit.end()) {
      rsit.push_back(tag);
      event["Tag"].push_back(Json{{"name", tag}});
    }
    event["Attribute"].push_back(Json{{"type", i.role == "destination" ? "ip-dst" : "ip-src"},
                                      {"category", "Network activity"},
                                      {"value", i.host},
                                      {"to_ids", false},
                                      {"comment", i.identifier + " (" + digest.ticket + ")"}});
  }
  return Json{{"Event", event}}.dump();
}

std::string rtirPayload(const Digest& digest, const std::string& queue, const std::string& text) {
  Json hosts = Json::array();
  for (const DigestItem& item : digest.items)
    hosts.push_back(item.incident.host);
  Json out;
  out["Queue"] = queue;
  out["Subject"] = "[" + digest.tlp + "] Vigil " + digest.ticket + ": " + digest.organisation;
  out["Content"] = text;
  out["ContentType"] = "text/plain";
  out["CustomFields"] = Json{{"IP", hosts}, {"Classification", digest.items.front().incident.type}};
  return out.dump();
}

}  // namespace vigil::notify
