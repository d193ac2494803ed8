#include "news/workflow.h"

#include <stdexcept>

#include "news/model.h"

namespace cds::news {

std::string_view state_name(State state) {
  for (const auto& s : kStates)
    if (s.state == state) return s.name;
  throw std::logic_error("news state without a row in kStates");
}

std::optional<State> find_state(std::string_view name) {
  for (const auto& s : kStates)
    if (s.name == name) return s.state;
  return std::nullopt;
}

State parse_state(std::string_view name) {
  if (auto s = find_state(name)) return *s;
  throw std::logic_error("unknown news state " + std::string(name));
}

std::string sql(State state) { return "'" + std::string(state_name(state)) + "'"; }

std::string readable_sql(std::string_view alias, int now_param) {
  std::string a = alias.empty() ? "" : std::string(alias) + ".";
  return a + "state = " + sql(State::published) + " AND " + a + "publish_at <= $" +
         std::to_string(now_param);
}

bool Article::readable(const std::string& now_utc) const {
  return state == State::published && publish_at <= now_utc;
}

bool Article::editable() const {
  for (const auto& s : kStates)
    if (s.state == state) return s.editable;
  return false;
}

}  // namespace cds::news
