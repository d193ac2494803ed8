#include "community/forms.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "units/service.h"

namespace cds::community {

namespace {

// "village": an id given as a number; its unit code.
std::string village_code_from(const units::UnitService& units, const boost::json::object& body,
                              const std::string& fallback) {
  const auto* v = body.if_contains("village");
  if (!v) return fallback;
  if (!v->is_int64() || v->as_int64() <= 0)
    throw Error(ErrorKind::bad_input, "bad_village", "village is a village's id");
  auto village = units.village(v->as_int64());
  if (!village) throw Error(ErrorKind::bad_input, "bad_village", "No such village");
  return village->code;
}

std::string year_text(const boost::json::object& body) {
  const auto* y = body.if_contains("birth_year");
  if (!y || y->is_null()) return "";
  if (y->is_int64()) return std::to_string(y->as_int64());
  if (y->is_string()) return std::string(y->as_string());
  throw Error(ErrorKind::bad_input, "bad_birth_year", "birth_year is a year");
}

}  // namespace

NoticeInput notice_from_form(const http::Form& form) {
  NoticeInput in;
  in.unit_code = form.get("unit_code");
  in.title = form.get("title");
  in.body = form.get("body");
  in.priority = form.get("priority");
  in.visibility = form.get("visibility");
  in.pinned = form.get("pinned") == "1";
  in.expires_at = form.get("expires_at");
  in.ack_due_at = form.get("ack_due_at");
  in.poll_question = form.get("poll_question");
  // One choice a line.
  std::string choices = form.get("poll_choices");
  for (size_t start = 0; start <= choices.size();) {
    size_t end = choices.find('\n', start);
    if (end == std::string::npos) end = choices.size();
    std::string line = choices.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    in.poll_choices.push_back(line);
    start = end + 1;
  }
  in.poll_per = form.get("poll_per");
  in.poll_closes_at = form.get("poll_closes_at");
  in.poll_results = form.get("poll_results");
  return in;
}

NoticeInput notice_from_json(const units::UnitService& units, const boost::json::object& body) {
  NoticeInput in;
  in.unit_code = village_code_from(units, body, http::json_string(body, "unit_code").value_or(""));
  in.title = http::json_string(body, "title").value_or("");
  in.body = http::json_string(body, "body").value_or("");
  in.priority = http::json_string(body, "priority").value_or("");
  in.visibility = http::json_string(body, "visibility").value_or("");
  in.pinned = http::json_bool(body, "pinned").value_or(false);
  in.expires_at = http::json_string(body, "expires_at").value_or("");
  in.ack_due_at = http::json_string(body, "ack_due_at").value_or("");
  if (const auto* poll = body.if_contains("poll"); poll && !poll->is_null()) {
    if (!poll->is_object()) throw Error(ErrorKind::bad_input, "bad_field", "poll is an object");
    const auto& p = poll->as_object();
    in.poll_question = http::json_string(p, "question").value_or("");
    if (const auto* choices = p.if_contains("choices")) {
      if (!choices->is_array())
        throw Error(ErrorKind::bad_input, "bad_poll_choices", "choices is a list of texts");
      for (const auto& c : choices->as_array()) {
        if (!c.is_string())
          throw Error(ErrorKind::bad_input, "bad_poll_choices", "choices is a list of texts");
        in.poll_choices.emplace_back(c.as_string());
      }
    }
    in.poll_per = http::json_string(p, "per").value_or("");
    in.poll_closes_at = http::json_string(p, "closes_at").value_or("");
    in.poll_results = http::json_string(p, "results").value_or("");
  }
  return in;
}

HouseholdInput household_from_form(const http::Form& form) {
  return {form.get("village_code"), form.get("address")};
}

HouseholdInput household_from_json(const units::UnitService& units,
                                   const boost::json::object& body) {
  return {village_code_from(units, body, http::json_string(body, "village_code").value_or("")),
          http::json_string(body, "address").value_or("")};
}

ListedMember member_from_form(const http::Form& form) {
  return {form.get("first_name"), form.get("birth_year")};
}

ListedMember member_from_json(const boost::json::object& body) {
  return {http::json_string(body, "first_name").value_or(""), year_text(body)};
}

}  // namespace cds::community
