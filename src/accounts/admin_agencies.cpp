// The agencies page: the agencies of the administrator's units (search, unit and status
// filters in the URL, pages, CSV), adding one with the unit picker, editing one, and taking
// one out of service through a confirmation page.
#include <boost/json.hpp>

#include "accounts/admin_shared.h"
#include "accounts/http_auth.h"
#include "core/error.h"
#include "http/body.h"
#include "units/service.h"
#include "web/csrf.h"
#include "web/lists.h"
#include "web/pages.h"

namespace cds::accounts {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// An agency form's values and what went wrong, when it comes back.
struct AgencyForm {
  Agency agency;
  units::UnitPick unit;
  std::string error;
};

AgencyForm read_form(web::AppContext& app, const http::Form& form, const Actor& actor) {
  AgencyForm f;
  f.agency.name = form.get("name");
  f.agency.name_en = form.get("name_en");
  f.unit = units::pick_unit(app.units, form.get("unit_code"), form.get("unit_code_q"),
                            administered_units(*app.accounts, actor));
  f.agency.unit_code = f.unit.code;
  return f;
}

void check_unit(const units::UnitPick& unit) {
  if (!unit.chosen())
    throw Error(ErrorKind::bad_input, unit.matches.empty() ? "bad_unit" : "unit_choice",
                "Choose the unit");
}

json::object form_json(web::AppContext& app, const std::string& lang, const AgencyForm& f) {
  return json::object{
      {"name", f.agency.name},
      {"name_en", f.agency.name_en},
      {"error", f.error},
      {"unit_picker",
       json::object{{"picker", units::picker_json(app.units, "unit_code",
                                                  app.catalogues.text(lang, "admin.roles.unit"),
                                                  f.unit, true)}}}};
}

Response agencies_page(web::AppContext& app, Request& req, const Actor& actor,
                       const AgencyForm& adding = {}, http::Status status = http::Status::ok) {
  AccountService& svc = *app.accounts;
  std::string lang = app.renderer.language(req);
  std::string q = req.query_param("q").value_or("");
  std::string state = req.query_param("trang-thai").value_or("");
  auto unit =
      units::pick_unit(app.units, req.query_param("unit").value_or(""),
                       req.query_param("unit_q").value_or(""), administered_units(svc, actor));
  std::vector<Agency> rows;
  for (auto& a : svc.admin.agencies_in_reach(actor)) {
    if ((state == "active" && !a.active) || (state == "inactive" && a.active)) continue;
    if (unit.chosen() && a.unit_code != unit.code && svc.unit_parent()(a.unit_code) != unit.code)
      continue;
    if (!q.empty() && !web::matches_words(q, a.name + " " + a.name_en)) continue;
    rows.push_back(std::move(a));
  }
  auto t = [&](const std::string& key) { return app.catalogues.text(lang, key); };
  web::Table table{
      {"id", "name", "name_en", "unit_code", "unit", "status"},
      {"id", t("admin.agency_name"), t("admin.agency_name_en"), t("admin.agencies.unit_code"),
       t("admin.roles.unit"), t("admin.agencies.status")},
      {}};
  for (const auto& a : rows)
    table.rows.push_back({std::to_string(a.id), a.name, a.name_en, a.unit_code,
                          unit_label(app, a.unit_code),
                          t(a.active ? "admin.agencies.active" : "admin.agencies.inactive")});
  json::object data;
  if (auto csv = web::table_page(req, "co-quan.csv", table, data, [&](size_t i, json::object& o) {
        o["inactive"] = !rows[i].active;
      }))
    return *csv;
  data["filtered"] = !q.empty() || !state.empty() || unit.asked();
  data["q"] = q;
  data["state_active"] = state == "active";
  data["state_inactive"] = state == "inactive";
  data["filter_picker"] = json::object{
      {"picker", units::picker_json(app.units, "unit", t("admin.roles.unit"), unit, false)}};
  data["add"] = form_json(app, lang, adding);
  std::string done = req.query_param("xong").value_or("");
  if (done == "created" || done == "saved" || done == "deactivated" || done == "reactivated")
    data["done"] = t("admin.agencies." + done);
  return admin_page(app, req, actor, "admin_agencies", "admin.section.agencies", std::move(data),
                    status);
}

Response edit_page(web::AppContext& app, Request& req, const Actor& actor, const AgencyForm& f,
                   const Agency& saved, http::Status status = http::Status::ok) {
  std::string lang = app.renderer.language(req);
  json::object data = form_json(app, lang, f);
  data["id"] = saved.id;
  data["active"] = saved.active;
  data["page_title"] = saved.name;
  return admin_page(app, req, actor, "admin_agency", "admin.section.agencies", std::move(data),
                    status);
}

}  // namespace

void add_admin_agency_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;
  router.get("/quan-tri/co-quan", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    require(actor, Action::administer_units, {}, svc.unit_parent());
    return agencies_page(*ctx, req, actor);
  });
  router.post("/quan-tri/co-quan", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Actor actor = current_actor(svc, req);
    require(actor, Action::administer_units, {}, svc.unit_parent());
    AgencyForm f = read_form(*ctx, form, actor);
    try {
      check_unit(f.unit);
      svc.admin.create_agency(actor, f.agency, req.remote_address);
    } catch (const Error& e) {
      if (e.kind != ErrorKind::bad_input) throw;
      f.error = web::error_message(*ctx, req, e);
      return agencies_page(*ctx, req, actor, f, http::Status::unprocessable_entity);
    }
    return http::redirect(req, "/quan-tri/co-quan?xong=created");
  });
  router.get("/quan-tri/co-quan/{id:int}", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    Agency a = svc.admin.agency_in_reach(actor, req.path_int("id"));
    units::UnitPick unit{a.unit_code, unit_label(*ctx, a.unit_code), {}};
    return edit_page(*ctx, req, actor, AgencyForm{a, unit, ""}, a);
  });
  router.post("/quan-tri/co-quan/{id:int}", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Actor actor = current_actor(svc, req);
    Agency saved = svc.admin.agency_in_reach(actor, req.path_int("id"));
    AgencyForm f = read_form(*ctx, form, actor);
    f.agency.id = saved.id;
    try {
      check_unit(f.unit);
      svc.admin.update_agency(actor, f.agency, req.remote_address);
    } catch (const Error& e) {
      if (e.kind != ErrorKind::bad_input) throw;
      f.error = web::error_message(*ctx, req, e);
      return edit_page(*ctx, req, actor, f, saved, http::Status::unprocessable_entity);
    }
    return http::redirect(req, "/quan-tri/co-quan?xong=saved");
  });
  router.get("/quan-tri/co-quan/{id:int}/ngung", [ctx, &svc](Request& req) {
    Agency a = svc.admin.agency_in_reach(current_actor(svc, req), req.path_int("id"));
    if (!a.active) throw Error(ErrorKind::not_found, "agency_not_found", "Already out of service");
    return confirmation_page(*ctx, req, "admin.agency_deactivate",
                             a.name + " · " + unit_label(*ctx, a.unit_code), "/quan-tri/co-quan");
  });
  auto set_active = [ctx, &svc](Request& req, bool active) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc.admin.set_agency_active(current_actor(svc, req), req.path_int("id"), active,
                                req.remote_address);
    return http::redirect(
        req, std::string("/quan-tri/co-quan?xong=") + (active ? "reactivated" : "deactivated"));
  };
  router.post("/quan-tri/co-quan/{id:int}/ngung",
              [set_active](Request& req) { return set_active(req, false); });
  router.post("/quan-tri/co-quan/{id:int}/mo-lai",
              [set_active](Request& req) { return set_active(req, true); });
}

}  // namespace cds::accounts
