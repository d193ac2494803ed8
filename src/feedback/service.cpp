#include "feedback/service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>

#include "accounts/audit.h"
#include "accounts/service.h"
#include "agencies/service.h"
#include "audit/service.h"
#include "core/error.h"
#include "core/text.h"
#include "feedback/internal.h"
#include "feedback/permissions.h"
#include "feedback/store.h"
#include "feedback/workflow.h"
#include "units/service.h"

namespace cds::feedback {
using accounts::Actor;
using accounts::Decision;
namespace json = boost::json;

void audit_report(db::Connection& c, const accounts::Actor& actor, const std::string& action,
                  const Report& report, const std::string& ip) {
  accounts::record_by(c, actor,
                      {.action = action,
                       .detail = "report=" + report.public_id,
                       .ip = ip,
                       .unit_code = report.unit_code});
}

std::string now() { return timeutil::iso_utc(timeutil::Clock::now()); }

void check_attributes(const Category& k,
                      const std::vector<std::pair<std::string, std::string>>& given) {
  for (const auto& answer : given) {
    // Named references, not a structured binding: the lambdas below capture them.
    const std::string& code = answer.first;
    const std::string& value = answer.second;
    auto q = std::find_if(k.questions.begin(), k.questions.end(),
                          [&](const Question& x) { return x.code == code; });
    if (q == k.questions.end())
      throw Error(ErrorKind::bad_input, "bad_attribute", "This category does not ask " + code);
    auto is_choice = [&](const std::string& v) {
      return std::any_of(q->choices.begin(), q->choices.end(),
                         [&](const Choice& c) { return c.key == v; });
    };
    bool ok = q->kind == "text"     ? char_count(value) <= 500
              : q->kind == "number" ? text::parse_decimal(value).has_value()
              : q->kind == "date"   ? timeutil::parse_iso_date(value).has_value()
                                    : is_choice(value);
    if (!ok)
      throw Error(ErrorKind::bad_input, "bad_attribute", "The answer to " + code + " is not valid");
    if (q->kind != "multi" && std::count_if(given.begin(), given.end(),
                                            [&](const auto& p) { return p.first == code; }) > 1)
      throw Error(ErrorKind::bad_input, "bad_attribute", code + " takes one answer");
  }
  for (const auto& q : k.questions) {
    bool answered =
        std::any_of(given.begin(), given.end(), [&](const auto& p) { return p.first == q.code; });
    if (q.required && !answered)
      throw Error(ErrorKind::bad_input, "attribute_required", "Please answer: " + q.label_vi);
  }
}

Services::Services(db::Database& db, const units::UnitService& units,
                   accounts::UnitParent unit_parent, std::filesystem::path uploads,
                   std::string province_code)
    : settings(db, units, unit_parent),
      reports(db, unit_parent),
      filing(db, units, unit_parent, settings, uploads, province_code),
      handling(db, units, unit_parent, settings, uploads, province_code),
      console(db, units, unit_parent, settings, reports, handling),
      uploads_dir(std::move(uploads)) {}

}  // namespace cds::feedback
