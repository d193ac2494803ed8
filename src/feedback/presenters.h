// The representations of a report, each in one place: the public JSON of the API (also the
// base of the page view), the page view with its display texts, the public timeline, a
// category as JSON. Open311's JSON/XML is open311.cpp's request_presenter; the officers' CSV
// row is in console.cpp.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "feedback/model.h"
#include "web/context.h"

namespace cds::feedback {

struct Services;

// The public face of a report: never the reporter's name, phone or ID unless they chose to
// be named.
boost::json::object public_report_json(const Report& r, const web::AppContext& app,
                                       const Services& service,
                                       const std::map<int64_t, std::string>& agencies);
// For the pages: the public JSON plus texts in the reader's language (category, status,
// place, dates, an excerpt) and the photos split into the report's and the answer's.
boost::json::object report_view(const web::AppContext& app, const Services& svc, const Report& r,
                                const std::map<int64_t, std::string>& agencies,
                                const std::string& lang);
// Adds the cache scopes (core/cache.h) a report's public representations depend on: the report,
// the categories' and agencies' names and, when the reporter chose to be named, their name.
void add_scopes(const Report& r, std::vector<std::string>& scopes);
// The same for a list of reports filtered to one commune (or to none): membership changes with
// the commune's (or any) reports, content with each report shown.
void add_list_scopes(const std::string& unit_code, const std::vector<Report>& reports,
                     std::vector<std::string>& scopes);
// The timeline; internal notes carry "internal": true (only officers get them).
boost::json::array timeline_json(const std::vector<Event>& events);
// A category with its questions, both languages.
boost::json::object category_json(const Category& k);

}  // namespace cds::feedback
