// The village head's and commune officers' households (/can-bo/ho-gia-dinh: a village's list,
// an audited read, with "confirm"; a household recorded in person), the commune
// administrators' villages (/can-bo/thon: add, rename), and the workspace tile.
#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "community/forms.h"
#include "community/permissions.h"
#include "community/presenters.h"
#include "community/routes.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "http/body.h"
#include "http/response.h"
#include "units/service.h"
#include "web/csrf.h"
#include "web/lists.h"
#include "web/pages.h"

namespace cds::community {
namespace json = boost::json;
using http::Request;

namespace {

// The villages within the actor's reach for `action` (a village's head: theirs; a commune's
// officer: its villages; a province's: every commune's), by commune.
std::vector<units::Village> villages_in_reach(const web::AppContext& app, const Actor& actor,
                                              const accounts::Action& action) {
  std::vector<units::Village> out;
  auto add = [&](const units::Village& v) {
    for (const auto& o : out)
      if (o.id == v.id) return;
    if (accounts::decide(actor, action, {v.code}, app.accounts->unit_parent()) ==
        accounts::Decision::allow)
      out.push_back(v);
  };
  for (const auto& s : actor.scopes) {
    auto u = app.units.find(units::kGeneration2025, s.unit_code);
    if (!u) continue;
    if (u->level == units::kVillageLevel) {
      if (auto v = app.units.village(*units::village_id_of(u->code))) add(*v);
    } else if (u->level == "commune") {
      for (const auto& v : app.units.villages(u->code)) add(v);
    } else if (u->level == "province") {
      for (const auto& c : app.units.children(units::kGeneration2025, u->code))
        for (const auto& v : app.units.villages(c.code)) add(v);
    }
  }
  return out;
}

json::array village_links(const web::AppContext& app, const std::vector<units::Village>& list,
                          int64_t selected) {
  json::array out;
  for (const auto& v : list)
    out.push_back(json::object{{"id", v.id},
                               {"code", v.code},
                               {"name", app.units.full_name(units::as_unit(v))},
                               {"selected", v.id == selected}});
  return out;
}

http::Response households_page(web::AppContext& app, Households& households, Request& req,
                               const Actor& actor) {
  std::string lang = app.renderer.language(req);
  auto villages = villages_in_reach(app, actor, actions::view_households);
  int64_t chosen = 0;
  if (auto t = req.query_param("thon")) chosen = text::parse_int(*t).value_or(0);
  if (!chosen && villages.size() == 1) chosen = villages.front().id;
  json::object data{{"villages", village_links(app, villages, chosen)},
                    {"has_villages", !villages.empty()}};
  auto t = [&](const char* key) { return app.catalogues.text(lang, key); };
  for (const auto& v : villages)
    if (v.id == chosen) {
      data["village_name"] = v.name;
      data["village_id"] = v.id;
      data["chosen"] = true;
      // Pages of 50, and the same rows as CSV (the door-to-door list on paper).
      auto list = households.in_unit(actor, v.code, req.remote_address);
      web::Table table{{"address", "head", "members", "standing"},
                       {t("community.household.address"), t("community.household.head"),
                        t("community.visit.people"), t("community.household.standing")},
                       {}};
      for (const auto& h : list)
        table.rows.push_back({h.address, h.head_name, std::to_string(h.members.size()),
                              h.confirmed ? t("community.household.confirmed")
                                          : t("community.household.unconfirmed")});
      if (auto csv =
              web::table_page(req, "ho-gia-dinh.csv", table, data, [&](size_t i, json::object& o) {
                o["id"] = list[i].id;
                o["confirmed"] = list[i].confirmed;
              }))
        return *csv;
    }
  std::string done = req.query_param("xong").value_or("");
  if (done == "confirmed" || done == "recorded")
    data["done"] = app.catalogues.text(lang, "community.households.done_" + done);
  return web::form_page(app, req, "community_households", "community.households.title",
                        std::move(data));
}

http::Response record_form(web::AppContext& app, const Request& req, const Actor& actor,
                           const http::Form& given, const std::string& error,
                           http::Status status = http::Status::ok) {
  auto villages = villages_in_reach(app, actor, actions::confirm_household);
  std::string code = given.get("village_code");
  int64_t chosen = 0;
  if (auto t = req.query_param("thon")) chosen = text::parse_int(*t).value_or(0);
  json::array options;
  for (const auto& v : villages)
    options.push_back(json::object{
        {"code", v.code}, {"name", v.name}, {"selected", v.code == code || v.id == chosen}});
  json::array members;
  for (size_t i = 0; i < 6; ++i) {
    std::string n = std::to_string(i);
    members.push_back(json::object{{"i", n},
                                   {"first_name", given.get("member_name_" + n)},
                                   {"birth_year", given.get("member_year_" + n)}});
  }
  json::object data{{"villages", std::move(options)},
                    {"address", given.get("address")},
                    {"head_name", given.get("head_name")},
                    {"members", std::move(members)}};
  if (!error.empty()) data["error"] = error;
  return web::form_page(app, req, "community_record", "community.record.title", std::move(data),
                        status);
}

// Villages: the commune administrators add and rename them.
void add_village_pages(http::Router& router, web::AppContext& app, units::UnitService& units) {
  web::AppContext* ctx = &app;
  auto villages_page = [ctx](Request& req, const Actor& actor, const std::string& error,
                             http::Status status) {
    std::string lang = ctx->renderer.language(req);
    json::array communes;
    for (const auto& s : actor.scopes) {
      auto u = ctx->units.find(units::kGeneration2025, s.unit_code);
      if (!u || u->level != "commune") continue;
      json::array villages;
      for (const auto& v : ctx->units.villages(u->code))
        villages.push_back(json::object{{"id", v.id}, {"name", v.name}, {"kind_" + v.kind, true}});
      communes.push_back(
          json::object{{"code", u->code}, {"name", u->name}, {"villages", std::move(villages)}});
    }
    json::object data{{"communes", std::move(communes)}};
    if (!error.empty()) data["error"] = error;
    std::string done = req.query_param("xong").value_or("");
    if (done == "added" || done == "renamed")
      data["done"] = ctx->catalogues.text(lang, "community.villages.done_" + done);
    return web::form_page(*ctx, req, "community_villages", "community.villages.title",
                          std::move(data), status);
  };
  router.get("/can-bo/thon", [ctx, villages_page](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    accounts::require(actor, actions::manage_villages, {}, ctx->accounts->unit_parent());
    return villages_page(req, actor, "", http::Status::ok);
  });
  auto edit = [ctx, villages_page](
                  Request& req,
                  const std::function<std::string(const Actor&, const http::Form&)>& act) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, actions::manage_villages, {}, ctx->accounts->unit_parent());
    try {
      return http::redirect(req, "/can-bo/thon?xong=" + act(actor, form));
    } catch (const Error& e) {
      if (e.kind != ErrorKind::bad_input && e.kind != ErrorKind::conflict) throw;
      return villages_page(req, actor, web::error_message(*ctx, req, e),
                           http::Status::unprocessable_entity);
    }
  };
  router.post("/can-bo/thon", [ctx, edit, &units](Request& req) {
    return edit(req, [&](const Actor& actor, const http::Form& form) {
      std::string commune = form.get("commune_code");
      accounts::require(actor, actions::manage_villages, {commune}, ctx->accounts->unit_parent());
      units.add_village(commune, form.get("name"), form.get("kind"));
      return std::string("added");
    });
  });
  router.post("/can-bo/thon/{id:int}", [ctx, edit, &units](Request& req) {
    return edit(req, [&](const Actor& actor, const http::Form& form) {
      auto v = units.village(req.path_int("id"));
      if (!v) throw Error(ErrorKind::not_found, "village_not_found", "No such village");
      accounts::require(actor, actions::manage_villages, {v->commune_code},
                        ctx->accounts->unit_parent());
      units.update_village(v->id, form.get("name"), form.get("kind"));
      return std::string("renamed");
    });
  });
}

}  // namespace

void add_officer_household_pages(http::Router& router, web::AppContext& app, Services& services,
                                 units::UnitService& units) {
  web::AppContext* ctx = &app;
  Households* households = &services.households;
  router.get("/can-bo/ho-gia-dinh", [ctx, households](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    accounts::require(actor, actions::view_households, {}, ctx->accounts->unit_parent());
    return households_page(*ctx, *households, req, actor);
  });
  router.post("/can-bo/ho-gia-dinh/{id:int}/xac-nhan", [ctx, households](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(*ctx->accounts, req);
    Household h = households->confirm(actor, req.path_int("id"), req.remote_address);
    auto id = units::village_id_of(h.village_code);
    return http::redirect(
        req, "/can-bo/ho-gia-dinh?thon=" + std::to_string(id.value_or(0)) + "&xong=confirmed");
  });
  router.get("/can-bo/ho-gia-dinh/ghi", [ctx](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    accounts::require(actor, actions::confirm_household, {}, ctx->accounts->unit_parent());
    return record_form(*ctx, req, actor, {}, "");
  });
  router.post("/can-bo/ho-gia-dinh/ghi", [ctx, households](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, actions::confirm_household, {}, ctx->accounts->unit_parent());
    std::vector<ListedMember> members;
    for (size_t i = 0; i < 6; ++i)
      members.push_back({form.get("member_name_" + std::to_string(i)),
                         form.get("member_year_" + std::to_string(i))});
    try {
      Household h = households->record(actor, household_from_form(form), form.get("head_name"),
                                       members, req.remote_address);
      auto id = units::village_id_of(h.village_code);
      return http::redirect(
          req, "/can-bo/ho-gia-dinh?thon=" + std::to_string(id.value_or(0)) + "&xong=recorded");
    } catch (const Error& e) {
      if (e.kind != ErrorKind::bad_input) throw;
      return record_form(*ctx, req, actor, form, web::error_message(*ctx, req, e),
                         http::Status::unprocessable_entity);
    }
  });

  add_village_pages(router, app, units);
}

accounts::WorkTile work_tile(web::AppContext& app, Services& services) {
  web::AppContext* ctx = &app;
  Services* svc = &services;
  auto applies = [ctx](const Actor& actor) {
    return accounts::decide(actor, actions::follow_notices, {}, ctx->accounts->unit_parent()) ==
           accounts::Decision::allow;
  };
  return {applies,
          [ctx, svc, applies](const Actor& actor,
                              const std::string& lang) -> std::optional<accounts::Tile> {
            if (!applies(actor)) return std::nullopt;
            std::string now = timeutil::iso_utc(timeutil::Clock::now());
            int64_t waiting = 0, unreached = 0;
            size_t looked = 0;
            for (const auto& n : svc->notices.desk(actor)) {
              if (!n.important() || !n.withdrawn_at.empty() || ++looked > 20) continue;
              if (n.ack_due_at > now)
                ++waiting;
              else
                unreached += svc->notices.coverage(actor, n.id).unreached;
            }
            int64_t to_confirm = 0;
            for (const auto& v : villages_in_reach(*ctx, actor, actions::confirm_household))
              to_confirm += svc->households.counts(v.code).second;
            auto t = [&](const char* key) { return ctx->catalogues.text(lang, key); };
            return accounts::Tile{
                t("community.tile.title"),
                "/can-bo/thong-bao",
                {{t("community.tile.waiting"), waiting, false, ""},
                 {t("community.tile.unreached"), unreached, unreached > 0, ""},
                 {t("community.tile.to_confirm"), to_confirm, false, "/can-bo/ho-gia-dinh"}}};
          }};
}

}  // namespace cds::community
