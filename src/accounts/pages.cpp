// The HTML side of accounts: every form carries a CSRF token, works without JavaScript, and
// says what went wrong in the reader's language, keeping what they typed (never a password).
#include "web/pages.h"

#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "accounts/routes.h"
#include "accounts/service.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "http/body.h"
#include "http/response.h"
#include "notify/sms.h"
#include "units/choices.h"
#include "units/service.h"
#include "web/csrf.h"

namespace cds::accounts {
namespace json = boost::json;
using http::Request;
using http::Response;
using http::Status;

namespace {

using web::display_time;

Response page(const web::AppContext& app, const Request& req, std::string_view name,
              std::string_view title_key, json::object data, Status status = Status::ok) {
  return web::form_page(app, req, name, title_key, std::move(data), status);
}

std::string message_for(const web::AppContext& app, const Request& req, const Error& e) {
  return web::error_message(app, req, e);
}

json::array communes(const web::AppContext& app, const std::string& selected) {
  return units::commune_choices(app.units, app.province_code, selected);
}

Response see_other(const Request& req, const std::string& location) {
  return http::redirect(req, location);
}

std::string national(const std::string& phone) {
  auto p = text::normalize_phone(phone);
  return p.phone ? p.phone->national : phone;
}

json::object person_view(const web::AppContext& app, const Account& a, const std::string& lang) {
  json::object o = profile_json(a, app);
  o["phone_national"] = national(a.phone);
  json::array facts;
  for (const auto& f : a.facts) {
    std::string label_key = "fact." + f.fact;
    std::string value_key = "fact.value." + f.value;
    const std::string& value_text = app.catalogues.text(lang, value_key);
    facts.push_back(json::object{{"label", app.catalogues.text(lang, label_key)},
                                 {"value", value_text == value_key ? f.value : value_text},
                                 {"source", app.catalogues.text(lang, "fact.source." + f.source)},
                                 {"at", display_time(f.recorded_at)}});
  }
  o["fact_rows"] = std::move(facts);
  o["has_facts"] = !a.facts.empty();
  return o;
}

}  // namespace

// Sign-up: the form, then the texted code.
void add_sign_up_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;

  // ---- sign-up: form, then the code ----
  auto register_form = [ctx](const Request& req, json::object values, const std::string& error,
                             Status status) {
    values["communes"] = communes(
        *ctx, std::string(values["unit_code"].is_string() ? values["unit_code"].as_string() : ""));
    if (!error.empty()) values["error"] = error;
    return page(*ctx, req, "register", "auth.register.title", std::move(values), status);
  };
  router.get("/dang-ky", [register_form](Request& req) {
    return register_form(req, json::object{{"unit_code", ""}}, "", Status::ok);
  });
  router.post("/dang-ky", [ctx, &svc, register_form](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    json::object values{{"phone", form.get("phone")},
                        {"full_name", form.get("full_name")},
                        {"unit_code", form.get("unit_code")},
                        {"consent_statistics", form.has("consent_statistics")}};
    try {
      if (!form.has("accept_terms"))
        throw Error(ErrorKind::bad_input, "consent_required", "Consent is required");
      svc.register_citizen({form.get("phone"), form.get("password"), form.get("full_name"),
                            form.get("unit_code"), form.has("consent_statistics")},
                           req.remote_address);
    } catch (const Error& e) {
      return register_form(req, std::move(values), message_for(*ctx, req, e),
                           http::status_for(e.kind));
    }
    return page(
        *ctx, req, "verify", "auth.verify.title",
        json::object{{"phone", national(text::normalize_phone(form.get("phone")).phone->e164)}});
  });
  router.post("/xac-minh", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    try {
      Session s = svc.verify_registration(form.get("phone"), form.get("code"), req.remote_address);
      Response res = see_other(req, "/tai-khoan");
      res.set(http::beast_http::field::set_cookie, session_cookie(s, ctx->secure_cookies));
      return res;
    } catch (const Error& e) {
      return page(*ctx, req, "verify", "auth.verify.title",
                  json::object{{"phone", form.get("phone")}, {"error", message_for(*ctx, req, e)}},
                  http::status_for(e.kind));
    }
  });
}

// Sign-in and sign-out; the forgotten password.
void add_sign_in_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;

  // ---- sign-in and sign-out ----
  router.get("/dang-nhap", [ctx](Request& req) {
    return page(*ctx, req, "login", "auth.login.title", json::object{});
  });
  router.post("/dang-nhap", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    try {
      Session s = svc.login(form.get("phone"), form.get("password"), req.remote_address);
      Response res = see_other(req, "/tai-khoan");
      res.set(http::beast_http::field::set_cookie, session_cookie(s, ctx->secure_cookies));
      return res;
    } catch (const Error& e) {
      return page(*ctx, req, "login", "auth.login.title",
                  json::object{{"phone", form.get("phone")}, {"error", message_for(*ctx, req, e)}},
                  http::status_for(e.kind));
    }
  });
  router.post("/dang-xuat", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc.logout(req.cookie("sid").value_or(""));
    Response res = see_other(req, "/");
    res.set(http::beast_http::field::set_cookie, clear_session_cookie(ctx->secure_cookies));
    return res;
  });

  // ---- forgotten password ----
  router.get("/quen-mat-khau", [ctx](Request& req) {
    return page(*ctx, req, "reset_request", "auth.reset.title", json::object{});
  });
  router.post("/quen-mat-khau", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    try {
      svc.request_password_reset(form.get("phone"), req.remote_address);
    } catch (const Error& e) {
      return page(*ctx, req, "reset_request", "auth.reset.title",
                  json::object{{"phone", form.get("phone")}, {"error", message_for(*ctx, req, e)}},
                  http::status_for(e.kind));
    }
    return page(*ctx, req, "reset_verify", "auth.reset.title",
                json::object{{"phone", form.get("phone")}});
  });
  router.post("/dat-lai-mat-khau", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    try {
      Session s = svc.complete_password_reset(form.get("phone"), form.get("code"),
                                              form.get("password"), req.remote_address);
      Response res = see_other(req, "/tai-khoan");
      res.set(http::beast_http::field::set_cookie, session_cookie(s, ctx->secure_cookies));
      return res;
    } catch (const Error& e) {
      return page(*ctx, req, "reset_verify", "auth.reset.title",
                  json::object{{"phone", form.get("phone")}, {"error", message_for(*ctx, req, e)}},
                  http::status_for(e.kind));
    }
  });
}

// One's own account.
void add_own_account_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;

  // ---- one's own account ----
  router.get("/tai-khoan", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    if (!actor.signed_in()) return see_other(req, "/dang-nhap");
    Account a = svc.own_account(actor);
    std::string lang = ctx->renderer.language(req);
    json::object data = person_view(*ctx, a, lang);
    data["communes"] = communes(*ctx, a.home_unit_code);
    json::array consents;
    for (std::string_view purpose : kConsentPurposes) {
      if (purpose == "account") continue;
      bool granted = false;
      for (const auto& c : a.consents)
        if (c.purpose == purpose) granted = c.granted;
      consents.push_back(
          json::object{{"purpose", purpose},
                       {"label", ctx->catalogues.text(lang, "consent." + std::string(purpose))},
                       {"granted", granted}});
    }
    data["consent_rows"] = std::move(consents);
    for (std::string_view fact : {kFactSmartphone, kFactPayment, kFactPublicServices}) {
      std::string value;
      for (const auto& f : a.facts)
        if (f.fact == fact) value = f.value;
      data[std::string(fact) + "_yes"] = value == "yes";
      data[std::string(fact) + "_no"] = value == "no";
    }
    data["lang_vi"] = a.preferred_language == "vi";
    data["lang_en"] = a.preferred_language == "en";
    data["saved"] = req.query_param("saved").has_value();
    auto unit = ctx->units.find(units::kGeneration2025, a.home_unit_code);
    data["home_unit_name"] = unit ? ctx->units.full_name(*unit) : "";
    data["may_administer"] =
        decide(actor, Action::look_up_people, {}, svc.unit_parent()) == Decision::allow ||
        decide(actor, Action::manage_api_keys, {}, svc.unit_parent()) == Decision::allow;
    return page(*ctx, req, "account", "account.title", std::move(data));
  });
  router.post("/tai-khoan", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Actor actor = current_actor(svc, req);
    ProfileChange change;
    change.full_name = form.get("full_name");
    change.cccd = form.get("cccd");
    change.home_unit_code = form.get("unit_code");
    change.ethnic_group = form.get("ethnic_group");
    change.preferred_language = form.get("preferred_language");
    for (std::string_view fact : {kFactSmartphone, kFactPayment, kFactPublicServices})
      if (std::string v = form.get(fact); !v.empty())
        change.facts.emplace_back(std::string(fact), v);
    try {
      svc.update_own_profile(actor, change, req.remote_address);
    } catch (const Error& e) {
      if (e.kind != ErrorKind::bad_input) throw;
      json::object data{{"error", message_for(*ctx, req, e)}};
      return page(*ctx, req, "account_error", "account.title", std::move(data),
                  Status::bad_request);
    }
    return see_other(req, "/tai-khoan?saved=1");
  });
  router.post("/tai-khoan/dong-y", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc.set_own_consent(current_actor(svc, req), form.get("purpose"), form.get("granted") == "1",
                        req.remote_address);
    return see_other(req, "/tai-khoan");
  });
  router.post("/tai-khoan/xoa", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto d = svc.request_own_deletion(current_actor(svc, req), req.remote_address);
    return page(*ctx, req, "deletion_requested", "account.delete.title",
                json::object{{"due", display_time(d.due_at)}});
  });
}

// Officers and administrators: the overview, API keys, deletions, agencies.
void add_admin_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;

  // ---- officers and administrators ----
  router.get("/quan-tri", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    if (actor.anonymous()) return see_other(req, "/dang-nhap");
    auto allowed = [&](Action a) {
      return decide(actor, a, {}, svc.unit_parent()) == Decision::allow;
    };
    json::object data;
    data["may_look_up"] = allowed(Action::look_up_people);
    data["may_manage_keys"] = allowed(Action::manage_api_keys);
    data["may_handle_deletion"] = allowed(Action::handle_deletion);
    data["may_view_audit"] = allowed(Action::view_audit);
    data["may_grant"] = allowed(Action::administer_units);
    if (!may_open_administration(actor, svc.unit_parent()))
      throw Error(ErrorKind::forbidden, "forbidden", "Not allowed");
    if (data["may_manage_keys"].as_bool()) {
      json::array keys;
      for (const auto& k : svc.list_api_keys(actor))
        keys.push_back(json::object{{"id", k.id},
                                    {"name", k.name},
                                    {"prefix", k.prefix},
                                    {"scopes", k.scopes},
                                    {"created", display_time(k.created_at)},
                                    {"revoked", !k.revoked_at.empty()}});
      data["keys"] = std::move(keys);
    }
    if (data["may_handle_deletion"].as_bool()) {
      json::array requests;
      for (const auto& d : svc.deletion_requests(actor))
        requests.push_back(
            json::object{{"id", d.id},
                         {"account_id", d.account_id},
                         {"requested", display_time(d.requested_at)},
                         {"due", display_time(d.due_at)},
                         {"pending", d.status == "pending"},
                         {"overdue", d.status == "pending" && d.due_at < store::now()}});
      data["deletions"] = std::move(requests);
    }
    if (data["may_grant"].as_bool()) {
      json::array agencies;
      for (const auto& a : svc.list_agencies(actor)) {
        auto unit = ctx->units.find(units::kGeneration2025, a.unit_code);
        agencies.push_back(json::object{
            {"id", a.id}, {"name", a.name}, {"unit", unit ? unit->name : a.unit_code}});
      }
      data["agencies"] = std::move(agencies);
    }
    return page(*ctx, req, "admin", "admin.title", std::move(data));
  });
  router.post("/quan-tri/khoa-api", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Actor actor = current_actor(svc, req);
    auto k = svc.create_api_key(actor, form.get("name"), form.get("scopes"), req.remote_address);
    // Shown once, on this response only; never in a URL or a log.
    return page(*ctx, req, "api_key_created", "admin.title",
                json::object{{"key", k.key}, {"id", k.id}});
  });
  router.post("/quan-tri/khoa-api/{id:int}/thu-hoi", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc.revoke_api_key(current_actor(svc, req), req.path_int("id"), req.remote_address);
    return see_other(req, "/quan-tri");
  });
  router.post("/quan-tri/yeu-cau-xoa/{id:int}/thuc-hien", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc.carry_out_deletion(current_actor(svc, req), req.path_int("id"), req.remote_address);
    return see_other(req, "/quan-tri");
  });
  router.post("/quan-tri/co-quan", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc.create_agency(current_actor(svc, req),
                      {0, form.get("name"), form.get("name_en"), form.get("unit_code")},
                      req.remote_address);
    return see_other(req, "/quan-tri");
  });
  // The commune police's VNeID list, uploaded as a CSV file; the report lists the rows that
  // did not match an account or fall outside the officer's units.
}

// Officers: the VNeID list, roles, people of their units, the audit log.
void add_people_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;

  http::RouteOptions upload;
  upload.multipart = true;
  upload.body_limit = 9 << 20;
  upload.multipart_limits.max_parts = 4;
  upload.multipart_limits.max_file_bytes = 8 << 20;
  upload.admit =
      upload_admission(svc, *ctx->csrf, *ctx->upload_budget, [&svc](const Actor& actor, Request&) {
        require(actor, Action::import_vneid, {}, svc.unit_parent());
      });
  router.post(
      "/quan-tri/nhap-vneid",
      [ctx, &svc](Request& req) {
        auto form = http::form_body(req);
        ctx->csrf->check(req, form);
        auto files = req.form->files("file");
        if (files.empty() || files[0]->size == 0)
          throw Error(ErrorKind::bad_input, "bad_csv", "Choose the CSV file of the list");
        std::string csv = files[0]->read_all();
        auto report = svc.import_vneid(current_actor(svc, req), csv, req.remote_address);
        json::array problems;
        for (const auto& p : report.problems) problems.push_back(json::string(p));
        return page(*ctx, req, "vneid_report", "admin.import.title",
                    json::object{{"rows", report.rows},
                                 {"applied", report.applied},
                                 {"has_problems", !problems.empty()},
                                 {"problems", std::move(problems)}});
      },
      upload);
  router.post("/quan-tri/vai-tro", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto role = parse_role(form.get("role"));
    if (!role) throw Error(ErrorKind::bad_input, "bad_role", "Unknown role");
    Scope scope{std::nullopt, form.get("unit_code")};
    svc.grant_role(current_actor(svc, req), form.get("phone"), *role, scope, req.remote_address);
    return see_other(req, "/quan-tri");
  });
  router.get("/quan-tri/cong-dan", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    Account a =
        svc.person_by_phone(actor, req.query_param("phone").value_or(""), req.remote_address);
    json::object data = person_view(*ctx, a, ctx->renderer.language(req));
    auto unit = ctx->units.find(units::kGeneration2025, a.home_unit_code);
    data["home_unit_name"] = unit ? ctx->units.full_name(*unit) : "";
    for (const auto& f : a.facts) {  // the form starts from what is recorded
      if (f.fact == kFactVneidLevel) data["level_" + f.value] = true;
      if (f.fact == kFactVneidState) data["state_" + f.value] = true;
    }
    return page(*ctx, req, "person", "admin.person.title", std::move(data));
  });
  router.post("/quan-tri/cong-dan/{id:int}/vneid", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Actor actor = current_actor(svc, req);
    int64_t id = req.path_int("id");
    svc.set_person_fact(actor, id, std::string(kFactVneidLevel), form.get("level"),
                        req.remote_address);
    if (!form.get("state").empty())
      svc.set_person_fact(actor, id, std::string(kFactVneidState), form.get("state"),
                          req.remote_address);
    Account a = svc.person(actor, id, req.remote_address);
    return see_other(req, "/quan-tri/cong-dan?phone=" + national(a.phone));
  });
  router.get("/quan-tri/nhat-ky", [ctx, &svc](Request& req) {
    audit::Filter f;
    f.action = req.query_param("action").value_or("");
    json::array rows;
    for (const auto& r : svc.audit_log(current_actor(svc, req), f))
      rows.push_back(json::object{
          {"at", display_time(r.at)},
          {"action", r.action},
          {"actor", r.actor_account ? std::to_string(r.actor_account)
                                    : (r.actor_api_key ? "key " + std::to_string(r.actor_api_key)
                                                       : std::string("—"))},
          {"subject", r.subject_account ? std::to_string(r.subject_account) : "—"},
          {"detail", r.detail},
          {"ip", r.ip}});
    return page(*ctx, req, "audit", "admin.audit.title",
                json::object{{"rows", std::move(rows)}, {"action", f.action}});
  });
}

// The development outbox.
void add_dev_outbox_pages(http::Router& router, web::AppContext& app) {
  web::AppContext* ctx = &app;

  // ---- development outbox ----
  if (app.dev_outbox) {
    notify::DevOutbox* outbox = app.dev_outbox;
    router.get("/dev/outbox", [ctx, outbox](Request& req) {
      json::array list;
      for (const auto& m : outbox->messages(""))
        list.push_back(json::object{{"phone", national(m.phone)},
                                    {"text", m.text},
                                    {"at", display_time(timeutil::iso_utc(m.sent_at))}});
      return page(*ctx, req, "dev_outbox", "dev.outbox.title",
                  json::object{{"messages", std::move(list)}});
    });
  }
}

void add_account_pages(http::Router& router, web::AppContext& app) {
  add_sign_up_pages(router, app);
  add_sign_in_pages(router, app);
  add_own_account_pages(router, app);
  add_admin_pages(router, app);
  add_workspace_routes(router, app);
  add_confirmation_pages(router, app);
  add_people_pages(router, app);
  add_dev_outbox_pages(router, app);
}

}  // namespace cds::accounts
