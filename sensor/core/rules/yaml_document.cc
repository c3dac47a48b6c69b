// One-document YAML parsing for rules files, working around yaml-cpp 0.7's LoadAll hang.
#include "rules/yaml_document.h"

#include <yaml-cpp/eventhandler.h>

#include <sstream>

#include "rules/yaml_errors.h"

namespace vigil::rules {
namespace {

/// Notes where the first content event of the second document is; ignores everything else.
class SecondDocumentFinder : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override { ++documents_; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { content(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    content(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    content(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    content(mark);
  }
  void OnMapEnd() override {}

  bool found() const { return found_; }
  const YAML::Mark& mark() const { return second_; }

 private:
  void content(const YAML::Mark& mark) {
    if (documents_ >= 2 && !found_) {
      found_ = true;
      second_ = mark;
    }
  }

  int documents_ = 0;
  bool found_ = false;
  YAML::Mark second_ = YAML::Mark::null_mark();
};

}  // namespace

common::Result<YAML::Node> parseYamlDocument(std::string_view text, const std::string& display) {
  try {
    const std::string owned(text);
    YAML::Node root = YAML::Load(owned);
    if (!root.IsDefined() || root.IsNull()) return common::fail(display + ": empty rules file");

    // A second document with content would be silently ignored by Load. The pass is bounded: on the
    // input that makes LoadAll spin, the parser keeps reporting empty documents without advancing.
    std::istringstream input(owned);
    YAML::Parser parser(input);
    SecondDocumentFinder finder;
    // Counted here, not from events: a stuck parser is not guaranteed to report document starts.
    for (int pass = 0; pass < 3 && !finder.found() && parser.HandleNextDocument(finder); ++pass) {
    }
    if (finder.found()) {
      return errorAt(locationOfMark(finder.mark(), display),
                     "a rules file holds one YAML document; found a second one (remove the '---' separator)");
    }
    return root;
  } catch (const YAML::ParserException& e) {
    return errorAt(locationOfMark(e.mark, display), "YAML syntax: " + oneLine(e.msg));
  } catch (const YAML::Exception& e) {
    return errorAt(locationOfMark(e.mark, display), "YAML: " + oneLine(e.msg));
  }
}

}  // namespace vigil::rules
