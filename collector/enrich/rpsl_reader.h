// RpslReader: streams RPSL objects (RIPE database dumps) from text, one object at a time in constant memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace vigil::enrich {

/// One "name: value" line of an object. `name` is lower-cased; `value` is trimmed, with continuation
/// lines appended after one space.
struct RpslAttribute {
  std::string name;
  std::string value;
};

/// Reads RPSL (RFC 2622 as the RIPE database writes it): "attribute:  value" lines; continuation lines
/// starting with a space, a tab or '+'; objects separated by blank lines; lines starting with '%' or
/// '#' are comments. The first attribute names the object's class.
///
/// Made for multi-gigabyte split dumps: the input is read in 64 KiB blocks, and the attribute storage
/// is reused from object to object, so memory is bounded by the largest object, not the file. A line
/// longer than 64 KiB is malformed. Single-threaded; owns nothing but its buffers; `in` must outlive it.
///
/// Malformed lines (no "name:", a continuation before any attribute, an over-long line) are counted and
/// the object holding them is skipped, because half an object could attach a network to the wrong
/// contact. Only what makes the whole input unusable is an error, "NAME:LINE: reason": input that does
/// not start as RPSL (its first non-comment line is malformed: a binary, HTML or compressed file), and
/// read errors.
class RpslReader {
 public:
  RpslReader(std::istream& in, std::string name);

  /// Advances to the next well-formed object: true when there is one (see attributes()), false at the
  /// end of input.
  common::Result<bool> next();

  /// The current object's attributes in file order (valid until the next call to next()).
  std::span<const RpslAttribute> attributes() const noexcept { return {attributes_.data(), count_}; }
  /// Line of the current object's first attribute (1-based).
  uint64_t objectLine() const noexcept { return object_line_; }
  /// Malformed lines so far (each also cost its object).
  uint64_t malformedLines() const noexcept { return malformed_lines_; }
  /// Objects skipped because they held a malformed line.
  uint64_t skippedObjects() const noexcept { return skipped_objects_; }

 private:
  static constexpr std::size_t kBlockBytes = 64 * 1024;
  static constexpr std::size_t kMaxLineBytes = 64 * 1024;

  /// The next line without its terminator (and CR) into line_; false at the end of input.
  common::Result<bool> readLine();
  /// Starts a new object's attribute from an "name: value" line; false if the line is not one.
  bool addAttribute(std::string_view line);
  common::Error errorHere(std::string_view message) const;

  std::istream& in_;
  std::string name_;
  std::vector<char> block_;
  std::size_t block_pos_ = 0;
  std::size_t block_end_ = 0;
  bool eof_ = false;

  std::string line_;
  bool line_too_long_ = false;
  uint64_t line_number_ = 0;

  std::vector<RpslAttribute> attributes_;  // [0, count_) is the current object; the rest keeps capacity
  std::size_t count_ = 0;
  uint64_t object_line_ = 0;
  bool seen_content_ = false;  // a well-formed attribute line was read
  uint64_t malformed_lines_ = 0;
  uint64_t skipped_objects_ = 0;
};

}  // namespace vigil::enrich
