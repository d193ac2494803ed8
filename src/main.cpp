// congdanso: the one binary, with the platform's modules (cli/modules.cpp).
#include "cli/modules.h"

int main(int argc, char** argv) { return cds::cli::run(argc, argv, cds::cli::modules()); }
