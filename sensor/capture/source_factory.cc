// SourceFactory: URI scheme table; adding a capture backend is one line in kBackends.
#include "capture/source_factory.h"

#include <sys/stat.h>

#include <array>
#include <string>

#include "capture/af_packet_source.h"
#include "capture/input_file.h"
#include "capture/live_pcap_source.h"
#include "capture/mmap_pcap_source.h"
#include "capture/pcap_file_source.h"
#include "capture/pcap_format.h"

namespace vigil::capture {
namespace {

using SourceResult = common::Result<std::unique_ptr<PacketSource>>;
/// Builds a source from the part of the URI after "scheme:"; `uri` is the whole URI for messages.
using SourceMaker = SourceResult (*)(std::string_view uri, std::string_view argument);

bool isClassicPcapFile(const std::string& path) {
  // stat first: opening a FIFO would block, and reading from it would eat its first bytes.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  auto file = InputFile::open(path, path);
  if (!file || file->head().size() < 4) return false;
  return isClassicPcapMagic(readMagic(file->head()));
}

SourceResult makePcapSource(std::string_view uri, std::string_view argument) {
  if (argument.empty()) return common::fail(std::string(uri) + " needs a file name (pcap:FILE, or pcap:- for stdin)");
  std::string path(argument);
  if (path != "-" && isClassicPcapFile(path))
    return std::unique_ptr<PacketSource>(std::make_unique<MmapPcapSource>(path));
  return std::unique_ptr<PacketSource>(std::make_unique<PcapFileSource>(path));
}

SourceResult makeLiveSource(std::string_view, std::string_view argument) {
  auto options = parseLiveOptions(argument);
  if (!options) return common::fail(options.error());
  return std::unique_ptr<PacketSource>(std::make_unique<LivePcapSource>(std::move(*options)));
}

SourceResult makeAfPacketSource(std::string_view uri, std::string_view argument) {
  auto sources = makeAfPacketSources(argument);
  if (!sources) return common::fail(sources.error());
  if (sources->size() != 1)
    return common::fail(std::string(uri) + ": fanout needs one worker per member (makeSources)");
  return std::move(sources->front());
}

struct Backend {
  std::string_view scheme;
  SourceMaker make;  // nullptr: scheme reserved for a backend this build does not include
};

constexpr std::array kBackends = {
    Backend{"pcap", &makePcapSource},
    Backend{"live", &makeLiveSource},
    Backend{"afpacket", &makeAfPacketSource},
    Backend{"dpdk", nullptr},
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

common::Result<std::unique_ptr<PacketSource>> makeSource(std::string_view uri) {
  if (uri.empty()) return common::fail("empty capture source (expected pcap:FILE, FILE or -)");
  const std::size_t colon = uri.find(':');
  const std::string_view scheme = colon == std::string_view::npos ? std::string_view{} : uri.substr(0, colon);
  if (!looksLikeScheme(scheme)) return makePcapSource(uri, uri);

  for (const Backend& backend : kBackends) {
    if (backend.scheme != scheme) continue;
    if (backend.make == nullptr) {
      return common::fail(std::string(uri) + ": capture backend '" + std::string(scheme) +
                          "' is not available in this build");
    }
    return backend.make(uri, uri.substr(colon + 1));
  }
  // A file that happens to be called "notes:1.pcap" is still a file.
  if (pathExists(uri)) return makePcapSource(uri, uri);
  return common::fail("unknown capture source scheme '" + std::string(scheme) + "' (expected " + availableSchemes() +
                      ")");
}

common::Result<std::vector<std::unique_ptr<PacketSource>>> makeSources(std::string_view uri) {
  if (uri.substr(0, 9) == "afpacket:") return makeAfPacketSources(uri.substr(9));
  auto one = makeSource(uri);
  if (!one) return common::fail(one.error());
  std::vector<std::unique_ptr<PacketSource>> out;
  out.push_back(std::move(*one));
  return out;
}

}  // namespace vigil::capture
