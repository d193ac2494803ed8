// Administrators and agencies: create, list within one's units, edit, take out of service.
#include <algorithm>

#include "accounts/administration.h"
#include "accounts/audit.h"
#include "accounts/internal.h"
#include "accounts/profile.h"
#include "agencies/service.h"
#include "audit/service.h"
#include "core/error.h"
#include "core/text.h"
#include "units/service.h"

namespace cds::accounts {

namespace {
// Name and English name as stored; cds::Error bad_name unless the name is 1–200 characters.
void clean_agency_names(Agency& a) {
  a.name = text::nfc(text::trim(a.name));
  a.name_en = text::nfc(text::trim(a.name_en));
  if (a.name.empty() || char_count(a.name) > 200 || char_count(a.name_en) > 200)
    throw Error(ErrorKind::bad_input, "bad_name", "An agency needs a name of 1 to 200 characters");
}
}  // namespace

Agency Administration::create_agency(const Actor& actor, const Agency& agency,
                                     const std::string& ip) {
  Agency a = agency;
  a.active = true;
  clean_agency_names(a);
  if (!units_.find(units::kGeneration2025, a.unit_code))
    throw Error(ErrorKind::bad_input, "bad_unit", "Unknown unit");
  require(actor, Action::manage_agencies, {a.unit_code}, unit_parent_);
  return db_.write([&](db::Connection& c) {
    a.id = agencies::insert(c, a);
    record_by(c, actor,
              {.action = "agency.created",
               .detail = "agency=" + std::to_string(a.id),
               .ip = ip,
               .unit_code = a.unit_code});
    return a;
  });
}

std::vector<Agency> Administration::list_agencies(const Actor& actor) {
  if (actor.anonymous()) require(actor, Action::manage_agencies, {}, unit_parent_);
  return db_.read([](db::Connection& c) { return agencies::all(c); });
}

std::vector<Agency> Administration::agencies_in_reach(const Actor& actor) {
  require(actor, Action::administer_units, {}, unit_parent_);
  auto all = db_.read([](db::Connection& c) { return agencies::all(c); });
  std::erase_if(all, [&](const Agency& a) {
    return decide(actor, Action::manage_agencies, {a.unit_code}, unit_parent_) != Decision::allow;
  });
  return all;
}

Agency Administration::agency_in_reach(const Actor& actor, int64_t id) {
  require(actor, Action::administer_units, {}, unit_parent_);
  auto a = db_.read([&](db::Connection& c) { return agencies::find(c, id); });
  // Out of reach and non-existent look alike.
  if (!a || decide(actor, Action::manage_agencies, {a->unit_code}, unit_parent_) != Decision::allow)
    throw Error(ErrorKind::not_found, "agency_not_found", "No such agency in your units");
  return *a;
}

void Administration::update_agency(const Actor& actor, const Agency& given, const std::string& ip) {
  Agency a = given;
  clean_agency_names(a);
  if (!units_.find(units::kGeneration2025, a.unit_code))
    throw Error(ErrorKind::bad_input, "bad_unit", "Unknown unit");
  Agency before = agency_in_reach(actor, a.id);
  // Moving an agency needs the right on both units.
  require(actor, Action::manage_agencies, {a.unit_code}, unit_parent_);
  db_.write([&](db::Connection& c) {
    agencies::update(c, a);
    record_by(c, actor,
              {.action = "agency.updated",
               .detail = "agency=" + std::to_string(a.id) +
                         (before.unit_code != a.unit_code ? " from=" + before.unit_code : ""),
               .ip = ip,
               .unit_code = a.unit_code});
  });
}

void Administration::set_agency_active(const Actor& actor, int64_t id, bool active,
                                       const std::string& ip) {
  Agency a = agency_in_reach(actor, id);
  if (a.active == active) return;
  db_.write([&](db::Connection& c) {
    agencies::set_active(c, id, active);
    record_by(c, actor,
              {.action = active ? "agency.reactivated" : "agency.deactivated",
               .detail = "agency=" + std::to_string(id),
               .ip = ip,
               .unit_code = a.unit_code});
  });
}

}  // namespace cds::accounts
