// Incident factory: one line per kind, plus checks that hold for every kind.
#include "pcapgen/incidents/incident_factory.h"

#include "pcapgen/incidents/amplification.h"
#include "pcapgen/incidents/backscatter.h"
#include "pcapgen/incidents/bruteforce.h"
#include "pcapgen/incidents/c2_contact.h"
#include "pcapgen/incidents/flood.h"
#include "pcapgen/incidents/incident_params.h"
#include "pcapgen/incidents/scan_horizontal.h"
#include "pcapgen/incidents/scan_vertical.h"
#include "pcapgen/incidents/spam.h"

namespace vigil::pcapgen {
namespace {

common::Result<std::unique_ptr<Incident>> dispatch(IncidentParams& params, const IncidentContext& context) {
  switch (params.kind()) {
    case IncidentKind::kScanHorizontal: return HorizontalScan::create(params, context);
    case IncidentKind::kScanVertical: return VerticalScan::create(params, context);
    case IncidentKind::kSynFlood:
    case IncidentKind::kUdpFlood:
    case IncidentKind::kIcmpFlood: return Flood::create(params, context);
    case IncidentKind::kAmplificationDns:
    case IncidentKind::kAmplificationNtp:
    case IncidentKind::kAmplificationSsdp:
    case IncidentKind::kAmplificationMemcached:
    case IncidentKind::kAmplificationCldap:
    case IncidentKind::kAmplificationSnmp:
    case IncidentKind::kAmplificationChargen: return Amplification::create(params, context);
    case IncidentKind::kBruteforceSsh:
    case IncidentKind::kBruteforceTelnet:
    case IncidentKind::kBruteforceRdp:
    case IncidentKind::kBruteforceFtp: return Bruteforce::create(params, context);
    case IncidentKind::kC2Contact: return C2Contact::create(params, context);
    case IncidentKind::kSpam: return Spam::create(params, context);
    case IncidentKind::kBackscatter: return Backscatter::create(params, context);
  }
  return common::fail("unhandled incident kind");
}

bool anyV6(const IncidentSpec& spec) {
  for (const auto& [key, value] : spec.values) {
    if ((key == "src" || key == "dst") && value.find(':') != std::string::npos) return true;
  }
  return false;
}

}  // namespace

common::Result<std::unique_ptr<Incident>> createIncident(const IncidentSpec& spec, const IncidentContext& context) {
  IncidentParams params(spec, context.index);
  if (context.builder.fixedFrame() != 0 && anyV6(spec)) {
    params.fail("IPv6 incidents are not available with --frame-size (headers may not fit)");
    return common::fail(params.error());
  }
  return dispatch(params, context);
}

}  // namespace vigil::pcapgen
