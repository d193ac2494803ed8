// An article's life, in one table: its states (the name stored and shown in the API), the SQL
// made from it, and the one rule of what readers see (published, its time come). Nothing else
// in the module compares a state by its name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cds::news {

enum class State { draft, published, archived };

struct StateInfo {
  State state;
  std::string_view name;
  bool editable;  // an officer may still rewrite it
};
inline constexpr StateInfo kStates[] = {
    {State::draft, "draft", true},
    {State::published, "published", true},
    {State::archived, "archived", false},
};

std::string_view state_name(State state);
// The state of this name, or nullopt (an API client's "state" field).
std::optional<State> find_state(std::string_view name);
// The same for a stored name; std::logic_error for one the table does not have.
State parse_state(std::string_view name);
// "'published'": a state as a SQL literal (names are plain words).
std::string sql(State state);
// What readers see, as SQL on the news table aliased `alias`, with the current UTC time as
// parameter $now_param (Article::readable says the same).
std::string readable_sql(std::string_view alias, int now_param);

}  // namespace cds::news
