// FindingText: what an incident means in plain language, and what the network owner can do about it.
#pragma once

#include <string>

#include "notify/digest.h"

namespace vigil::notify {

/// "scanned 297 addresses (1 port) over TCP", "received a SYN flood of 2000 packets/s", ... from the
/// incident and its latest event's evidence (extra); falls back to the RSIT type when a number is missing.
/// Never invents a figure: what the events do not say is left out.
std::string describeFinding(const DigestItem& item);
/// One sentence of advice for the kind of incident (the identifier, by family).
std::string adviseFinding(const store::Incident& incident);
/// Short family name for summaries: "scanning", "SSH brute force", "DNS amplification", "SYN flood", ...
std::string findingFamily(const std::string& identifier);
/// "1.5 Mbit/s", "312 packets/s" style figures.
std::string humanRate(double value, const char* unit);

}  // namespace vigil::notify
