// congdanso units import: (re-)import the administrative units and list the rows rejected.
#include <iostream>

#include "cli/operator.h"
#include "db/migrate.h"

namespace cds::cli {

Command units_command(CLI::App& app, Options& o) {
  auto* units_cmd = app.add_subcommand("units", "Administrative units");
  units_cmd->require_subcommand(1);
  auto* cmd = units_cmd->add_subcommand("import", "Import data/units/*.csv into the database");
  add_db(cmd, o);
  add_dirs(cmd, o);
  auto units_dir = std::make_shared<std::string>();  // default: the data folder's units/
  cmd->add_option("--dir", *units_dir,
                  "Folder with units-2019.csv, units-2025.csv, changes-2019-2025.csv "
                  "(default: DATA_DIR/units)")
      ->envname("CDS_UNITS_DIR")
      ->check(CLI::ExistingDirectory);
  return {cmd, [&o, units_dir] {
            auto db = db::Database::open(o.db, 2);
            db::migrate(*db);
            units::UnitStore store(*db);
            units::UnitService service(store);
            auto report =
                service.import_files(units_dir->empty() ? o.data_dir + "/units" : *units_dir);
            print_import_report(report);
            std::cout << report.units_2019 << " units of 2019, " << report.units_2025
                      << " of 2025, " << report.changes << " links imported; "
                      << report.rejected.size() << " rows rejected\n";
            return 0;
          }};
}

}  // namespace cds::cli
