// IodefReport: a digest as an IODEF 2.0 document (RFC 7970), one Incident per item.
#pragma once

#include <string>

#include "notify/digest.h"

namespace vigil::notify {

/// <IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0"> with, per item, an Incident
/// purpose="reporting" restriction from its TLP (CLEAR/GREEN/AMBER/RED as white/green/amber/red;
/// AMBER+STRICT as ext-value), IncidentID name=<reporter domain> "<ticket>-<n>", GenerationTime,
/// DetectTime/StartTime/EndTime, Description, the reporter's Contact (role creator, type organization),
/// and EventData/Flow/System (category source, or target for victims) with Node/Address category
/// ipv4-addr or ipv6-addr (always set: the IODEF default is ipv6) and Service ip-protocol/Port when known.
/// Text is XML-escaped.
std::string iodefReport(const Digest& digest, const Reporter& reporter);

}  // namespace vigil::notify
