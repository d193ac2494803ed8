// The rules of a report's life, free of storage and HTTP so they can be tested alone:
// which state may follow which, when a report is due, whether it is open or overdue.
#pragma once

#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace cds::feedback {

// A report's states, in one table: the name stored and shown in the API, and whether the
// state is open (someone still has to act: Open311 says "open", the rest "closed").
enum class State { received, assigned, in_progress, resolved, rejected, duplicate, reopened };
struct StateInfo {
  State state;
  std::string_view name;
  bool open;
};
inline constexpr StateInfo kStates[] = {
    {State::received, "received", true},       {State::assigned, "assigned", true},
    {State::in_progress, "in_progress", true}, {State::resolved, "resolved", false},
    {State::rejected, "rejected", false},      {State::duplicate, "duplicate", false},
    {State::reopened, "reopened", true}};
inline constexpr std::string_view kStatuses[] = {kStates[0].name, kStates[1].name, kStates[2].name,
                                                 kStates[3].name, kStates[4].name, kStates[5].name,
                                                 kStates[6].name};
static_assert(std::size(kStates) == std::size(kStatuses));

// The name a state is stored and shown under.
std::string_view name(State state);
// The state of a stored status; std::logic_error for one the table does not have.
State state_of(std::string_view status);
bool valid_status(std::string_view status);
bool is_open(std::string_view status);
// The names of the open states, from kStates.
std::vector<std::string> open_statuses();
// The same as a SQL list for IN (…): "'received', 'assigned', …" (names are plain words).
std::string open_statuses_sql();
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
