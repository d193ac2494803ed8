// Every migration of the platform's modules, as serve applies them (for unit tests that make
// their own database).
#pragma once

#include <vector>

#include "app/platform.h"
#include "cli/modules.h"
#include "db/migrate.h"

namespace cds::test {

inline std::vector<db::EmbeddedMigration> all_migrations() {
  auto modules = cli::modules();
  return app::migrations(modules);
}

}  // namespace cds::test
