#pragma once
// Builds rules from inline YAML in tests (like Ninja's AssertParse). Header-only, so only
// the test binaries that use it link the flowfile and rules modules.

#include <gtest/gtest.h>

#include <string>

#include "flow/base/source_texts.h"
#include "flow/flowfile/load.h"
#include "flow/rules/rule_set.h"
#include "support/fake_filesystem.h"

namespace flow::test {

/// A built-in signature table for tests: `copy` (one input, one output) with an optional
/// integer `seed` and a `mode` of fast|slow.
inline std::vector<BuiltinSignature> test_builtins() {
  BuiltinSignature copy;
  copy.name = "copy";
  copy.summary = "copies a file";
  copy.args = {BuiltinArg{"seed", ArgType::integer, false, "1", {}, "a seed"},
               BuiltinArg{"mode", ArgType::string, false, "", {"fast", "slow"}, "how"}};
  copy.min_inputs = copy.max_inputs = 1;
  copy.min_outputs = copy.max_outputs = 1;
  BuiltinSignature fetch;
  fetch.name = "fetch";
  fetch.args = {BuiltinArg{"url", ArgType::string, true, "", {}, "what to download"}};
  fetch.max_inputs = 0;
  fetch.min_outputs = fetch.max_outputs = 1;
  return {copy, fetch};
}

/// Loads `text` as flow.yaml and builds its rules; the Result carries the error otherwise.
/// Files it reads (tables, includes) come from `files` when given.
inline Result<rules::RuleSet> try_rules(const std::string& text, SourceTexts* texts_out = nullptr,
                                        const FakeFilesystem* files = nullptr) {
  FakeFilesystem empty;
  const FakeFilesystem& fs = files ? *files : empty;
  SourceTexts texts;
  auto file = flowfile::parse_flowfile(text, "flow.yaml", fs, {}, texts);
  if (texts_out) *texts_out = texts;
  if (!file) return file.error();
  return rules::build_rules(*file, test_builtins());
}

/// The rules of `text`, which must be valid.
inline rules::RuleSet rules_of(const std::string& text, const FakeFilesystem* files = nullptr) {
  SourceTexts texts;
  auto rules = try_rules(text, &texts, files);
  if (!rules) {
    ADD_FAILURE() << format_error(rules.error(), &texts);
    auto fallback = try_rules("rules:\n  nothing: {}\n");
    return std::move(fallback).value();
  }
  return std::move(rules).value();
}

/// The formatted error of `text`, which must be invalid.
inline std::string rules_error(const std::string& text, const FakeFilesystem* files = nullptr) {
  SourceTexts texts;
  auto rules = try_rules(text, &texts, files);
  if (rules) {
    ADD_FAILURE() << "expected an error for:\n" << text;
    return "";
  }
  return format_error(rules.error(), &texts);
}

}  // namespace flow::test
