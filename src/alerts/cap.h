// CAP 1.2 for an alert: the checks the standard and its extended schema ask of a message, and
// the XML other alerting systems read (application/cap+xml).
#pragma once

#include <string>

#include "alerts/model.h"
#include "units/boundaries.h"

namespace cds::alerts {

inline constexpr const char* kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";
// The geocode name under which the 2025 units' GSO codes are given.
inline constexpr const char* kUnitGeocode = "VN-GSO-2025";

// The most points a drawn polygon may have. CAP sets no limit but those who pass alerts on do
// (a few hundred); each point goes into every feed and every page's map, so 20,000 of them
// made one alert's GeoJSON 830 KB.
inline constexpr size_t kMaxPolygonPoints = 500;
// The largest circle, and how far beyond the area served (the province's box) a shape may
// reach: a storm's edge, a river's upper course.
inline constexpr double kMaxRadiusKm = 1000;
inline constexpr double kAreaMarginDegrees = 0.5;

// Throws cds::Error bad_input with the code of the first rule broken: bad_identifier (spaces,
// commas, < or & in identifier or sender), bad_status, bad_msg_type, bad_references (Update
// and Cancel need them, Alert has none), bad_category, bad_urgency, bad_severity,
// bad_certainty, bad_response_type, bad_time (not yyyy-mm-ddThh:mm:ss+07:00 of a real time
// in 1900–2200, or expires before effective), text_required (no vi-VN headline), bad_polygon
// (not closed, under 4 or over kMaxPolygonPoints points, a point not finite or outside `area`
// widened by kAreaMarginDegrees), bad_circle (radius not finite or not in (0, kMaxRadiusKm],
// or any part of it outside the widened area), area_required (no unit, polygon or circle).
// `area` is the province's extent (units::UnitService::boundaries_extent) when known.
void validate(const Alert& alert, const units::Extent& area = units::kVietnamExtent);

// The message as CAP 1.2 XML, UTF-8, one <info> per language, the area in each.
std::string cap_xml(const Alert& alert);

// How Update and Cancel name an earlier message: "sender,identifier,sent".
std::string reference_to(const Alert& earlier);

}  // namespace cds::alerts
