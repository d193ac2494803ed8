// Each representation once: a notice as public JSON (the API, and the base of the pages'
// view), a household for its members and officers, coverage by household.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "community/model.h"
#include "community/service.h"

namespace cds::units {
class UnitService;
}
namespace cds::web {
struct AppContext;
}

namespace cds::community {

boost::json::object notice_json(const units::UnitService& units, const Notice& n);
boost::json::object reader_state_json(const ReaderState& s);
// A question's answers as this reader may see them.
boost::json::object poll_view_json(const PollView& v);
// The same for the pages: the choices (the reader's own answer marked), each one's answers and
// share when they may be shown, times as readers write them.
boost::json::object poll_page_json(const Notice& n, const PollView& v);
// For the pages: the JSON with times as readers write them and flags for the template.
boost::json::object notice_view(const web::AppContext& app, const std::string& lang,
                                const Notice& n);
// with_code: its invite code too (for its members; officers never need it).
boost::json::object household_json(const units::UnitService& units, const Household& h,
                                   bool with_code);
boost::json::object coverage_json(const Coverage& c);
boost::json::object visit_row_json(const units::UnitService& units, const VisitRow& r);

}  // namespace cds::community
