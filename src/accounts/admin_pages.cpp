// The administration: its front page (a link per section this person may open), the look-up
// of a person by phone or CCCD and their page, and what every section page shares.
#include <boost/json.hpp>

#include "accounts/admin_shared.h"
#include "accounts/http_auth.h"
#include "accounts/routes.h"
#include "core/error.h"
#include "core/text.h"
#include "http/body.h"
#include "units/service.h"
#include "web/csrf.h"
#include "web/pages.h"

namespace cds::accounts {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// The sections of the administration, in the order the front page lists them, and the
// action that opens each.
// Then the sections modules add (AccountService::add_admin_section).
struct Section {
  const char* path;
  const char* key;  // admin.section.<key> and admin.section.<key>_hint in the catalogue
  const Action& action;
};
const Section kSections[] = {
    {"/quan-tri/nguoi-dan", "people", Action::look_up_people},
    {"/quan-tri/vai-tro", "roles", Action::administer_units},
    {"/quan-tri/co-quan", "agencies", Action::administer_units},
    {"/quan-tri/nhap-vneid", "imports", Action::import_vneid},
    {"/quan-tri/khoa-api", "keys", Action::manage_api_keys},
    {"/quan-tri/yeu-cau-xoa", "deletions", Action::handle_deletion},
    {"/quan-tri/nhat-ky", "audit", Action::view_audit},
};

json::array sections_for(const web::AppContext& app, const std::string& lang, const Actor& actor,
                         const UnitParent& unit_parent, const std::string& here) {
  json::array out;
  auto add = [&](const std::string& path, const std::string& section, const Action& action) {
    if (decide(actor, action, {}, unit_parent) != Decision::allow) return;
    std::string key = "admin.section." + section;
    out.push_back(json::object{{"href", path},
                               {"label", app.catalogues.text(lang, key)},
                               {"hint", app.catalogues.text(lang, key + "_hint")},
                               {"current", here.starts_with(path)}});
  };
  for (const auto& s : kSections) add(s.path, s.key, s.action);
  for (const auto& s : app.accounts->admin.admin_sections()) add(s.path, s.key, *s.action);
  return out;
}

}  // namespace

json::object person_view(const web::AppContext& app, const Account& a, const std::string& lang) {
  json::object o = profile_json(a, app);
  o["phone_national"] = national_phone(a.phone);
  json::array facts;
  for (const auto& f : a.facts) {
    const std::string& value_text = app.catalogues.text(lang, "fact.value." + f.value);
    facts.push_back(
        json::object{{"label", app.catalogues.text(lang, "fact." + f.fact)},
                     {"value", value_text == "fact.value." + f.value ? f.value : value_text},
                     {"source", app.catalogues.text(lang, "fact.source." + f.source)},
                     {"at", web::display_time(f.recorded_at)}});
  }
  o["fact_rows"] = std::move(facts);
  o["has_facts"] = !a.facts.empty();
  json::array roles, scopes;
  for (Role r : a.roles)
    roles.push_back(json::string(app.catalogues.text(lang, "role." + std::string(role_name(r)))));
  for (const auto& s : a.scopes)
    scopes.push_back(
        json::object{{"unit", s.unit_code.empty() ? "" : unit_label(app, s.unit_code)},
                     {"agency", s.agency_id ? "#" + std::to_string(*s.agency_id) : std::string()}});
  o["role_names"] = std::move(roles);
  o["scope_rows"] = std::move(scopes);
  o["has_scopes"] = !a.scopes.empty();
  return o;
}

std::string national_phone(const std::string& phone) {
  auto p = text::normalize_phone(phone);
  return p.phone ? p.phone->national : phone;
}

std::string unit_label(const web::AppContext& app, const std::string& code) {
  if (code.empty()) return "—";
  auto u = app.units.find(units::kGeneration2025, code);
  return u ? app.units.full_name(*u) : code;
}

units::UnitAllowed administered_units(AccountService& svc, const Actor& actor) {
  UnitParent parent = svc.unit_parent();
  return [actor, parent](const units::Unit& u) {
    return decide(actor, Action::manage_officers, {u.code}, parent) == Decision::allow;
  };
}

Response admin_page(web::AppContext& app, const Request& req, const Actor& actor,
                    std::string_view name, std::string_view title_key, json::object data,
                    http::Status status) {
  std::string lang = app.renderer.language(req);
  data["sections"] = sections_for(app, lang, actor, app.accounts->unit_parent(), req.path);
  return web::form_page(app, req, name, title_key, std::move(data), status);
}

Response confirmation_page(web::AppContext& app, const Request& req, const std::string& prefix,
                           std::string subject, const std::string& back, bool reason,
                           const std::string& error) {
  std::string lang = app.renderer.language(req);
  auto text = [&](const std::string& key) { return app.catalogues.text(lang, prefix + key); };
  json::object data{{"heading", text("_heading")},
                    {"subject", std::move(subject)},
                    {"consequence", text("_consequence")},
                    {"confirm", text("_confirm")},
                    {"ask_reason", reason},
                    {"back", back},
                    {"error", error},
                    {"action", http::percent_encode_path(req.path)}};
  return web::form_page(app, req, "confirm", std::string_view(prefix + "_heading"), std::move(data),
                        error.empty() ? http::Status::ok : http::Status::unprocessable_entity);
}

namespace {
// A person's page for an officer who may see them (the read was audited by the service).
Response person_page(web::AppContext& app, const Request& req, const Actor& actor,
                     const Account& a) {
  json::object data = person_view(app, a, app.renderer.language(req));
  data["home_unit_name"] = a.home_unit_code.empty() ? "" : unit_label(app, a.home_unit_code);
  for (const auto& f : a.facts) {  // the form starts from what is recorded
    if (f.fact == kFactVneidLevel) data["level_" + f.value] = true;
    if (f.fact == kFactVneidState) data["state_" + f.value] = true;
  }
  return admin_page(app, req, actor, "person", "admin.person.title", std::move(data));
}
}  // namespace

void add_admin_front_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;

  router.get("/quan-tri", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    if (!may_open_administration(actor, svc.unit_parent()))
      throw Error(ErrorKind::forbidden, "forbidden", "Not allowed");
    return admin_page(*ctx, req, actor, "admin", "admin.title", json::object{});
  });

  // The unit picker's script: the units matching q that this person administers.
  router.get("/api/v1/me/units", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    require(actor, Action::administer_units, {}, svc.unit_parent());
    std::string q = text::trim(req.query_param("q").value_or(""));
    if (q.empty() || q.size() > 120)
      throw Error(ErrorKind::bad_input, "bad_parameter", "q: 1 to 120 characters");
    auto limit = text::parse_int(req.query_param("limit").value_or("10"));
    size_t n = limit && *limit >= 1 && *limit <= 50 ? static_cast<size_t>(*limit) : 10;
    // Villages only for the role form's picker (it asks with villages=1).
    bool villages = req.query_param("villages").value_or("") == "1";
    json::array units =
        units::picker_matches(ctx->units, q, administered_units(svc, actor), n, villages);
    return http::json_response(req, json::object{{"units", std::move(units)}});
  });

  // People: look a person up by phone or CCCD; the answer is their page (an audited read).
  router.get("/quan-tri/nguoi-dan", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    require(actor, Action::look_up_people, {}, svc.unit_parent());
    return admin_page(*ctx, req, actor, "admin_people", "admin.section.people", json::object{});
  });
  // The look-up is posted: a phone number or CCCD in a URL stays in proxies' logs and the
  // browser's history. The person's page is then addressed by account number.
  router.post("/quan-tri/cong-dan", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Actor actor = current_actor(svc, req);
    std::string cccd = text::trim(form.get("cccd"));
    try {
      Account a = !cccd.empty()
                      ? svc.officers.person_by_cccd(actor, cccd, req.remote_address)
                      : svc.officers.person_by_phone(actor, form.get("phone"), req.remote_address);
      return person_page(*ctx, req, actor, a);
    } catch (const Error& e) {
      if (e.kind != ErrorKind::not_found && e.kind != ErrorKind::bad_input) throw;
      json::object data{{"error", web::error_message(*ctx, req, e)},
                        {"phone", form.get("phone")},
                        {"cccd", cccd}};
      return admin_page(
          *ctx, req, actor, "admin_people", "admin.section.people", std::move(data),
          e.kind == ErrorKind::not_found ? http::Status::not_found : http::Status::bad_request);
    }
  });
  router.get("/quan-tri/cong-dan",
             [](Request& req) { return http::redirect(req, "/quan-tri/nguoi-dan"); });
  router.get("/quan-tri/cong-dan/{id:int}", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    return person_page(*ctx, req, actor,
                       svc.officers.person(actor, req.path_int("id"), req.remote_address));
  });
  router.post("/quan-tri/cong-dan/{id:int}/vneid", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Actor actor = current_actor(svc, req);
    int64_t id = req.path_int("id");
    svc.officers.set_person_fact(actor, id, std::string(kFactVneidLevel), form.get("level"),
                                 req.remote_address);
    if (!form.get("state").empty())
      svc.officers.set_person_fact(actor, id, std::string(kFactVneidState), form.get("state"),
                                   req.remote_address);
    return http::redirect(req, "/quan-tri/cong-dan/" + std::to_string(id));
  });
}

}  // namespace cds::accounts
