#include "cli/main.h"

#include <cstdio>

namespace flow::cli {

int main(int argc, char** argv) {
  (void)argc;
  (void)argv;
  std::puts("flow " FLOW_VERSION);
  return 0;
}

}  // namespace flow::cli
