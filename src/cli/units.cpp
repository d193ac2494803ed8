// congdanso units import: (re-)import the administrative units and list the rows rejected.
// congdanso units boundaries --import FILE.geojson: replace the commune boundaries.
// congdanso units villages --import FILE.csv: add the villages of a list (all lines or none);
// --boundaries FILE.geojson: their boundaries (all features or none).
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/operator.h"
#include "db/migrate.h"

namespace cds::cli {
namespace {

CLI::App* add_boundaries_command(CLI::App* units_cmd, Options& o,
                                 const std::shared_ptr<std::string>& file) {
  auto* cmd = units_cmd->add_subcommand(
      "boundaries", "Replace the commune boundaries from a GeoJSON FeatureCollection");
  add_db(cmd, o);
  add_dirs(cmd, o);
  cmd->add_option("--import", *file,
                  "GeoJSON file: Polygon/MultiPolygon features with the 2025 commune code in "
                  "\"id\" or properties code / ma_xa / ma")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--province", o.province,
                  "The 2025 code of the province whose communes the file holds (others are "
                  "refused)")
      ->envname("CDS_PROVINCE");
  return cmd;
}

int import_boundaries(Options& o, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto db = db::Database::open(o.db, 2);
  db::migrate(*db, migrations(o));
  units::UnitService service(*db);
  service.reload();
  auto report = service.import_boundaries(text.str(), o.province);
  for (const auto& r : report.rejected) std::cout << "rejected: " << r << "\n";
  std::cout << report.imported << " commune boundaries imported; " << report.rejected.size()
            << " features rejected\n";
  return 0;
}

CLI::App* add_villages_command(CLI::App* units_cmd, Options& o,
                               const std::shared_ptr<std::string>& file) {
  auto* cmd = units_cmd->add_subcommand(
      "villages", "Add villages (thôn, bản, tổ dân phố) from a CSV list: all of it or nothing");
  add_db(cmd, o);
  add_dirs(cmd, o);
  auto* import = cmd->add_option("--import", *file,
                                 "CSV with the columns commune_code,name,kind (kind: thôn, bản "
                                 "or tổ dân phố)")
                     ->check(CLI::ExistingFile);
  auto* shapes = cmd->add_option("--boundaries", *file,
                                 "GeoJSON FeatureCollection of village boundaries (properties "
                                 "commune_code and name, or the village's code in id)")
                     ->check(CLI::ExistingFile);
  import->excludes(shapes);
  shapes->excludes(import);
  cmd->add_option("--province", o.province,
                  "The 2025 code of the province whose communes the list names (others are "
                  "refused)")
      ->envname("CDS_PROVINCE");
  return cmd;
}

// The villages of a list, or their boundaries (shapes). Exit 2 when any line or feature is
// wrong: then nothing was imported.
int import_villages(Options& o, const std::string& file, bool shapes) {
  if (file.empty()) {
    std::cerr << "congdanso: units villages needs --import FILE.csv or --boundaries FILE.geojson\n";
    return 2;
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto db = db::Database::open(o.db, 2);
  db::migrate(*db, migrations(o));
  units::UnitService service(*db);
  service.reload();
  auto report = shapes ? service.import_village_boundaries(text.str(), o.province)
                       : service.import_villages(text.str(), o.province);
  for (const auto& r : report.rejected) std::cout << "rejected: " << r << "\n";
  if (!report.rejected.empty()) {
    std::cout << report.rejected.size()
              << " lines rejected; nothing imported (correct them and import the list again)\n";
    return 2;
  }
  if (shapes)
    std::cout << report.updated << " village boundaries imported\n";
  else
    std::cout << report.added << " villages added, " << report.updated << " already there\n";
  return 0;
}

}  // namespace

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
  auto boundaries_file = std::make_shared<std::string>();
  auto* boundaries_cmd = add_boundaries_command(units_cmd, o, boundaries_file);
  auto villages_file = std::make_shared<std::string>();
  auto* villages_cmd = add_villages_command(units_cmd, o, villages_file);
  // "units" is parsed when any leaf is; the leaf decides what runs.
  return {units_cmd, [&o, units_dir, boundaries_cmd, boundaries_file, villages_cmd, villages_file] {
            if (boundaries_cmd->parsed()) return import_boundaries(o, *boundaries_file);
            if (villages_cmd->parsed())
              return import_villages(o, *villages_file,
                                     villages_cmd->get_option("--boundaries")->count() > 0);
            auto db = db::Database::open(o.db, 2);
            db::migrate(*db, migrations(o));
            units::UnitService service(*db);
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
