// The inputs of field reports, each read in one place whichever door it came through: the
// HTML form, the JSON API or Open311. A form turns a request's fields into the command's input
// and applies the rules that belong to the input itself (a coordinate is a number, both
// coordinates or neither); the rules that need data (the category, the commune, the deadline)
// are the service's, so every door gets the same answers and the same error codes.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feedback/service.h"
#include "http/body.h"
#include "units/model.h"

namespace cds::feedback::forms {

// lat/lon as text (a form field): both empty is no place; anything else must be two numbers,
// else Error(bad_location).
void read_coordinates(std::string_view lat, std::string_view lon, NewReport& into);

// A new report.
// JSON API: category, description, unit_code, address, lat, lon, show_name, attributes
// ({code: "value" | ["values"]}).
NewReport report_from_json(const boost::json::object& body);
// The web form: category, description, unit_code, address, lat/lon (the map's pin),
// show_name, q_<question> for each of the category's questions. Photos are added by the page.
NewReport report_from_web(const http::Form& form, const Services& service);
// Open311 POST requests: service_code, description, address_id, address_string, lat, long,
// attribute[code]. Without address_id the commune may come from an address_string naming
// exactly one of `communes` (the province's 2025 communes), or from lat/long.
NewReport report_from_open311(const http::Form& form, const std::vector<units::Unit>& communes);

// An officer's action: kind, agency_id, text, suggested_agency, duplicate_of, unit_code.
OfficerAction action_from_json(const boost::json::object& body);
OfficerAction action_from_web(const http::Form& form);

}  // namespace cds::feedback::forms
