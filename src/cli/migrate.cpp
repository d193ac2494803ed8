// congdanso migrate: apply the database migrations and exit.
#include "db/migrate.h"

#include <iostream>

#include "cli/options.h"

namespace cds::cli {

Command migrate_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand("migrate", "Apply database migrations and exit");
  add_db(cmd, o);
  return {cmd, [&o] {
            auto db = db::Database::open(o.db, 2);
            std::cout << db::migrate(*db, migrations(o)).size() << " migration(s) applied\n";
            return 0;
          }};
}

}  // namespace cds::cli
