// The officers' commands on an alert, one row each in a table found by name: the states it
// may start from (workflow.h), its refusal, and what it writes. What they share (loading the
// alert, the area check through accounts::decide, the state check, the transaction, the audit
// rows, the live event and queuing the texts) is done once by AlertService::act. Private to
// the module.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/authz.h"
#include "alerts/model.h"
#include "db/connection.h"

namespace cds::alerts {

// What an officer gives with a command: a reason (sending back), the version read (approving).
struct CommandInput {
  std::string reason;
  int64_t version = 0;
};

// Everything a command may read or change, inside the transaction, and what it asks the
// runner to do after it.
struct CommandStep {
  db::Connection& c;
  Record& alert;  // as loaded; the command changes it as it changes the stored one
  const accounts::Actor& actor;
  const CommandInput& input;
  const std::string& province_code;
  std::vector<std::string_view> audits;  // audit actions, in order, naming `alert`
  std::optional<Record> result;          // another record the command made (a Cancel message)
  bool goes_out = false;                 // announce the result live
  bool texts = false;                    // queue texts of the result to consenting residents
};

struct AlertCommand {
  std::string_view name;
  std::vector<State> from;   // the states it starts from; empty: the alert must be in force
  std::string_view refusal;  // the 409 message from any other state
  void (*apply)(CommandStep& step);
};

// The command of that name; std::logic_error for a name the table does not have.
const AlertCommand& alert_command(std::string_view name);

// The two-person rule: whoever wrote the content as it stands or submitted it cannot also let
// it out (and a machine client cannot approve).
void require_second_officer(const accounts::Actor& actor, const Record& r);
// The live event of an alert that went out (or a Cancel taking one away).
void announce(db::Connection& c, const Record& r, const std::string& province_code);

}  // namespace cds::alerts
