// congdanso user add: create an account with a role, or give an existing account a role.
#include <iostream>
#include <memory>

#include "accounts/model.h"
#include "cli/operator.h"

namespace cds::cli {

Command user_command(CLI::App& app, Options& o) {
  auto* user_cmd = app.add_subcommand("user", "Accounts");
  user_cmd->require_subcommand(1);
  auto* cmd =
      user_cmd->add_subcommand("add", "Create an account with a role, or give an account a role");
  add_db(cmd, o);
  add_dirs(cmd, o);
  struct Args {
    std::string role, phone, name, unit;
  };
  auto a = std::make_shared<Args>();
  std::string roles;  // every role known: accounts' own and the modules' (declared by main)
  for (const auto& info : accounts::known_roles()) {
    if (!roles.empty()) roles += ", ";
    roles += info.role.code;
  }
  cmd->add_option("--role", a->role, roles)->required()->check([](const std::string& v) {
    return accounts::parse_role(v) ? std::string() : "unknown role " + v;
  });
  cmd->add_option("--phone", a->phone, "Mobile number")->required();
  cmd->add_option("--name", a->name, "Full name");
  cmd->add_option("--unit", a->unit, "2025 unit code (home unit, and scope for officers)");
  return {cmd, [&o, a] {
            auto db = db::Database::open(o.db, 2);
            OperatorServices ops(*db, o);
            std::string password = ops.accounts.admin.operator_add_user(
                a->phone, *accounts::parse_role(a->role), a->name, a->unit);
            if (password.empty())
              std::cout << "role " << a->role << " added to the existing account\n";
            else
              std::cout << "account created with role " << a->role
                        << "; its password, shown only now:\n"
                        << password << "\n";
            return 0;
          }};
}

}  // namespace cds::cli
