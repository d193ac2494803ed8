#include "cli/operator.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "app/platform.h"
#include "db/migrate.h"
#include "web/templates.h"

namespace cds::cli {

OperatorServices::OperatorServices(db::Database& db, const Options& o)
    : migrated((db::migrate(db, migrations(o)), true)),
      units(db),
      catalogues(i18n::Catalogues::load(web::module_folders(o.modules_dir, "i18n"))),
      accounts(db, no_sms, units, catalogues),
      feedback(db, units, accounts.unit_parent(), o.uploads_dir, o.province) {
  units.reload();
  if (units.empty()) units.import_files(std::filesystem::path(o.data_dir) / "units");
  feedback.settings.seed_defaults(std::filesystem::path(o.data_dir) / "feedback");
}

std::vector<db::EmbeddedMigration> migrations(const Options& o) {
  return o.modules ? app::migrations(*o.modules) : std::vector<db::EmbeddedMigration>{};
}

void print_import_report(const units::ImportReport& r) {
  spdlog::info(
      "units imported: {} of 2019, {} of 2025, {} old→new links; {} names normalised to NFC, "
      "{} codes zero-padded, {} rows rejected",
      r.units_2019, r.units_2025, r.changes, r.names_normalised, r.codes_padded, r.rejected.size());
  for (const auto& line : r.rejected) spdlog::warn("rejected {}", line);
}

void add_db(CLI::App* sub, Options& o) {
  sub->add_option("--db", o.db, "sqlite:PATH or postgresql://…")->envname("CDS_DB");
}

void add_dirs(CLI::App* sub, Options& o) {
  sub->add_option("--data-dir", o.data_dir, "Reference data (units, categories)")
      ->envname("CDS_DATA_DIR")
      ->check(CLI::ExistingDirectory);
  sub->add_option("--web-dir", o.web_dir, "Static files (static/)")
      ->envname("CDS_WEB_DIR")
      ->check(CLI::ExistingDirectory);
  sub->add_option("--modules-dir", o.modules_dir,
                  "The modules' folders, each with its templates/ and i18n/")
      ->envname("CDS_MODULES_DIR")
      ->check(CLI::ExistingDirectory);
}

}  // namespace cds::cli
