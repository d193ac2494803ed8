// The HTML side of accounts: every form carries a CSRF token, works without JavaScript, and
// says what went wrong in the reader's language, keeping what they typed (never a password).
#include "web/pages.h"

#include <boost/json.hpp>

#include "accounts/admin_shared.h"
#include "accounts/http_auth.h"
#include "accounts/routes.h"
#include "accounts/service.h"
#include "accounts/workspace.h"
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

// The consents asked at sign-up, as checkboxes (those in values["consents"] ticked).
json::array sign_up_consents(const web::AppContext& app, const Request& req,
                             const json::object& values) {
  std::string lang = app.renderer.language(req);
  const auto* ticked = values.if_contains("consents");
  json::array out;
  for (const auto& purpose : consent_purposes()) {
    if (purpose.sign_up_key.empty()) continue;
    bool checked = false;
    if (ticked && ticked->is_array())
      for (const auto& code : ticked->as_array())
        checked = checked || (code.is_string() && code.as_string() == purpose.code);
    out.push_back(
        json::object{{"code", purpose.code},
                     {"label", app.catalogues.text(lang, std::string(purpose.sign_up_key))},
                     {"checked", checked}});
  }
  return out;
}

Response see_other(const Request& req, const std::string& location) {
  return http::redirect(req, location);
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
    values["consent_choices"] = sign_up_consents(*ctx, req, values);
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
                        {"accept_terms", form.has("accept_terms")}};
    std::vector<std::string> consents;
    for (const auto& purpose : consent_purposes())
      if (!purpose.sign_up_key.empty() && form.has("consent_" + std::string(purpose.code)))
        consents.emplace_back(purpose.code);
    values["consents"] = json::value_from(consents);
    try {
      if (!form.has("accept_terms"))
        throw Error(ErrorKind::bad_input, "consent_required", "Consent is required");
      svc.identity.register_citizen({form.get("phone"), form.get("password"), form.get("full_name"),
                                     form.get("unit_code"), consents},
                                    req.remote_address);
    } catch (const Error& e) {
      return register_form(req, std::move(values), message_for(*ctx, req, e),
                           http::status_for(e.kind));
    }
    return page(*ctx, req, "verify", "auth.verify.title",
                json::object{{"phone", national_phone(
                                           text::normalize_phone(form.get("phone")).phone->e164)}});
  });
  router.post("/xac-minh", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    try {
      Session s =
          svc.identity.verify_registration(form.get("phone"), form.get("code"), req.remote_address);
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

// A visitor's home page starts with how to sign in or up.
web::HomeSectionSource visitor_home_section(web::AppContext& app) {
  web::AppContext* ctx = &app;
  return [ctx](const Request& req, const std::string& lang) -> std::optional<web::HomeSection> {
    if (current_actor(*ctx->accounts, req).signed_in()) return std::nullopt;
    auto t = [&](const std::string& key) { return ctx->catalogues.text(lang, key); };
    web::HomeSection section{
        t("home.visitor.heading"),
        {{t("nav.sign_in"), "/dang-nhap", ""}, {t("nav.sign_up"), "/dang-ky", ""}},
        "",
        ""};
    section.text = t("home.visitor.text");
    section.buttons = true;
    return section;
  };
}

// Sign-in and sign-out.
void add_sign_in_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;

  // ---- sign-in and sign-out ----
  // Where a sign-in goes: an officer to their workspace (or the officer's page that asked
  // for it), anyone else back to the page they came from.
  auto landing = [ctx, &svc](const Session& s, const std::string& next) -> std::string {
    bool officer =
        ctx->workspace && ctx->workspace->has_work(svc.identity.actor_for_session(s.token));
    if (officer && !next.starts_with("/can-bo") && !next.starts_with("/quan-tri")) return "/can-bo";
    return next.empty() ? "/" : next;
  };
  auto signed_in = [ctx, landing](const Request& req, const Session& s, const std::string& next) {
    Response res = see_other(req, http::percent_encode_path(landing(s, next)));
    res.set(http::beast_http::field::set_cookie, session_cookie(s, ctx->secure_cookies));
    return res;
  };
  router.get("/dang-nhap", [ctx](Request& req) {
    return page(*ctx, req, "login", "auth.login.title",
                json::object{{"next", web::local_path(req.query_param("tiep").value_or(""))}});
  });
  router.post("/dang-nhap", [ctx, &svc, signed_in](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    std::string next = web::local_path(form.get("next"));
    try {
      return signed_in(
          req, svc.identity.login(form.get("phone"), form.get("password"), req.remote_address),
          next);
    } catch (const Error& e) {
      // A password an operator was shown: the person chooses their own before anything else.
      if (e.code == "password_must_change")
        return page(*ctx, req, "password_change", "auth.change.title",
                    json::object{{"phone", form.get("phone")}, {"next", next}, {"one_time", true}});
      return page(
          *ctx, req, "login", "auth.login.title",
          json::object{
              {"phone", form.get("phone")}, {"next", next}, {"error", message_for(*ctx, req, e)}},
          http::status_for(e.kind));
    }
  });
  router.get("/doi-mat-khau", [ctx](Request& req) {
    return page(*ctx, req, "password_change", "auth.change.title", json::object{});
  });
  router.post("/doi-mat-khau", [ctx, &svc, signed_in](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    std::string next = web::local_path(form.get("next"));
    try {
      if (form.get("password") != form.get("password_again"))
        throw Error(ErrorKind::bad_input, "passwords_differ", "The two new passwords differ");
      return signed_in(req,
                       svc.identity.replace_password(form.get("phone"), form.get("current"),
                                                     form.get("password"), req.remote_address),
                       next);
    } catch (const Error& e) {
      return page(*ctx, req, "password_change", "auth.change.title",
                  json::object{{"phone", form.get("phone")},
                               {"next", next},
                               {"one_time", form.get("one_time") == "1"},
                               {"error", message_for(*ctx, req, e)}},
                  http::status_for(e.kind));
    }
  });
  router.post("/dang-xuat", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc.identity.logout(req.cookie("sid").value_or(""));
    Response res = see_other(req, "/");
    res.set(http::beast_http::field::set_cookie, clear_session_cookie(ctx->secure_cookies));
    return res;
  });
}

// The forgotten password: a code by text, then a new password.
void add_password_reset_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;
  router.get("/quen-mat-khau", [ctx](Request& req) {
    return page(*ctx, req, "reset_request", "auth.reset.title", json::object{});
  });
  router.post("/quen-mat-khau", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    try {
      svc.identity.request_password_reset(form.get("phone"), req.remote_address);
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
      Session s = svc.identity.complete_password_reset(form.get("phone"), form.get("code"),
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
    if (!actor.signed_in()) return web::sign_in_first(req);
    Account a = svc.profile.own_account(actor);
    std::string lang = ctx->renderer.language(req);
    json::object data = person_view(*ctx, a, lang);
    data["communes"] = communes(*ctx, a.home_unit_code);
    json::array villages;
    for (const auto& v : ctx->units.villages(a.home_unit_code))
      villages.push_back(
          json::object{{"code", v.code}, {"name", v.name}, {"selected", v.code == a.village_code}});
    data["has_villages"] = !villages.empty();
    data["no_village"] = a.village_code.empty();
    data["villages"] = std::move(villages);
    json::array consents;
    for (const auto& purpose : consent_purposes()) {
      if (purpose.code == "account") continue;
      bool granted = false;
      for (const auto& c : a.consents)
        if (c.purpose == purpose.code) granted = c.granted;
      consents.push_back(
          json::object{{"purpose", purpose.code},
                       {"label", ctx->catalogues.text(lang, std::string(purpose.label_key))},
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
    // The modules' links: one's own things ("account"), one's work ("account_work").
    if (ctx->links) {
      data["module_links"] = ctx->links("account", req);
      data["work_links"] = ctx->links("account_work", req);
    }
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
    if (form.has("village_code")) change.village_code = form.get("village_code");
    change.ethnic_group = form.get("ethnic_group");
    change.preferred_language = form.get("preferred_language");
    for (std::string_view fact : {kFactSmartphone, kFactPayment, kFactPublicServices})
      if (std::string v = form.get(fact); !v.empty())
        change.facts.emplace_back(std::string(fact), v);
    try {
      svc.profile.update_own_profile(actor, change, req.remote_address);
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
    svc.profile.set_own_consent(current_actor(svc, req), form.get("purpose"),
                                form.get("granted") == "1", req.remote_address);
    return see_other(req, "/tai-khoan");
  });
  router.post("/tai-khoan/xoa", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto d = svc.profile.request_own_deletion(current_actor(svc, req), req.remote_address);
    return page(*ctx, req, "deletion_requested", "account.delete.title",
                json::object{{"due", display_time(d.due_at)}});
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
        list.push_back(json::object{{"phone", national_phone(m.phone)},
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
  add_password_reset_pages(router, app);
  add_own_account_pages(router, app);
  add_data_page(router, app);
  add_admin_front_pages(router, app);
  add_admin_role_pages(router, app);
  add_admin_agency_pages(router, app);
  add_admin_list_pages(router, app);
  add_workspace_routes(router, app);
  add_confirmation_pages(router, app);
  add_dev_outbox_pages(router, app);
}

}  // namespace cds::accounts
