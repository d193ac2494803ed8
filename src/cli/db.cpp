// congdanso db exec: run a SQL file after migrating (the benchmark generator uses it).
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/operator.h"

namespace cds::cli {

Command db_command(CLI::App& app, Options& o) {
  auto* db_cmd = app.add_subcommand("db", "Database maintenance");
  db_cmd->require_subcommand(1);
  auto* cmd = db_cmd->add_subcommand(
      "exec", "Run a SQL file (after migrating); :NAME is replaced by --set NAME=VALUE");
  add_db(cmd, o);
  auto file = std::make_shared<std::string>();
  auto settings = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--file", *file, "The SQL file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--set", *settings, "NAME=VALUE (digits only, for counts)");
  return {cmd, [&o, file, settings] {
            auto db = db::Database::open(o.db, 2);
            OperatorServices ops(*db, o);
            std::ifstream in(*file);
            std::stringstream text;
            text << in.rdbuf();
            std::string sql = text.str();
            for (const auto& setting : *settings) {
              auto eq = setting.find('=');
              std::string name = setting.substr(0, eq),
                          value = eq == std::string::npos ? "" : setting.substr(eq + 1);
              if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos) {
                std::cerr << "congdanso: --set takes NAME=DIGITS, got '" << setting << "'\n";
                return 2;
              }
              for (size_t at = sql.find(":" + name); at != std::string::npos;
                   at = sql.find(":" + name, at))
                sql.replace(at, name.size() + 1, value);
            }
            auto started = std::chrono::steady_clock::now();
            db->write([&](db::Connection& c) { c.execute_script(sql); });
            std::cout
                << *file << " done in "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()
                << " s\n";
            return 0;
          }};
}

}  // namespace cds::cli
