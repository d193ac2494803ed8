// The officers' commands on a report, one function each, found by name. What they share
// (loading the report, authorising, the transaction, the timeline entry, notifications and
// the audit entry) is done once by Handling::act in handling.cpp. Private to the module.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/authz.h"
#include "db/connection.h"
#include "feedback/handling.h"
#include "feedback/model.h"
#include "feedback/settings.h"
#include "feedback/workflow.h"

namespace cds::units {
class UnitService;
}

namespace cds::feedback {

// Everything a command may read or change, inside the action's transaction.
struct CommandStep {
  db::Connection& c;
  Report& report;
  Event& event;  // the timeline entry; kind "status" and the target state unless changed
  const OfficerAction& action;
  const std::string& text;  // the action's text, trimmed and NFC
  const std::vector<Photo>& photos;
  const accounts::Actor& actor;
  // For place: where a report may go, and its deadline once it has a commune.
  const Settings& settings;
  const units::UnitService& units;
  const accounts::UnitParent& unit_parent;
  const std::string& province_code;
};

struct OfficerCommand {
  std::string_view name;    // as the API and the forms send it
  std::optional<State> to;  // the state it leads to; none: the state stays
  bool is_public = true;    // false: an internal note, no notification and no text message
  void (*apply)(CommandStep& step);
  std::string_view notice = "";  // the followers' notice; empty: notify.report.<new state>
  bool texts_reporter = true;    // a public change is also texted to a consenting reporter
  bool takes_photos = false;     // photos of the work done go with it
};

// The command of that name, or nullptr.
const OfficerCommand* officer_command(std::string_view name);

}  // namespace cds::feedback
