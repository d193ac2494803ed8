// CAP 1.2 for an alert: the checks the standard and its extended schema ask of a message, and
// the XML other alerting systems read (application/cap+xml).
#pragma once

#include <string>

#include "alerts/model.h"

namespace cds::alerts {

inline constexpr const char* kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";
// The geocode name under which the 2025 units' GSO codes are given.
inline constexpr const char* kUnitGeocode = "VN-GSO-2025";

// Throws cds::Error bad_input with the code of the first rule broken: bad_identifier (spaces,
// commas, < or & in identifier or sender), bad_status, bad_msg_type, bad_references (Update
// and Cancel need them, Alert has none), bad_category, bad_urgency, bad_severity,
// bad_certainty, bad_response_type, bad_time (not yyyy-mm-ddThh:mm:ss+07:00, or expires
// before effective), text_required (no vi-VN headline), bad_polygon (not closed, under 4
// points, a coordinate out of range), bad_circle, area_required (no unit, polygon or circle).
void validate(const Alert& alert);

// The message as CAP 1.2 XML, UTF-8, one <info> per language, the area in each.
std::string cap_xml(const Alert& alert);

// How Update and Cancel name an earlier message: "sender,identifier,sent".
std::string reference_to(const Alert& earlier);

}  // namespace cds::alerts
