// The list of the platform's modules (cli/modules.cpp), built once per process.
#pragma once

#include "app/module.h"

namespace cds::cli {

app::Modules modules();

}  // namespace cds::cli
