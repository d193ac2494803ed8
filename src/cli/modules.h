// The list of the platform's modules (cli/modules.cpp), built once per process.
#pragma once

#include "app/module.h"

namespace cds::cli {

app::Modules modules();
// The command line (cli/run.cpp) for these modules; the exit status.
int run(int argc, char** argv, app::Modules modules);

}  // namespace cds::cli
