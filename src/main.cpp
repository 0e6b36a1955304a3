#include "cli/main.h"

int main(int argc, char** argv) {
  return flow::cli::main(argc, argv);
}
