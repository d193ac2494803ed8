// Who may do what with field reports: the module's actions and their rules, asked through
// accounts::decide / accounts::require like every other action.
#pragma once

#include "accounts/authz.h"

namespace cds::feedback {

namespace actions {
extern const accounts::Action file_report;        // a citizen signed in, or the open311 scope
extern const accounts::Action work_reports;       // the officers' inbox and figures (scoped)
extern const accounts::Action handle_report;      // assign, answer, reject, notes (target: unit,
                                                  // agency)
extern const accounts::Action act_as_reporter;    // the author: reopen, rate
extern const accounts::Action follow_report;      // "me too" and following
extern const accounts::Action manage_categories;  // categories, questions, routing rules
}  // namespace actions

accounts::Permissions permissions();

}  // namespace cds::feedback
