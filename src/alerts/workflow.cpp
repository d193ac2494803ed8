#include "alerts/workflow.h"

#include <stdexcept>

#include "alerts/model.h"
#include "core/time.h"

namespace cds::alerts {

const StateInfo& info(State state) {
  for (const auto& s : kStates)
    if (s.state == state) return s;
  throw std::logic_error("alert state without a row in kStates");
}

State parse_state(std::string_view name) {
  for (const auto& s : kStates)
    if (s.name == name) return s.state;
  throw std::logic_error("unknown alert state " + std::string(name));
}

std::string sql(State state) { return "'" + std::string(state_name(state)) + "'"; }

std::string on_desk_sql() {
  std::string out;
  for (const auto& s : kStates)
    if (s.on_desk) out += (out.empty() ? "" : ", ") + sql(s.state);
  return out;
}

std::string in_force_sql(std::string_view alias, int now_param) {
  std::string a = alias.empty() ? "" : std::string(alias) + ".";
  return a + "state = " + sql(State::sent) + " AND " + a + "msg_type <> 'Cancel' AND " + a +
         "expires > $" + std::to_string(now_param);
}

bool Record::went_out() const { return info(state).went_out; }

bool Record::in_force(timeutil::Clock::time_point now) const {
  if (state != State::sent || alert.msg_type == "Cancel") return false;
  auto expires = timeutil::parse_w3c(alert.expires);
  return expires && *expires > now;
}

}  // namespace cds::alerts
