// Each input read once for both doors (the HTML form and the JSON API): the same fields, the
// same error codes.
#pragma once

#include <boost/json/object.hpp>

#include "community/service.h"
#include "http/body.h"

namespace cds::units {
class UnitService;
}

namespace cds::community {

// A board is named by unit_code (a village's "04252.17" or a commune's code) or, in JSON, by
// "village" (a village's id).
NoticeInput notice_from_form(const http::Form& form);
NoticeInput notice_from_json(const units::UnitService& units, const boost::json::object& body);
// A village is named by village_code or, in JSON, by "village" (its id).
HouseholdInput household_from_form(const http::Form& form);
HouseholdInput household_from_json(const units::UnitService& units,
                                   const boost::json::object& body);
ListedMember member_from_form(const http::Form& form);
ListedMember member_from_json(const boost::json::object& body);

}  // namespace cds::community
