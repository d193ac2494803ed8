// The rules of a report's life, free of storage and HTTP so they can be tested alone:
// which state may follow which, when a report is due, whether it is open or overdue.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "core/time.h"

namespace cds::feedback {

inline constexpr std::string_view kStatuses[] = {"received", "assigned",  "in_progress", "resolved",
                                                 "rejected", "duplicate", "reopened"};
bool valid_status(std::string_view status);
// Open means someone still has to act: Open311 reports these as "open", the rest "closed".
bool is_open(std::string_view status);
// Whether an officer may move a report from one state to another. Reopening is the
// reporter's and is checked by may_reopen.
bool officer_may_move(std::string_view from, std::string_view to);
// The reporter may reopen a resolved report within 7 days of its resolution.
bool may_reopen(std::string_view status, const timeutil::Date& resolved_on,
                const timeutil::Date& today);

// The date a report is due: the day it was received (in Vietnam) plus the category's working
// days, skipping weekends and public holidays.
timeutil::Date deadline(const timeutil::Date& received_on, int working_days,
                        const std::set<timeutil::Date>& holidays);
bool is_overdue(std::string_view status, const timeutil::Date& deadline_on,
                const timeutil::Date& today);

}  // namespace cds::feedback
