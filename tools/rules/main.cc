// vigil-rules: `check` validates rules files, `explain` describes one in plain words. Wiring only.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "detect/detector_factory.h"
#include "rules/explain.h"
#include "rules/rule_loader.h"

namespace {

constexpr const char* kFooter = R"(Errors name the place and the problem, one line per file:
  rules.yaml:12:5: unknown key 'treshold' in rule 'syn-scan' (did you mean 'threshold'?)
Relative paths inside a rules file (include, *_file, blocklist files) resolve against that file's
directory. Every key, unit and default is described in rules/README.md.

Examples:
  vigil-rules check rules/default.yaml rules/ixp.yaml
  vigil-rules explain rules/isp.yaml)";

// Loads the file and builds its detectors, exactly as vigil-sensor does at start-up, so a file that
// passes here is one the sensor accepts (the factory checks what each kind needs: keys, measures,
// condition names).
vigil::common::Result<std::shared_ptr<const vigil::rules::RuleSet>> loadAndValidate(const std::string& file) {
  auto loaded = vigil::rules::loadRuleSet(file);
  if (!loaded.ok()) return loaded;
  auto detectors = vigil::detect::buildDetectors(*loaded, "");
  if (!detectors.ok()) return vigil::common::fail(detectors.error());
  return loaded;
}

int check(const std::vector<std::string>& files) {
  int status = 0;
  for (const std::string& file : files) {
    auto loaded = loadAndValidate(file);
    if (!loaded.ok()) {
      std::cerr << loaded.error() << '\n';
      status = 1;
      continue;
    }
    const vigil::rules::RuleSet& rules = **loaded;
    std::cout << file << ": ok: " << vigil::rules::summarizeRuleSet(rules) << '\n';
    if (rules.rules().empty()) {
      std::cout << file << ": note: no rules; only the blocklists will produce findings\n";
    }
  }
  return status;
}

int explain(const std::string& file) {
  auto loaded = loadAndValidate(file);
  if (!loaded.ok()) {
    std::cerr << loaded.error() << '\n';
    return 1;
  }
  std::cout << file << ": " << vigil::rules::summarizeRuleSet(**loaded) << "\n\n"
            << vigil::rules::explainRuleSet(**loaded);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vigil-rules: validate and explain Vigil rules files."};
  app.footer(kFooter);
  app.require_subcommand(1);

  std::vector<std::string> check_files;
  CLI::App* check_command = app.add_subcommand(
      "check",
      "Load each FILE with its includes and prefix files. Prints \"FILE: ok: N rules (M disabled), K blocklists "
      "with E entries, H home prefixes\" on stdout, or the file's first error on stderr. Exit status 0 only if "
      "every file is ok.");
  check_command->add_option("FILE", check_files, "Rules files to check")->required();

  std::string explain_file;
  CLI::App* explain_command = app.add_subcommand(
      "explain",
      "Describe every rule of FILE in plain words, then its blocklists, home networks, allowlist and "
      "sensors. Exit status 1 if the file does not load.");
  explain_command->add_option("FILE", explain_file, "Rules file to explain")->required();

  CLI11_PARSE(app, argc, argv);
  if (check_command->parsed()) return check(check_files);
  return explain(explain_file);
}
