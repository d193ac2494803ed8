// congdanso apikey create: a key for a machine client, printed once, alone on the last line.
#include <iostream>
#include <memory>

#include "cli/operator.h"

namespace cds::cli {

Command apikey_command(CLI::App& app, Options& o) {
  auto* apikey_cmd = app.add_subcommand("apikey", "API keys for machine clients");
  apikey_cmd->require_subcommand(1);
  auto* cmd =
      apikey_cmd->add_subcommand("create", "Create a key; it is printed once, on the last line");
  add_db(cmd, o);
  add_dirs(cmd, o);
  auto name = std::make_shared<std::string>(), scopes = std::make_shared<std::string>();
  cmd->add_option("--name", *name, "What the key is for")->required();
  cmd->add_option("--scopes", *scopes, "Space-separated: open311, vneid:import (default: open311)");
  return {cmd, [&o, name, scopes] {
            auto db = db::Database::open(o.db, 2);
            OperatorServices ops(*db, o);
            auto key = ops.accounts.admin.operator_create_api_key(*name, *scopes);
            std::cout << "API key " << key.id << " created; it is shown only now:\n"
                      << key.key << "\n";
            return 0;
          }};
}

}  // namespace cds::cli
