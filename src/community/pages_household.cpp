// One's household: /ho-gia-dinh shows it (members, the code to invite the others, the head's
// forms) or offers to create one in one's village or join one by its code. Forms, no
// JavaScript needed; every change comes back here with what happened.
#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "community/forms.h"
#include "community/presenters.h"
#include "community/routes.h"
#include "core/error.h"
#include "http/body.h"
#include "http/response.h"
#include "units/service.h"
#include "web/csrf.h"
#include "web/pages.h"

namespace cds::community {
namespace json = boost::json;
using http::Request;

namespace {

const char* const kDone[] = {"created", "joined", "listed", "removed", "moved", "left"};

json::array village_choices(const units::UnitService& units, const std::string& commune,
                            const std::string& selected) {
  json::array out;
  for (const auto& v : units.villages(commune))
    out.push_back(
        json::object{{"code", v.code}, {"name", v.name}, {"selected", v.code == selected}});
  return out;
}

http::Response household_page(web::AppContext& app, Households& households, const Request& req,
                              const Actor& actor, json::object extra = {},
                              http::Status status = http::Status::ok) {
  std::string lang = app.renderer.language(req);
  json::object data = std::move(extra);
  auto mine = households.mine(actor);
  if (mine) {
    json::object h = household_json(app.units, *mine, true);
    bool head = false;
    for (const auto& m : mine->members)
      if (m.head && m.account_id == actor.account_id) head = true;
    json::array members;
    for (auto m : h["members"].as_array()) {
      json::object& o = m.as_object();
      o["removable"] = head && !(o["head"].as_bool());
      members.push_back(o);
    }
    h["members"] = std::move(members);
    h["village_name"] =
        h["village"].as_object().contains("name") ? h["village"].at("name") : json::value("");
    h["is_head"] = head;
    h["join_link"] = web::site_url(app, req) + "/ho-gia-dinh/tham-gia?ma=" + mine->invite_code;
    h["villages"] = village_choices(app.units, mine->commune_code, mine->village_code);
    json::array history;
    for (const auto& e : households.history(actor))
      history.push_back(
          json::object{{"at", web::display_time(e.at)},
                       {"what", app.catalogues.text(lang, "community.household.event." + e.what)}});
    h["history"] = std::move(history);
    data["household"] = std::move(h);
  } else {
    auto villages = village_choices(app.units, actor.home_unit, actor.home_village);
    data["has_villages"] = !villages.empty();
    data["villages"] = std::move(villages);
    if (auto u = app.units.find(units::kGeneration2025, actor.home_unit))
      data["commune_name"] = u->name;
  }
  std::string done = req.query_param("xong").value_or("");
  for (const char* d : kDone)
    if (done == d)
      data["done"] = app.catalogues.text(lang, std::string("community.household.done_") + d);
  return web::form_page(app, req, "community_household", "community.household.title",
                        std::move(data), status);
}

// A refusal of what was typed brings the page back with it and the reason.
template <typename F>
http::Response change(web::AppContext& app, Households& households, Request& req,
                      const std::string& done, F&& act) {
  auto form = http::form_body(req);
  app.csrf->check(req, form);
  auto actor = accounts::current_actor(*app.accounts, req);
  if (!actor.signed_in()) return web::sign_in_first(req);
  try {
    act(actor, form);
  } catch (const Error& e) {
    if (e.kind != ErrorKind::bad_input && e.kind != ErrorKind::conflict) throw;
    json::object extra{{"error", web::error_message(app, req, e)},
                       {"address", form.get("address")},
                       {"code", form.get("code")},
                       {"first_name", form.get("first_name")},
                       {"birth_year", form.get("birth_year")}};
    return household_page(app, households, req, actor, std::move(extra),
                          http::Status::unprocessable_entity);
  }
  return http::redirect(req, "/ho-gia-dinh?xong=" + done);
}

}  // namespace

void add_household_pages(http::Router& router, web::AppContext& app, Services& services) {
  web::AppContext* ctx = &app;
  Households* households = &services.households;
  router.get("/ho-gia-dinh", [ctx, households](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (!actor.signed_in()) return web::sign_in_first(req);
    return household_page(*ctx, *households, req, actor);
  });
  router.post("/ho-gia-dinh", [ctx, households](Request& req) {
    return change(*ctx, *households, req, "created", [&](const Actor& a, const http::Form& f) {
      households->create(a, household_from_form(f), req.remote_address);
    });
  });
  // The link a head shares: the code filled in, one button to join.
  router.get("/ho-gia-dinh/tham-gia", [ctx, households](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (!actor.signed_in()) return web::sign_in_first(req);
    json::object extra{{"code", req.query_param("ma").value_or("")}, {"joining", true}};
    return household_page(*ctx, *households, req, actor, std::move(extra));
  });
  router.post("/ho-gia-dinh/tham-gia", [ctx, households](Request& req) {
    return change(*ctx, *households, req, "joined", [&](const Actor& a, const http::Form& f) {
      households->join(a, f.get("code"), req.remote_address);
    });
  });
  router.post("/ho-gia-dinh/thanh-vien", [ctx, households](Request& req) {
    return change(*ctx, *households, req, "listed", [&](const Actor& a, const http::Form& f) {
      households->add_member(a, member_from_form(f), req.remote_address);
    });
  });
  router.post("/ho-gia-dinh/thanh-vien/{id:int}/xoa", [ctx, households](Request& req) {
    int64_t id = req.path_int("id");
    return change(*ctx, *households, req, "removed", [&](const Actor& a, const http::Form&) {
      households->remove_member(a, id, req.remote_address);
    });
  });
  router.post("/ho-gia-dinh/chuyen", [ctx, households](Request& req) {
    return change(*ctx, *households, req, "moved", [&](const Actor& a, const http::Form& f) {
      households->move(a, household_from_form(f), req.remote_address);
    });
  });
  // Leaving asks once more.
  router.get("/ho-gia-dinh/roi", [ctx](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (!actor.signed_in()) return web::sign_in_first(req);
    std::string lang = ctx->renderer.language(req);
    auto t = [&](const char* key) { return ctx->catalogues.text(lang, key); };
    json::object data{{"heading", t("community.leave.heading")},
                      {"subject", t("community.leave.subject")},
                      {"consequence", t("community.leave.consequence")},
                      {"confirm", t("community.leave.confirm")},
                      {"action", "/ho-gia-dinh/roi"},
                      {"back", "/ho-gia-dinh"}};
    return web::form_page(*ctx, req, "confirm", "community.leave.heading", std::move(data));
  });
  router.post("/ho-gia-dinh/roi", [ctx, households](Request& req) {
    return change(*ctx, *households, req, "left", [&](const Actor& a, const http::Form&) {
      households->leave(a, req.remote_address);
    });
  });
}

}  // namespace cds::community
