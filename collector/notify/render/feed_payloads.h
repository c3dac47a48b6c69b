// FeedPayloads: a digest as the JSON documents the CERT's incident systems take (webhook/JSONL, MISP, RTIR).
#pragma once

#include <string>

#include "notify/digest.h"

namespace vigil::notify {

/// {"ticket", "organisation", "contact", "tlp", "created", "incidents": [ {IntelMQ names: source.ip or
/// destination.ip by role, classification.*, time.source (first seen), extra.time_end (last seen),
/// extra.count, severity, tlp, feed.name "vigil", source.abuse_contact, extra.sensors, extra.peak_pps,
/// extra.peak_bps, extra.incident_id} ] } on one line: the webhook body and the JSONL feed line.
std::string intelmqPayload(const Digest& digest);
/// A MISP event (POST /events/add): info, date, threat_level_id from the highest severity (high 1, medium 2,
/// low 3), analysis 0, distribution 0 (this organisation only), tags tlp:<level> and rsit:<taxonomy>="<type>",
/// one ip-src (ip-dst for victims) attribute per incident with its identifier as comment.
std::string mispPayload(const Digest& digest);
/// An RT/RTIR REST2 ticket (POST /REST/2.0/ticket): Queue, Subject, Content (the text body), ContentType,
/// CustomFields IP (every host) and Classification (the first incident's type).
std::string rtirPayload(const Digest& digest, const std::string& queue, const std::string& text);

}  // namespace vigil::notify
