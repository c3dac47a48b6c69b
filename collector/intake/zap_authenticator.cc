// ZapAuthenticator: the ZAP request loop and the key allowlist.
#include "intake/zap_authenticator.h"

#include <zmq_addon.hpp>

#include "common/this_thread.h"

namespace vigil::intake {
namespace {

std::string z85ToBinary(const std::string& z85) {
  std::string binary(32, '\0');
  if (zmq_z85_decode(reinterpret_cast<uint8_t*>(binary.data()), z85.c_str()) == nullptr) return {};
  return binary;
}

}  // namespace

ZapAuthenticator::ZapAuthenticator(zmq::context_t& context, const std::vector<wire::NamedKey>& allowed)
    : context_(context), socket_(context, zmq::socket_type::rep) {
  setAllowed(allowed);
}

ZapAuthenticator::~ZapAuthenticator() {
  stop();
}

void ZapAuthenticator::setAllowed(const std::vector<wire::NamedKey>& allowed) {
  std::map<std::string, std::string> keys;
  for (const wire::NamedKey& k : allowed) {
    std::string binary = z85ToBinary(k.key);
    if (!binary.empty()) keys[binary] = k.name;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  allowed_ = std::move(keys);
}

std::string ZapAuthenticator::lookup(const std::string& binary_key) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = allowed_.find(binary_key);
  return it == allowed_.end() ? std::string() : it->second;
}

common::Result<void> ZapAuthenticator::start() {
  try {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.bind("inproc://zeromq.zap.01");
  } catch (const zmq::error_t& e) {
    return common::fail(std::string("cannot start the ZAP handler: ") + e.what());
  }
  thread_ = std::thread([this] { run(); });
  return {};
}

void ZapAuthenticator::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

void ZapAuthenticator::run() {
  common::nameThisThread("vigil-zap");
  zmq::pollitem_t item{static_cast<void*>(socket_), 0, ZMQ_POLLIN, 0};
  while (!stop_.load(std::memory_order_relaxed)) {
    if (zmq::poll(&item, 1, std::chrono::milliseconds(100)) <= 0) continue;
    // Request: version, request id, domain, address, identity, mechanism, credentials...
    std::vector<zmq::message_t> request;
    if (!zmq::recv_multipart(socket_, std::back_inserter(request), zmq::recv_flags::dontwait)) continue;
    if (request.size() < 6) continue;  // not a ZAP request: libzmq never sends one, ignore
    const std::string mechanism = request[5].to_string();
    std::string name;
    if (mechanism == "CURVE" && request.size() >= 7 && request[6].size() == 32) name = lookup(request[6].to_string());
    const bool ok = !name.empty();
    (ok ? accepted_ : refused_).fetch_add(1, std::memory_order_relaxed);
    std::array<zmq::const_buffer, 6> reply = {zmq::buffer(std::string_view("1.0")),
                                              zmq::buffer(request[1].data(), request[1].size()),
                                              zmq::buffer(std::string_view(ok ? "200" : "400")),
                                              zmq::buffer(std::string_view(ok ? "OK" : "unknown sensor key")),
                                              zmq::buffer(name),
                                              zmq::buffer(std::string_view())};
    (void)zmq::send_multipart(socket_, reply);
  }
}

}  // namespace vigil::intake
