#include <algorithm>
#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "accounts/routes.h"
#include "accounts/service.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "http/body.h"
#include "http/response.h"
#include "units/service.h"
#include "web/csrf.h"

namespace cds::accounts {
namespace json = boost::json;
using http::Request;
using http::Status;

boost::json::object profile_json(const Account& a, const web::AppContext& app) {
  json::object o;
  o["id"] = a.id;
  o["phone"] = a.phone;
  if (auto p = text::normalize_phone(a.phone); p.phone) o["phone_national"] = p.phone->national;
  o["full_name"] = a.full_name;
  o["cccd"] = a.cccd.empty() ? json::value(nullptr) : json::value(a.cccd);
  json::object unit;
  unit["code"] = a.home_unit_code;
  if (auto u = app.units.find(units::kGeneration2025, a.home_unit_code))
    unit["name"] = app.units.full_name(*u);
  o["home_unit"] = std::move(unit);
  json::object village;
  if (auto v = app.units.find(units::kGeneration2025, a.village_code)) {
    village["code"] = v->code;
    village["name"] = v->name;
    if (auto id = units::village_id_of(v->code)) village["id"] = *id;
  }
  o["village"] = village.empty() ? json::value(nullptr) : json::value(std::move(village));
  o["ethnic_group"] = a.ethnic_group;
  o["preferred_language"] = a.preferred_language;
  o["status"] = a.status;
  o["created_at"] = a.created_at;
  json::array roles, scopes, facts, consents;
  for (Role r : a.roles) roles.push_back(json::string(role_name(r)));
  for (const auto& s : a.scopes) {
    json::object so{{"unit_code", s.unit_code}};
    so["agency_id"] = s.agency_id ? json::value(*s.agency_id) : json::value(nullptr);
    scopes.push_back(so);
  }
  for (const auto& f : a.facts)
    facts.push_back(json::object{{"fact", f.fact},
                                 {"value", f.value},
                                 {"source", f.source},
                                 {"recorded_at", f.recorded_at}});
  for (const auto& c : a.consents)
    consents.push_back(json::object{{"purpose", c.purpose},
                                    {"granted", c.granted},
                                    {"text_version", c.text_version},
                                    {"decided_at", c.decided_at}});
  o["roles"] = std::move(roles);
  o["scopes"] = std::move(scopes);
  o["facts"] = std::move(facts);
  o["consents"] = std::move(consents);
  return o;
}

namespace {

std::string required(const json::object& body, std::string_view key) {
  auto v = http::json_string(body, key);
  if (!v) throw Error(ErrorKind::bad_input, "missing_field", std::string(key) + " is required");
  return *v;
}

http::Response with_session(const Request& req, const Session& s, const web::AppContext& app,
                            json::object body) {
  // Clients that are not browsers send this token back in X-CSRF-Token with each change they
  // make under the session cookie (browsers prove the origin with their own headers).
  http::Response res;
  std::string token = app.csrf->new_token(res, app.secure_cookies);
  body["csrf_token"] = token;
  http::Response out = http::json_response(req, body);
  out.insert(http::beast_http::field::set_cookie, session_cookie(s, app.secure_cookies));
  for (const auto& field : res) out.insert(field.name(), field.value());
  out.set(http::beast_http::field::cache_control, "no-store");
  return out;
}

json::object key_json(const ApiKeyRow& k) {
  json::object o{{"id", k.id},
                 {"name", k.name},
                 {"prefix", k.prefix},
                 {"scopes", k.scopes},
                 {"created_at", k.created_at}};
  o["revoked_at"] = k.revoked_at.empty() ? json::value(nullptr) : json::value(k.revoked_at);
  return o;
}

json::object deletion_json(const DeletionRequest& d) {
  json::object o{{"id", d.id},
                 {"account_id", d.account_id},
                 {"requested_at", d.requested_at},
                 {"due_at", d.due_at},
                 {"status", d.status}};
  o["done_at"] = d.done_at.empty() ? json::value(nullptr) : json::value(d.done_at);
  return o;
}

std::optional<int64_t> int_param(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  try {
    size_t used = 0;
    int64_t n = std::stoll(*v, &used);
    if (used == v->size()) return n;
  } catch (...) {
  }
  throw Error(ErrorKind::bad_input, "bad_parameter", std::string(name) + " must be a number");
}

}  // namespace

// Sign-up, sign-in, sign-out and password reset.
void add_sign_in_api_routes(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;

  // ---- sign-up and sign-in ----
  router.post("/api/v1/auth/register", [&svc](Request& req) {
    auto body = http::json_body(req);
    if (http::json_bool(body, "accept_terms") != true)
      throw Error(ErrorKind::bad_input, "consent_required", "Consent to the terms is required");
    NewAccount n{required(body, "phone"),
                 required(body, "password"),
                 required(body, "full_name"),
                 required(body, "unit_code"),
                 {}};
    for (const auto& purpose : consent_purposes())
      if (!purpose.sign_up_key.empty() &&
          http::json_bool(body, "consent_" + std::string(purpose.code)).value_or(false))
        n.consents.emplace_back(purpose.code);
    svc.identity.register_citizen(n, req.remote_address);
    return http::json_response(req, json::object{{"status", "code_sent"}}, Status::accepted);
  });

  router.post("/api/v1/auth/verify", [&svc, ctx](Request& req) {
    auto body = http::json_body(req);
    Session s = svc.identity.verify_registration(required(body, "phone"), required(body, "code"),
                                                 req.remote_address);
    return with_session(req, s, *ctx,
                        json::object{{"status", "signed_in"}, {"account_id", s.account_id}});
  });

  router.post("/api/v1/auth/login", [&svc, ctx](Request& req) {
    auto body = http::json_body(req);
    Session s =
        svc.identity.login(required(body, "phone"), required(body, "password"), req.remote_address);
    return with_session(req, s, *ctx,
                        json::object{{"status", "signed_in"}, {"account_id", s.account_id}});
  });

  router.post("/api/v1/auth/password", [&svc, ctx](Request& req) {
    auto body = http::json_body(req);
    Session s = svc.identity.replace_password(required(body, "phone"), required(body, "password"),
                                              required(body, "new_password"), req.remote_address);
    return with_session(req, s, *ctx,
                        json::object{{"status", "signed_in"}, {"account_id", s.account_id}});
  });

  router.post("/api/v1/auth/logout", [&svc, ctx](Request& req) {
    svc.identity.logout(req.cookie("sid").value_or(""));
    http::Response res = http::make_response(req, Status::no_content, "", "application/json");
    res.set(http::beast_http::field::set_cookie, clear_session_cookie(ctx->secure_cookies));
    return res;
  });

  router.post("/api/v1/auth/reset", [&svc](Request& req) {
    auto body = http::json_body(req);
    svc.identity.request_password_reset(required(body, "phone"), req.remote_address);
    return http::json_response(req, json::object{{"status", "code_sent_if_registered"}},
                               Status::accepted);
  });

  router.post("/api/v1/auth/reset/verify", [&svc, ctx](Request& req) {
    auto body = http::json_body(req);
    Session s =
        svc.identity.complete_password_reset(required(body, "phone"), required(body, "code"),
                                             required(body, "password"), req.remote_address);
    return with_session(req, s, *ctx,
                        json::object{{"status", "signed_in"}, {"account_id", s.account_id}});
  });
}

// One's own account.
void add_own_account_api_routes(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;

  // ---- one's own account ----
  router.get("/api/v1/me", [&svc, ctx](Request& req) {
    Account a = svc.profile.own_account(current_actor(svc, req));
    http::Response res = http::json_response(req, profile_json(a, *ctx));
    res.set(http::beast_http::field::cache_control, "no-store");
    return res;
  });

  router.post("/api/v1/me", [&svc, ctx](Request& req) {
    Actor actor = current_actor(svc, req);
    auto body = http::json_body(req);
    ProfileChange change;
    change.full_name = http::json_string(body, "full_name");
    change.cccd = http::json_string(body, "cccd");
    change.home_unit_code = http::json_string(body, "home_unit_code");
    change.village_code = http::json_string(body, "village_code");
    change.ethnic_group = http::json_string(body, "ethnic_group");
    change.preferred_language = http::json_string(body, "preferred_language");
    for (std::string_view fact : {kFactSmartphone, kFactPayment, kFactPublicServices})
      if (auto v = http::json_string(body, fact)) change.facts.emplace_back(std::string(fact), *v);
    svc.profile.update_own_profile(actor, change, req.remote_address);
    return http::json_response(req, profile_json(svc.profile.own_account(actor), *ctx));
  });

  router.post("/api/v1/me/consents", [&svc, ctx](Request& req) {
    Actor actor = current_actor(svc, req);
    auto body = http::json_body(req);
    auto granted = http::json_bool(body, "granted");
    if (!granted) throw Error(ErrorKind::bad_input, "missing_field", "granted is required");
    svc.profile.set_own_consent(actor, required(body, "purpose"), *granted, req.remote_address);
    return http::json_response(req, profile_json(svc.profile.own_account(actor), *ctx));
  });

  router.get("/api/v1/me/export", [&svc](Request& req) {
    auto data = svc.profile.export_own_data(current_actor(svc, req), req.remote_address);
    http::Response res = http::json_response(req, data);
    res.set(http::beast_http::field::content_disposition,
            "attachment; filename=\"congdanso-du-lieu-cua-toi.json\"");
    res.set(http::beast_http::field::cache_control, "no-store");
    return res;
  });

  router.post("/api/v1/me/delete", [&svc](Request& req) {
    auto d = svc.profile.request_own_deletion(current_actor(svc, req), req.remote_address);
    return http::json_response(req, deletion_json(d), Status::accepted);
  });
}

// Officers: people of their units, their facts, the VNeID list.
void add_officer_api_routes(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;

  // ---- officers ----
  router.get("/api/v1/people", [&svc, ctx](Request& req) {
    auto phone = req.query_param("phone");
    if (!phone || phone->empty())
      throw Error(ErrorKind::bad_input, "missing_field", "phone is required");
    Account a = svc.officers.person_by_phone(current_actor(svc, req), *phone, req.remote_address);
    return http::json_response(req, profile_json(a, *ctx));
  });

  router.get("/api/v1/people/{id:int}", [&svc, ctx](Request& req) {
    Account a =
        svc.officers.person(current_actor(svc, req), req.path_int("id"), req.remote_address);
    return http::json_response(req, profile_json(a, *ctx));
  });

  router.post("/api/v1/people/{id:int}/facts", [&svc](Request& req) {
    Actor actor = current_actor(svc, req);
    auto body = http::json_body(req);
    svc.officers.set_person_fact(actor, req.path_int("id"), required(body, "fact"),
                                 required(body, "value"), req.remote_address);
    return http::json_response(req, json::object{{"status", "saved"}});
  });

  http::RouteOptions import_options;
  import_options.body_limit = 8 << 20;
  import_options.admit =
      upload_admission(svc, *ctx->csrf, *ctx->upload_budget, [&svc](const Actor& actor, Request&) {
        require(actor, Action::import_vneid, {}, svc.unit_parent());
      });
  router.post(
      "/api/v1/people/vneid-import",
      [&svc](Request& req) {
        Actor actor = current_actor(svc, req);
        if (http::media_type(req.header("Content-Type")) != "text/csv")
          throw Error(ErrorKind::unsupported_type, "unsupported_media_type",
                      "Send the list as text/csv");
        auto report = svc.officers.import_vneid(actor, req.raw.body(), req.remote_address);
        json::array problems;
        for (const auto& p : report.problems) problems.push_back(json::string(p));
        return http::json_response(req, json::object{{"id", report.id},
                                                     {"rows", report.rows},
                                                     {"applied", report.applied},
                                                     {"problems", std::move(problems)}});
      },
      import_options);
}

// Administrators: agencies, roles, API keys.
void add_admin_api_routes(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;

  // ---- administrators ----
  router.get("/api/v1/admin/agencies", [&svc](Request& req) {
    json::array list;
    for (const auto& a : svc.admin.list_agencies(current_actor(svc, req)))
      list.push_back(json::object{
          {"id", a.id}, {"name", a.name}, {"name_en", a.name_en}, {"unit_code", a.unit_code}});
    return http::json_response(req, json::object{{"agencies", std::move(list)}});
  });

  router.post("/api/v1/admin/agencies", [&svc](Request& req) {
    Actor actor = current_actor(svc, req);
    auto body = http::json_body(req);
    Agency a{0, required(body, "name"), http::json_string(body, "name_en").value_or(""),
             required(body, "unit_code")};
    a = svc.admin.create_agency(actor, a, req.remote_address);
    return http::json_response(
        req,
        json::object{
            {"id", a.id}, {"name", a.name}, {"name_en", a.name_en}, {"unit_code", a.unit_code}},
        Status::created);
  });

  router.post("/api/v1/admin/roles", [&svc, ctx](Request& req) {
    Actor actor = current_actor(svc, req);
    auto body = http::json_body(req);
    auto role = parse_role(required(body, "role"));
    if (!role) throw Error(ErrorKind::bad_input, "bad_role", "Unknown role");
    Scope scope{http::json_int(body, "agency_id"),
                http::json_string(body, "unit_code").value_or("")};
    Account a =
        svc.admin.grant_role(actor, required(body, "phone"), *role, scope, req.remote_address);
    json::array roles;
    for (Role r : a.roles) roles.push_back(json::string(role_name(r)));
    return http::json_response(req,
                               json::object{{"account_id", a.id}, {"roles", std::move(roles)}});
  });

  router.post("/api/v1/admin/roles/revoke", [&svc](Request& req) {
    Actor actor = current_actor(svc, req);
    auto body = http::json_body(req);
    auto role = parse_role(required(body, "role"));
    auto id = http::json_int(body, "account_id");
    if (!role || !id)
      throw Error(ErrorKind::bad_input, "bad_role", "account_id and a known role are required");
    svc.admin.revoke_role(actor, *id, *role, required(body, "reason"), req.remote_address);
    return http::json_response(req, json::object{{"status", "revoked"}});
  });
  router.get("/api/v1/admin/roles", [&svc](Request& req) {
    json::array list;
    for (const auto& h : svc.admin.role_holders_in_reach(current_actor(svc, req)))
      list.push_back(json::object{
          {"account_id", h.account_id},
          {"full_name", h.full_name},
          {"role", h.role},
          {"unit_code", h.unit_code},
          {"agency_id", h.agency_id ? json::value(h.agency_id) : json::value(nullptr)}});
    return http::json_response(req, json::object{{"roles", std::move(list)}});
  });

  router.get("/api/v1/admin/api-keys", [&svc](Request& req) {
    json::array list;
    for (const auto& k : svc.admin.list_api_keys(current_actor(svc, req)))
      list.push_back(key_json(k));
    return http::json_response(req, json::object{{"api_keys", std::move(list)}});
  });

  router.post("/api/v1/admin/api-keys", [&svc](Request& req) {
    Actor actor = current_actor(svc, req);
    auto body = http::json_body(req);
    auto k = svc.admin.create_api_key(actor, required(body, "name"),
                                      http::json_string(body, "scopes").value_or(""),
                                      req.remote_address);
    http::Response res =
        http::json_response(req, json::object{{"id", k.id}, {"key", k.key}}, Status::created);
    res.set(http::beast_http::field::cache_control, "no-store");
    return res;
  });

  router.post("/api/v1/admin/api-keys/{id:int}/revoke", [&svc](Request& req) {
    svc.admin.revoke_api_key(current_actor(svc, req), req.path_int("id"), req.remote_address);
    return http::json_response(req, json::object{{"status", "revoked"}});
  });
}

// Administrators: the audit log and deletion requests.
void add_oversight_api_routes(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  router.get("/api/v1/admin/audit", [&svc](Request& req) {
    audit::Filter f;
    f.actor = int_param(req, "actor");
    f.subject = int_param(req, "subject");
    f.action = req.query_param("action").value_or("");
    f.unit_code = req.query_param("unit").value_or("");
    f.from = req.query_param("from").value_or("");
    f.to = req.query_param("to").value_or("");
    if (auto limit = int_param(req, "limit"))
      f.limit = static_cast<size_t>(std::clamp<int64_t>(*limit, 1, 1000));
    json::array rows;
    for (const auto& r : svc.admin.audit_log(current_actor(svc, req), f)) {
      json::object o{{"id", r.id},         {"at", r.at}, {"action", r.action},
                     {"detail", r.detail}, {"ip", r.ip}, {"unit_code", r.unit_code}};
      o["actor_account"] = r.actor_account ? json::value(r.actor_account) : json::value(nullptr);
      o["actor_api_key"] = r.actor_api_key ? json::value(r.actor_api_key) : json::value(nullptr);
      o["subject_account"] =
          r.subject_account ? json::value(r.subject_account) : json::value(nullptr);
      rows.push_back(std::move(o));
    }
    return http::json_response(req, json::object{{"entries", std::move(rows)}});
  });

  router.get("/api/v1/admin/deletion-requests", [&svc](Request& req) {
    json::array list;
    for (const auto& d : svc.admin.deletion_requests(current_actor(svc, req)))
      list.push_back(deletion_json(d));
    return http::json_response(req, json::object{{"deletion_requests", std::move(list)}});
  });

  router.post("/api/v1/admin/deletion-requests/{id:int}/execute", [&svc](Request& req) {
    svc.admin.carry_out_deletion(current_actor(svc, req), req.path_int("id"), req.remote_address);
    return http::json_response(req, json::object{{"status", "deleted"}});
  });
}

// The development outbox.
void add_dev_outbox_api_routes(http::Router& router, web::AppContext& app) {
  // ---- development outbox: routed only with serve --dev-outbox ----
  if (app.dev_outbox) {
    notify::DevOutbox* outbox = app.dev_outbox;
    router.get(
        "/api/v1/dev/outbox",
        [outbox](Request& req) {
          std::string phone;
          if (auto p = req.query_param("phone"); p && !p->empty()) {
            auto n = text::normalize_phone(*p);
            if (!n.phone)
              throw Error(ErrorKind::bad_input, "bad_phone", "Not a Vietnamese mobile number");
            phone = n.phone->e164;
          }
          json::array list;
          for (const auto& m : outbox->messages(phone))
            list.push_back(json::object{
                {"phone", m.phone}, {"text", m.text}, {"sent_at", timeutil::iso_utc(m.sent_at)}});
          return http::json_response(req, json::object{{"messages", std::move(list)}});
        },
        http::RouteOptions::in_memory());
  }
}

void add_account_api_routes(http::Router& router, web::AppContext& app) {
  add_sign_in_api_routes(router, app);
  add_own_account_api_routes(router, app);
  add_officer_api_routes(router, app);
  add_admin_api_routes(router, app);
  add_oversight_api_routes(router, app);
  add_dev_outbox_api_routes(router, app);
}

}  // namespace cds::accounts
