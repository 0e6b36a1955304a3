#pragma once
// Shared fixture of the flowfile tests: load inline YAML through parse_flowfile with a fake
// filesystem (for includes and --configfile) and render errors as flow prints them.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flow/base/source_texts.h"
#include "flow/flowfile/load.h"
#include "support/fake_filesystem.h"

namespace flow::flowfile {

class FlowfileTest : public ::testing::Test {
 protected:
  Result<Flowfile> load(const std::string& text, const ConfigOverrides& overrides = {}) {
    return parse_flowfile(text, "flow.yaml", m_fs, overrides, m_texts);
  }

  /// Loads `text`, which must load; the error is printed when it does not.
  Flowfile load_ok(const std::string& text, const ConfigOverrides& overrides = {}) {
    auto result = load(text, overrides);
    if (!result.ok()) {
      ADD_FAILURE() << format_error(result.error(), &m_texts);
      return Flowfile{};
    }
    return std::move(result).value();
  }

  /// Loads `text`, which must fail; returns the error as flow prints it.
  std::string load_error(const std::string& text, const ConfigOverrides& overrides = {}) {
    auto result = load(text, overrides);
    if (result.ok()) {
      ADD_FAILURE() << "expected an error";
      return "";
    }
    m_last_error = result.error();
    return format_error(result.error(), &m_texts);
  }

  static const RuleDef& rule(const Flowfile& flowfile, const std::string& name) {
    for (const auto& rule : flowfile.rules) {
      if (rule.name == name) return rule;
    }
    static const RuleDef none;
    ADD_FAILURE() << "no rule " << name;
    return none;
  }

  static std::vector<std::string> patterns(const std::vector<FileItem>& items) {
    std::vector<std::string> result;
    for (const auto& item : items)
      result.push_back(item.pattern);
    return result;
  }

  test::FakeFilesystem m_fs;
  SourceTexts m_texts;
  Error m_last_error;
};

}  // namespace flow::flowfile
