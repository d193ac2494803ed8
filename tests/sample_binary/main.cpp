// congdanso with one more module, the sample one (tests/sample): its list of modules is the
// platform's and one line.
#include "cli/modules.h"

namespace cds::sample {
std::unique_ptr<app::Module> module();
}

int main(int argc, char** argv) {
  auto modules = cds::cli::modules();
  modules.push_back(cds::sample::module());
  return cds::cli::run(argc, argv, std::move(modules));
}
