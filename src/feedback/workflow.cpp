#include "feedback/workflow.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace cds::feedback {

std::string_view name(State state) {
  for (const auto& s : kStates)
    if (s.state == state) return s.name;
  throw std::logic_error("report state without a row in kStates");
}

State state_of(std::string_view status) {
  for (const auto& s : kStates)
    if (s.name == status) return s.state;
  throw std::logic_error("unknown report status " + std::string(status));
}

bool valid_status(std::string_view status) {
  return std::find(std::begin(kStatuses), std::end(kStatuses), status) != std::end(kStatuses);
}

bool is_open(std::string_view status) {
  for (const auto& s : kStates)
    if (s.name == status) return s.open;
  return false;
}

std::vector<std::string> open_statuses() {
  std::vector<std::string> out;
  for (const auto& s : kStates)
    if (s.open) out.emplace_back(s.name);
  return out;
}

std::string open_statuses_sql() {
  std::string out;
  for (const auto& name : open_statuses()) out += (out.empty() ? "'" : ", '") + name + "'";
  return out;
}

bool officer_may_move(std::string_view from, std::string_view to) {
  if (!is_open(from)) return false;  // resolved, rejected and duplicate are final for officers
  if (!valid_status(to)) return false;
  State target = state_of(to);
  // "assigned" again is a reassignment.
  if (from == to && target != State::assigned) return false;
  return target == State::assigned || target == State::in_progress || target == State::resolved ||
         target == State::rejected || target == State::duplicate;
}

bool may_reopen(std::string_view status, const timeutil::Date& resolved_on,
                const timeutil::Date& today) {
  if (!valid_status(status) || state_of(status) != State::resolved) return false;
  long days = timeutil::days_from_date(today) - timeutil::days_from_date(resolved_on);
  return days >= 0 && days <= 7;
}

timeutil::Date deadline(const timeutil::Date& received_on, int working_days,
                        const std::set<timeutil::Date>& holidays) {
  return timeutil::add_working_days(received_on, std::max(working_days, 0), holidays);
}

bool is_overdue(std::string_view status, const timeutil::Date& deadline_on,
                const timeutil::Date& today) {
  return is_open(status) && today > deadline_on;
}

}  // namespace cds::feedback
