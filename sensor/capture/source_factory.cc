// SourceFactory: URI scheme table; adding a capture backend is one line in kBackends.
#include "capture/source_factory.h"

#include <sys/stat.h>

#include <array>
#include <string>

#include "capture/af_packet_source.h"
#include "capture/buffered_pcap_source.h"
#include "capture/dpdk/dpdk_source.h"
#include "capture/input_file.h"
#include "capture/live_pcap_source.h"
#include "capture/pcap_file_source.h"
#include "capture/pcap_format.h"

namespace vigil::capture {
namespace {

using Sources = std::vector<std::unique_ptr<PacketSource>>;
using SourcesResult = common::Result<Sources>;
/// Builds the sources from the part of the URI after "scheme:"; `uri` is the whole URI for messages.
using SourcesMaker = SourcesResult (*)(std::string_view uri, std::string_view argument, const SourceSettings&);

SourcesResult one(std::unique_ptr<PacketSource> source) {
  Sources out;
  out.push_back(std::move(source));
  return out;
}

bool isClassicPcapFile(const std::string& path) {
  // stat first: opening a FIFO would block, and reading from it would eat its first bytes.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  auto file = InputFile::open(path, path);
  if (!file || file->head().size() < 4) return false;
  return isClassicPcapMagic(readMagic(file->head()));
}

SourcesResult makePcapSources(std::string_view uri, std::string_view argument, const SourceSettings&) {
  if (argument.empty()) return common::fail(std::string(uri) + " needs a file name (pcap:FILE, or pcap:- for stdin)");
  std::string path(argument);
  if (path != "-" && isClassicPcapFile(path)) return one(std::make_unique<BufferedPcapSource>(path));
  return one(std::make_unique<PcapFileSource>(path));
}

SourcesResult makeLiveSources(std::string_view, std::string_view argument, const SourceSettings&) {
  auto options = parseLiveOptions(argument);
  if (!options) return common::fail(options.error());
  return one(std::make_unique<LivePcapSource>(std::move(*options)));
}

SourcesResult makeAfPacket(std::string_view, std::string_view argument, const SourceSettings&) {
  return makeAfPacketSources(argument);
}

#ifdef VIGIL_WITH_DPDK
SourcesResult makeDpdk(std::string_view, std::string_view argument, const SourceSettings& settings) {
  return makeDpdkSources(argument, settings.dpdk_eal);
}
constexpr SourcesMaker kDpdkMaker = &makeDpdk;
#else
constexpr SourcesMaker kDpdkMaker = nullptr;
#endif

struct Backend {
  std::string_view scheme;
  SourcesMaker make;  // nullptr: scheme reserved for a backend this build does not include
};

constexpr std::array kBackends = {
    Backend{"pcap", &makePcapSources},
    Backend{"live", &makeLiveSources},
    Backend{"afpacket", &makeAfPacket},
    Backend{"dpdk", kDpdkMaker},
};
// RFC 3986 scheme syntax; a prefix that is not one ("./a:b", "/x:y") makes the URI a plain path.
bool looksLikeScheme(std::string_view text) {
  if (text.size() < 2 || !(text[0] >= 'a' && text[0] <= 'z')) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool pathExists(std::string_view path) {
  struct stat st {};
  return ::stat(std::string(path).c_str(), &st) == 0;
}

std::string availableSchemes() {
  std::string list;
  for (const Backend& backend : kBackends) {
    if (backend.make == nullptr) continue;
    if (!list.empty()) list += ", ";
    list += std::string(backend.scheme) + ":";
  }
  return list;
}

}  // namespace

SourcesResult makeSources(std::string_view uri, const SourceSettings& settings) {
  if (uri.empty()) return common::fail("empty capture source (expected pcap:FILE, FILE or -)");
  const std::size_t colon = uri.find(':');
  const std::string_view scheme = colon == std::string_view::npos ? std::string_view{} : uri.substr(0, colon);
  if (!looksLikeScheme(scheme)) return makePcapSources(uri, uri, settings);

  for (const Backend& backend : kBackends) {
    if (backend.scheme != scheme) continue;
    if (backend.make == nullptr) {
      return common::fail(std::string(uri) + ": capture backend '" + std::string(scheme) +
                          "' is not available in this build");
    }
    return backend.make(uri, uri.substr(colon + 1), settings);
  }
  // A file that happens to be called "notes:1.pcap" is still a file.
  if (pathExists(uri)) return makePcapSources(uri, uri, settings);
  return common::fail("unknown capture source scheme '" + std::string(scheme) + "' (expected " + availableSchemes() +
                      ")");
}

common::Result<std::unique_ptr<PacketSource>> makeSource(std::string_view uri, const SourceSettings& settings) {
  auto sources = makeSources(uri, settings);
  if (!sources) return common::fail(sources.error());
  if (sources->size() != 1) {
    return common::fail(std::string(uri) + ": names " + std::to_string(sources->size()) +
                        " sources (one per worker), where one is expected");
  }
  return std::move(sources->front());
}

bool hasBackend(std::string_view scheme) {
  for (const Backend& backend : kBackends)
    if (backend.scheme == scheme) return backend.make != nullptr;
  return false;
}

}  // namespace vigil::capture
