// ZapAuthenticator: the ZeroMQ ZAP handler that admits only allowlisted sensor CURVE keys.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "common/result.h"
#include "wire/curve_key_file.h"

namespace vigil::intake {

/// libzmq asks a ZAP handler (RFC 27, a REP socket on inproc://zeromq.zap.01 of the same context) about
/// every CURVE handshake. This one answers 200 with User-Id = the key's name for allowlisted public keys,
/// and 400 for any other key (counted). Owns its thread; start() before the intake socket binds.
/// setAllowed() may be called from any thread (reload), the rest from the owner.
class ZapAuthenticator {
 public:
  ZapAuthenticator(zmq::context_t& context, const std::vector<wire::NamedKey>& allowed);
  ~ZapAuthenticator();
  ZapAuthenticator(const ZapAuthenticator&) = delete;
  ZapAuthenticator& operator=(const ZapAuthenticator&) = delete;

  common::Result<void> start();
  void stop();
  void setAllowed(const std::vector<wire::NamedKey>& allowed);

  uint64_t accepted() const noexcept { return accepted_.load(std::memory_order_relaxed); }
  uint64_t refused() const noexcept { return refused_.load(std::memory_order_relaxed); }

 private:
  void run();
  std::string lookup(const std::string& binary_key);

  zmq::context_t& context_;
  zmq::socket_t socket_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::map<std::string, std::string> allowed_;  // 32-byte binary key -> name
  std::atomic<uint64_t> accepted_{0};
  std::atomic<uint64_t> refused_{0};
};

}  // namespace vigil::intake
