// SQL for alerts, private to the module. Times go in as CAP writes them (+07:00) and are
// stored as UTC text; they come back as +07:00.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "alerts/model.h"
#include "db/connection.h"

namespace cds::alerts::store {

int64_t insert(db::Connection& c, const Record& r);
// `sender` is the deployment's CAP sender, which every message carries.
std::optional<Record> find(db::Connection& c, int64_t id, const std::string& sender);
// Moves an alert on; `sent` (CAP +07:00) is set when it goes out.
void set_state(db::Connection& c, int64_t id, const std::string& state, int64_t approved_by,
               const std::string& sent);
// Messages that went out, newest first.
std::vector<Record> went_out(db::Connection& c, size_t limit, const std::string& sender);
// Alerts in force now (sent, not cancelled, not expired) for these units.
std::vector<Record> in_force(db::Connection& c, const std::vector<std::string>& unit_codes,
                             const std::string& now_utc, const std::string& sender);
// Drafts and alerts waiting for approval, newest first.
std::vector<Record> pending(db::Connection& c, const std::string& sender);
// Every alert in force now, newest first.
std::vector<Record> all_in_force(db::Connection& c, const std::string& now_utc,
                                 const std::string& sender);
// Marks expired every sent alert whose time is up; how many.
size_t expire_due(db::Connection& c, const std::string& now_utc);

}  // namespace cds::alerts::store
