// congdanso's command line for a list of modules: the one binary's main (src/main.cpp) gives
// cli::modules(); a test's binary may give more. Its subcommands live in src/cli/ (serve,
// migrate, units import, user add, apikey create, db exec, reports escalate, backup,
// restore); every option also comes from an environment variable (CDS_…) or a config file
// (--config, INI/TOML).
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <vector>

#include "app/platform.h"
#include "cli/options.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/log.h"
#include "db/connection.h"
#include "media/images.h"

namespace cds::cli {

int run(int argc, char** argv, cds::app::Modules list) {
  std::signal(SIGPIPE, SIG_IGN);
  Options o;
  CLI::App app{"Công Dân Số: the digital-citizen platform of a province"};
  app.set_config("--config", "", "Read options from this INI/TOML file")->envname("CDS_CONFIG");
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();
  app.add_option("--log-format", o.log_format, "text or json")
      ->envname("CDS_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", o.log_level, "debug, info, warn, error")
      ->envname("CDS_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  // The modules, their roles known before any command reads or grants one.
  auto modules = std::make_shared<cds::app::Modules>(std::move(list));
  cds::app::declare_permissions(*modules);
  o.modules = modules.get();
  std::vector<Command> commands = {
      serve_command(app, o, modules), migrate_command(app, o), units_command(app, o),
      user_command(app, o),           db_command(app, o),      reports_command(app, o),
      apikey_command(app, o),         backup_command(app, o),  restore_command(app, o)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "congdanso: " << e.what() << " (see congdanso --help)\n";
    return 2;
  }

  log::init(o.log_format == "json" ? log::Format::json : log::Format::text,
            spdlog::level::from_str(o.log_level));
  try {
    crypto::init();
    media::init(argv[0]);
    for (const auto& command : commands) {
      // A command with subcommands (units import…) is parsed when its leaf is.
      bool parsed = command.app->parsed();
      if (parsed) return command.run();
    }
  } catch (const cds::Error& e) {
    std::cerr << "congdanso: " << e.what() << "\n";
    return 2;
  } catch (const db::DbError& e) {
    std::cerr << "congdanso: database: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "congdanso: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace cds::cli
