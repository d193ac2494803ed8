// An alert's life, in one table: its states (the name stored and shown in the API), which of
// them went out to residents and which wait on an officer's desk, the SQL lists made from the
// table, and the one rule of an alert "in force". Nothing else in the module compares a state
// by its name.
#pragma once

#include <iterator>
#include <string>
#include <string_view>

namespace cds::alerts {

enum class State { draft, awaiting_approval, sent, cancelled, expired, updated, discarded };

struct StateInfo {
  State state;
  std::string_view name;
  bool went_out;  // residents received it (CAP, feeds, its public page)
  bool on_desk;   // an officer still has to act on it (drafts, waiting for approval)
};
inline constexpr StateInfo kStates[] = {
    {State::draft, "draft", false, true},
    {State::awaiting_approval, "awaiting_approval", false, true},
    {State::sent, "sent", true, false},
    {State::cancelled, "cancelled", true, false},
    {State::expired, "expired", true, false},
    {State::updated, "updated", true, false},
    {State::discarded, "discarded", false, false},
};

const StateInfo& info(State state);
inline std::string_view state_name(State state) { return info(state).name; }
// The state stored under this name; std::logic_error for a name the table does not have.
State parse_state(std::string_view name);
// "'sent'": a state as a SQL literal (names are plain words).
std::string sql(State state);
// "'draft', 'awaiting_approval'": the states on an officer's desk, for IN (…).
std::string on_desk_sql();

// In force: an alert (or update) that went out, is not a cancel message, has not been
// replaced, cancelled or expired, and whose expiry is still ahead. As SQL on the alerts
// table (aliased `alias`, or none), with the current UTC time (timeutil::iso_utc) as $now.
std::string in_force_sql(std::string_view alias, int now_param);

}  // namespace cds::alerts
