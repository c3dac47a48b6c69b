// vigil-keygen: writes a CURVE key pair NAME.key (secret, 0600) and NAME.pub for a sensor or the collector.
#include <zmq.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "wire/curve_key_file.h"

int main(int argc, char** argv) {
  std::string name;
  std::string dir = ".";
  bool force = false;
  CLI::App app{
      "vigil-keygen: writes a CURVE key pair for ZeroMQ: NAME.key (secret, mode 0600) and NAME.pub.\n"
      "Give each sensor its own pair; copy its NAME.pub into the collector's sensors_dir, and the\n"
      "collector's .pub to every sensor (publish.server_key)."};
  app.add_option("name", name, "Key name: the sensor id (sensor keys) or e.g. 'collector'")->required();
  app.add_option("--dir", dir, "Directory to write into")->check(CLI::ExistingDirectory);
  app.add_flag("--force", force, "Replace existing key files");
  CLI11_PARSE(app, argc, argv);
  if (name.empty() || name.find('/') != std::string::npos) {
    std::fprintf(stderr, "vigil-keygen: '%s' is not a valid key name\n", name.c_str());
    return 1;
  }
  char public_key[41] = {};
  char secret_key[41] = {};
  if (zmq_curve_keypair(public_key, secret_key) != 0) {
    std::fprintf(stderr, "vigil-keygen: this libzmq has no CURVE support: %s\n", zmq_strerror(zmq_errno()));
    return 1;
  }
  const vigil::common::Result<void> written = vigil::wire::writeKeyPair(dir, name, {public_key, secret_key}, force);
  if (!written.ok()) {
    std::fprintf(stderr, "vigil-keygen: %s\n", written.error().c_str());
    return 1;
  }
  std::printf("%s\n", public_key);
  return 0;
}
