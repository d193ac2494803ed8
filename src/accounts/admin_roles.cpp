// The roles page: who holds which role where, within the administrator's units (search,
// filters in the URL, pages, CSV); granting a role with the unit picker; revoking one through
// a confirmation page that asks for the reason.
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

// The roles the form offers: every known role but citizen, administrators' last.
std::vector<RoleInfo> grantable() {
  std::vector<RoleInfo> out;
  for (bool administrators : {false, true})
    for (const auto& info : known_roles())
      if (info.role != Role::citizen && info.administrator == administrators) out.push_back(info);
  return out;
}

std::string role_label(const web::AppContext& app, const std::string& lang, std::string_view role) {
  return app.catalogues.text(lang, "role." + std::string(role));
}

std::string revoke_path(const RoleHolder& h) {
  return "/quan-tri/vai-tro/" + std::to_string(h.account_id) + "/" + h.role + "/thu-hoi";
}

// The grant form's values and what went wrong, when it comes back.
struct GrantForm {
  std::string phone, role = "officer", error;
  units::UnitPick unit;
};

json::array role_options(const web::AppContext& app, const std::string& lang,
                         const std::string& selected, bool admin_roles) {
  json::array out;
  for (const auto& info : grantable()) {
    if (!admin_roles && info.administrator) continue;
    std::string name(role_name(info.role));
    out.push_back(json::object{
        {"value", name}, {"label", role_label(app, lang, name)}, {"selected", name == selected}});
  }
  return out;
}

Response roles_page(web::AppContext& app, Request& req, const Actor& actor,
                    const GrantForm& grant = {}, http::Status status = http::Status::ok) {
  AccountService& svc = *app.accounts;
  std::string lang = app.renderer.language(req);
  auto allowed = administered_units(svc, actor);
  std::string q = req.query_param("q").value_or("");
  std::string role = req.query_param("role").value_or("");
  auto unit = units::pick_unit(app.units, req.query_param("unit").value_or(""),
                               req.query_param("unit_q").value_or(""), allowed, true);
  std::vector<RoleHolder> rows;
  for (auto& h : svc.admin.role_holders_in_reach(actor)) {
    if (!role.empty() && h.role != role) continue;
    if (unit.chosen() && h.unit_code != unit.code && svc.unit_parent()(h.unit_code) != unit.code)
      continue;
    if (!q.empty() && !web::matches_words(q, h.full_name + " " + national_phone(h.phone))) continue;
    rows.push_back(std::move(h));
  }
  auto t = [&](const char* key) { return app.catalogues.text(lang, key); };
  web::Table table{{"name", "phone", "role_label", "unit", "agency"},
                   {t("admin.roles.name"), t("admin.roles.phone"), t("admin.grant_role"),
                    t("admin.roles.unit"), t("admin.roles.agency")},
                   {}};
  for (const auto& h : rows)
    table.rows.push_back({h.full_name, national_phone(h.phone), role_label(app, lang, h.role),
                          unit_label(app, h.unit_code),
                          h.agency_id ? "#" + std::to_string(h.agency_id) : ""});
  json::object data;
  if (auto csv = web::table_page(req, "vai-tro.csv", table, data, [&](size_t i, json::object& o) {
        o["revoke"] = revoke_path(rows[i]);
      }))
    return *csv;
  bool admin_roles =
      decide(actor, Action::grant_admin_role, {}, svc.unit_parent()) == Decision::allow;
  data["filtered"] = !q.empty() || !role.empty() || unit.asked();
  data["q"] = q;
  data["role_filter"] = role_options(app, lang, role, true);
  data["filter_picker"] =
      json::object{{"picker", units::picker_json(app.units, "unit",
                                                 app.catalogues.text(lang, "admin.roles.unit"),
                                                 unit, false, true)}};
  data["grant_phone"] = grant.phone;
  data["grant_roles"] = role_options(app, lang, grant.role, admin_roles);
  data["grant_picker"] =
      json::object{{"picker", units::picker_json(app.units, "unit_code",
                                                 app.catalogues.text(lang, "admin.grant_unit"),
                                                 grant.unit, false, true)}};
  data["error"] = grant.error;
  std::string done = req.query_param("xong").value_or("");
  if (done == "granted" || done == "revoked")
    data["done"] = app.catalogues.text(lang, "admin.roles." + done);
  return admin_page(app, req, actor, "admin_roles", "admin.section.roles", std::move(data), status);
}

// The role and scope of a grant from the form; a GrantForm with its error when the unit is
// missing or names several units.
Response grant(web::AppContext& app, Request& req) {
  AccountService& svc = *app.accounts;
  auto form = http::form_body(req);
  app.csrf->check(req, form);
  Actor actor = current_actor(svc, req);
  require(actor, Action::administer_units, {}, svc.unit_parent());
  GrantForm g{form.get("phone"), form.get("role"), "", {}};
  g.unit = units::pick_unit(app.units, form.get("unit_code"), form.get("unit_code_q"),
                            administered_units(svc, actor), true);
  auto role = parse_role(g.role);
  bool needs_unit = role && role_info(*role)->unit_required;
  try {
    if (!role || role == Role::citizen)
      throw Error(ErrorKind::bad_input, "bad_role", "Unknown role");
    if (g.unit.asked() && !g.unit.chosen())
      throw Error(ErrorKind::bad_input, g.unit.matches.empty() ? "bad_unit" : "unit_choice",
                  "Choose the unit");
    if (needs_unit && !g.unit.chosen())
      throw Error(ErrorKind::bad_input, "unit_required", "An officer needs a unit");
    svc.admin.grant_role(actor, g.phone, *role, Scope{std::nullopt, g.unit.code},
                         req.remote_address);
  } catch (const Error& e) {
    if (e.kind != ErrorKind::bad_input && e.kind != ErrorKind::not_found) throw;
    g.error = web::error_message(app, req, e);
    return roles_page(app, req, actor, g, http::Status::unprocessable_entity);
  }
  return http::redirect(req, "/quan-tri/vai-tro?xong=granted");
}

}  // namespace

void add_admin_role_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;
  router.get("/quan-tri/vai-tro", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    require(actor, Action::administer_units, {}, svc.unit_parent());
    return roles_page(*ctx, req, actor);
  });
  router.post("/quan-tri/vai-tro", [ctx](Request& req) { return grant(*ctx, req); });

  // Revoking: the person must hold the role within the administrator's units.
  auto holder = [&svc](const Actor& actor, const Request& req) {
    int64_t id = req.path_int("id");
    const std::string& role = req.path_param("role");
    for (auto& h : svc.admin.role_holders_in_reach(actor))
      if (h.account_id == id && h.role == role) return h;
    throw Error(ErrorKind::not_found, "role_not_found", "No such role in your units");
  };
  router.get("/quan-tri/vai-tro/{id:int}/{role}/thu-hoi", [ctx, &svc, holder](Request& req) {
    Actor actor = current_actor(svc, req);
    RoleHolder h = holder(actor, req);
    std::string lang = ctx->renderer.language(req);
    std::string subject = h.full_name + " · " + role_label(*ctx, lang, h.role) +
                          (h.unit_code.empty() ? "" : " · " + unit_label(*ctx, h.unit_code));
    return confirmation_page(*ctx, req, "admin.role_revoke", subject, "/quan-tri/vai-tro", true);
  });
  router.post("/quan-tri/vai-tro/{id:int}/{role}/thu-hoi", [ctx, &svc, holder](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Actor actor = current_actor(svc, req);
    RoleHolder h = holder(actor, req);
    auto role = parse_role(h.role);
    try {
      svc.admin.revoke_role(actor, h.account_id, *role, form.get("reason"), req.remote_address);
    } catch (const Error& e) {
      if (e.kind != ErrorKind::bad_input) throw;
      std::string lang = ctx->renderer.language(req);
      return confirmation_page(*ctx, req, "admin.role_revoke",
                               h.full_name + " · " + role_label(*ctx, lang, h.role),
                               "/quan-tri/vai-tro", true, web::error_message(*ctx, req, e));
    }
    return http::redirect(req, "/quan-tri/vai-tro?xong=revoked");
  });
}

}  // namespace cds::accounts
