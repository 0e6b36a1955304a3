#pragma once
// Reads a recorded scheduler output from tests/unit/exec/fixtures/ (see its README.md).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace flow::exec::testing {

inline std::string fixture(const std::string& name) {
  auto path = std::filesystem::path(__FILE__).parent_path() / "fixtures" / name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "missing fixture " << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace flow::exec::testing
