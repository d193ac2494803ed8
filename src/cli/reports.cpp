// congdanso reports escalate: send overdue reports to the unit administrators now.
#include <iostream>

#include "cli/operator.h"

namespace cds::cli {

Command reports_command(CLI::App& app, Options& o) {
  auto* reports_cmd = app.add_subcommand("reports", "Field reports");
  reports_cmd->require_subcommand(1);
  auto* cmd = reports_cmd->add_subcommand(
      "escalate",
      "Send overdue reports to the unit administrators now (serve does it every 5 minutes)");
  add_db(cmd, o);
  add_dirs(cmd, o);
  return {cmd, [&o] {
            auto db = db::Database::open(o.db, 2);
            OperatorServices ops(*db, o);
            std::cout << ops.feedback.handling.escalate_overdue()
                      << " overdue report(s) escalated\n";
            return 0;
          }};
}

}  // namespace cds::cli
