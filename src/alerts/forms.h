// What an officer gives for an alert and a resident for an answer, read once for every door:
// the JSON API and the HTML forms, with the same fields and the same error codes.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "alerts/service.h"
#include "http/body.h"

namespace cds::alerts {

// drawn_area: what a drawn area alone is called when the request names it no "area".
Draft draft_from_json(const boost::json::object& body, const std::string& drawn_area);
// The drafting form (/can-bo/canh-bao/moi): one category and response type, times as the
// browser's datetime-local ("2026-11-29T18:00", Vietnam time), communes as checkboxes, the
// drawn area as CAP text ("lat,lon lat,lon …", closed here when the drawing is not), which
// needs communes ticked as well.
Draft draft_from_form(const http::Form& form, const std::string& drawn_area);

AnswerInput answer_from_json(const boost::json::object& body);
AnswerInput answer_from_form(const http::Form& form);

}  // namespace cds::alerts
