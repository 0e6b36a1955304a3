#pragma once
// Reads a recorded scheduler output from tests/unit/exec/fixtures/ (see its README.md).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace flow::exec::testing {

// The directory comes from CMake: __FILE__ is relative to the build directory when ccache
// rewrites paths (base_dir), and the tests run elsewhere.
inline std::string fixture(const std::string& name) {
  auto path = std::filesystem::path(FLOW_EXEC_FIXTURE_DIR) / name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "missing fixture " << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace flow::exec::testing
