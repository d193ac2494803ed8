#include "alerts/cap.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string_view>

#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "core/xml.h"

namespace cds::alerts {

namespace {

template <size_t N>
bool one_of(const std::string& value, const char* const (&allowed)[N]) {
  return std::any_of(std::begin(allowed), std::end(allowed),
                     [&](const char* a) { return value == a; });
}

void fail(const char* code, const std::string& message) {
  throw Error(ErrorKind::bad_input, code, message);
}

// CAP's rule for identifiers, senders and the parts of references.
bool plain_token(std::string_view s) {
  return !s.empty() && s.find_first_of(" \t\r\n,<&") == std::string_view::npos;
}

// yyyy-mm-ddThh:mm:ss+hh:mm, as the extended schema's pattern asks.
bool cap_time(std::string_view s) {
  if (s.size() != 25) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool digit = c >= '0' && c <= '9';
    switch (i) {
      case 4:
      case 7:
        if (c != '-') return false;
        break;
      case 10:
        if (c != 'T') return false;
        break;
      case 13:
      case 16:
      case 22:
        if (c != ':') return false;
        break;
      case 19:
        if (c != '+' && c != '-') return false;
        break;
      default:
        if (!digit) return false;
    }
  }
  return true;
}

// CAP's pattern and a real time of the years the platform reads (core/time.h): the pattern
// alone let 2026-13-45 through, and a time past 2262 overflowed whoever converted it. Second 60
// is a leap second to core/time.h, but xs:dateTime has none.
bool real_cap_time(std::string_view s) {
  return cap_time(s) && s.substr(17, 2) != "60" && timeutil::parse_w3c(s);
}

// The area served, widened by the margin.
units::Extent widened(const units::Extent& area) {
  return {area.min_lat - kAreaMarginDegrees, area.max_lat + kAreaMarginDegrees,
          area.min_lon - kAreaMarginDegrees, area.max_lon + kAreaMarginDegrees};
}

// Written so that NaN is outside too (every comparison with it is false).
bool inside(const units::Extent& e, double lat, double lon) {
  return lat >= e.min_lat && lat <= e.max_lat && lon >= e.min_lon && lon <= e.max_lon;
}

void check_times(const Alert& a) {
  if (!real_cap_time(a.sent)) fail("bad_time", "sent: yyyy-mm-ddThh:mm:ss+07:00");
  if (!real_cap_time(a.effective)) fail("bad_time", "effective: yyyy-mm-ddThh:mm:ss+07:00");
  if (!real_cap_time(a.expires)) fail("bad_time", "expires: yyyy-mm-ddThh:mm:ss+07:00");
  if (!a.onset.empty() && !real_cap_time(a.onset))
    fail("bad_time", "onset: yyyy-mm-ddThh:mm:ss+07:00");
  // Same offset everywhere (+07:00), so the text orders as the times do.
  if (a.expires <= a.effective) fail("bad_time", "expires must come after effective");
}

// Every shape within the area served: a point far outside (or a circle whose longitudes, near
// a pole, reach 1e17) is no warning for this province and breaks the maps that draw it.
void check_shapes(const Alert& a, const units::Extent& area) {
  const units::Extent e = widened(area);
  if (!a.polygon.empty()) {
    if (a.polygon.size() < 4) fail("bad_polygon", "a polygon has at least 4 points");
    if (a.polygon.size() > kMaxPolygonPoints)
      fail("bad_polygon", "a polygon has at most " + std::to_string(kMaxPolygonPoints) + " points");
    if (a.polygon.front().lat != a.polygon.back().lat ||
        a.polygon.front().lon != a.polygon.back().lon)
      fail("bad_polygon", "a polygon ends where it starts");
    for (const auto& p : a.polygon)
      if (!inside(e, p.lat, p.lon)) fail("bad_polygon", "a point is outside the area served");
  }
  if (a.circle) {
    const Circle& c = *a.circle;
    if (!(c.radius_km > 0 && c.radius_km <= kMaxRadiusKm) || !inside(e, c.centre.lat, c.centre.lon))
      fail("bad_circle", "a circle is a centre in the area served and a radius of up to 1000 km");
    // Its whole extent, as the GeoJSON feed draws it (a degree of latitude is 111.32 km); the
    // centre is within the area, so cos(lat) is far from 0.
    const double dlat = c.radius_km / 111.32;
    const double dlon = dlat / std::cos(c.centre.lat * std::numbers::pi / 180);
    if (!inside(e, c.centre.lat - dlat, c.centre.lon - dlon) ||
        !inside(e, c.centre.lat + dlat, c.centre.lon + dlon))
      fail("bad_circle", "the circle reaches outside the area served");
  }
}

std::string point_text(const Point& p) {
  return text::plain_decimal(p.lat) + "," + text::plain_decimal(p.lon);
}

void element(std::string& out, const char* name, std::string_view value) {
  xml::append_element(out, name, value);
}

void optional_element(std::string& out, const char* name, std::string_view value) {
  if (!value.empty()) element(out, name, value);
}

void area(std::string& out, const Alert& a) {
  out += "<area>";
  element(out, "areaDesc", a.area_desc);
  if (!a.polygon.empty()) {
    std::string points;
    for (const auto& p : a.polygon) points += (points.empty() ? "" : " ") + point_text(p);
    element(out, "polygon", points);
  }
  if (a.circle)
    element(out, "circle",
            point_text(a.circle->centre) + " " + text::plain_decimal(a.circle->radius_km));
  for (const auto& code : a.unit_codes) {
    out += "<geocode>";
    element(out, "valueName", kUnitGeocode);
    element(out, "value", code);
    out += "</geocode>";
  }
  out += "</area>";
}

void info(std::string& out, const Alert& a, const Text& t) {
  out += "<info>";
  element(out, "language", t.language);
  for (const auto& c : a.categories) element(out, "category", c);
  element(out, "event", a.event);
  for (const auto& r : a.response_types) element(out, "responseType", r);
  element(out, "urgency", a.urgency);
  element(out, "severity", a.severity);
  element(out, "certainty", a.certainty);
  optional_element(out, "effective", a.effective);
  optional_element(out, "onset", a.onset);
  optional_element(out, "expires", a.expires);
  optional_element(out, "headline", t.headline);
  optional_element(out, "description", t.description);
  optional_element(out, "instruction", t.instruction);
  area(out, a);
  out += "</info>";
}

}  // namespace

void validate(const Alert& a, const units::Extent& area) {
  if (!plain_token(a.identifier) || !plain_token(a.sender))
    fail("bad_identifier", "identifier and sender: no spaces, commas, < or &");
  if (!one_of(a.status, kStatuses)) fail("bad_status", "status: Actual, Exercise or Test");
  if (!one_of(a.msg_type, kMsgTypes)) fail("bad_msg_type", "msgType: Alert, Update or Cancel");
  if ((a.msg_type == "Alert") != a.references.empty())
    fail("bad_references", "Update and Cancel reference the earlier message; Alert does not");
  for (const auto& r : a.references) {
    size_t first = r.find(','), second = r.find(',', first + 1);
    if (first == std::string::npos || second == std::string::npos ||
        !plain_token(std::string_view(r).substr(0, first)) ||
        !plain_token(std::string_view(r).substr(first + 1, second - first - 1)) ||
        !real_cap_time(std::string_view(r).substr(second + 1)))
      fail("bad_references", "a reference is sender,identifier,sent");
  }
  if (a.categories.empty()) fail("bad_category", "at least one CAP category");
  for (const auto& c : a.categories)
    if (!one_of(c, kCategories)) fail("bad_category", "unknown CAP category " + c);
  for (const auto& r : a.response_types)
    if (!one_of(r, kResponseTypes)) fail("bad_response_type", "unknown response type " + r);
  if (!one_of(a.urgency, kUrgencies)) fail("bad_urgency", "unknown urgency");
  if (!one_of(a.severity, kSeverities)) fail("bad_severity", "unknown severity");
  if (!one_of(a.certainty, kCertainties)) fail("bad_certainty", "unknown certainty");
  check_times(a);
  if (a.event.empty() || a.texts.empty() || a.texts.front().language != "vi-VN" ||
      a.texts.front().headline.empty())
    fail("text_required", "an event and a Vietnamese headline");
  check_shapes(a, area);
  if (a.unit_codes.empty() && a.polygon.empty() && !a.circle)
    fail("area_required", "choose communes or draw the area");
  if (a.area_desc.empty()) fail("area_required", "the area needs a description");
}

std::string reference_to(const Alert& earlier) {
  return earlier.sender + "," + earlier.identifier + "," + earlier.sent;
}

std::string cap_xml(const Alert& a) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alert xmlns=\"";
  out += kCapNamespace;
  out += "\">";
  element(out, "identifier", a.identifier);
  element(out, "sender", a.sender);
  element(out, "sent", a.sent);
  element(out, "status", a.status);
  element(out, "msgType", a.msg_type);
  element(out, "scope", "Public");
  if (!a.references.empty()) {
    std::string refs;
    for (const auto& r : a.references) refs += (refs.empty() ? "" : " ") + r;
    element(out, "references", refs);
  }
  for (const auto& t : a.texts) info(out, a, t);
  out += "</alert>\n";
  return out;
}

}  // namespace cds::alerts
