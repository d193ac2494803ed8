// The JSON API of notice boards and households.
#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "accounts/service.h"
#include "community/forms.h"
#include "community/permissions.h"
#include "community/presenters.h"
#include "community/routes.h"
#include "core/error.h"
#include "core/text.h"
#include "http/body.h"
#include "http/multipart.h"
#include "http/response.h"
#include "units/service.h"

namespace cds::community {
namespace json = boost::json;
using http::Request;

namespace {

// ?village=ID or ?commune=CODE: the board asked for.
std::string board_asked(const units::UnitService& units, const Request& req) {
  std::string village = req.query_param("village").value_or("");
  std::string commune = req.query_param("commune").value_or("");
  if (!village.empty()) {
    auto id = text::parse_int(village);
    auto v = id ? units.village(*id) : std::nullopt;
    if (!v) throw Error(ErrorKind::not_found, "village_not_found", "No such village");
    return v->code;
  }
  if (!commune.empty()) {
    auto u = units.find(units::kGeneration2025, commune);
    if (!u || u->level != "commune")
      throw Error(ErrorKind::bad_input, "bad_unit", "commune is a 2025 commune's code");
    return u->code;
  }
  throw Error(ErrorKind::bad_input, "bad_board", "Ask for ?village=ID or ?commune=CODE");
}

json::object notice_with_state(const units::UnitService& units, const Notice& n,
                               const ReaderState& s, const Actor& actor, const Notices& notices) {
  json::object o = notice_json(units, n);
  if (actor.signed_in()) o["me"] = reader_state_json(s);
  if (n.poll) o["answers"] = poll_view_json(notices.poll(actor, n));
  return o;
}

}  // namespace

void add_notice_api_routes(http::Router& router, web::AppContext& app, Services& services) {
  web::AppContext* ctx = &app;
  Notices* notices = &services.notices;
  router.get("/api/v1/notices", [ctx, notices](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    std::string board = board_asked(ctx->units, req);
    json::array list;
    for (const auto& n : notices->board(actor, board)) list.push_back(notice_json(ctx->units, n));
    json::object out{{"board", board}, {"count", list.size()}};
    out["notices"] = std::move(list);
    return http::json_response(req, out);
  });
  router.get("/api/v1/notices/{id:int}", [ctx, notices](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    Notice n = notices->readable(actor, req.path_int("id"));
    return http::json_response(
        req, notice_with_state(ctx->units, n, notices->open(actor, n), actor, *notices));
  });
  router.post("/api/v1/notices", [ctx, notices](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, actions::write_notices, {}, ctx->accounts->unit_parent());
    Notice n = notices->publish(actor, notice_from_json(ctx->units, http::json_body(req)),
                                req.remote_address);
    return http::json_response(req, notice_json(ctx->units, n), http::Status::created);
  });
  router.post("/api/v1/notices/{id:int}/acknowledgement", [ctx, notices](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    ReaderState s = notices->acknowledge(actor, req.path_int("id"), req.remote_address);
    return http::json_response(req, reader_state_json(s));
  });
  router.post("/api/v1/notices/{id:int}/answer", [ctx, notices](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, accounts::Action::use_own_account, {}, ctx->accounts->unit_parent());
    auto choice = http::json_int(http::json_body(req), "choice");
    if (!choice) throw Error(ErrorKind::bad_input, "bad_choice", "choice is an answer's number");
    return http::json_response(req, poll_view_json(notices->answer(actor, req.path_int("id"),
                                                                   *choice, req.remote_address)));
  });
  router.post(
      "/api/v1/notices/{id:int}/attachments",
      [ctx, notices](Request& req) {
        auto actor = accounts::current_actor(*ctx->accounts, req);
        const http::MultipartPart* file = nullptr;
        if (req.form)
          for (const auto* f : req.form->files("file"))
            if (f->size > 0) file = f;
        auto form = http::form_body(req);
        // Without a file: who is asking is decided first, then 400 no_file.
        Attachment a =
            notices->attach(actor, req.path_int("id"), file ? file->filename.value_or("") : "",
                            file ? file->read_all() : "", form.get("name"), req.remote_address);
        Notice n = notices->for_officer(actor, req.path_int("id"));
        json::object shown = notice_json(ctx->units, n);
        for (const auto& o : shown.at("attachments").as_array())
          if (o.at("id").as_int64() == a.id)
            return http::json_response(req, o, http::Status::created);
        throw Error(ErrorKind::not_found, "not_found", "No such file");
      },
      attachment_upload(app));
  router.post("/api/v1/notices/{id:int}/withdraw", [ctx, notices](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, actions::write_notices, {}, ctx->accounts->unit_parent());
    return http::json_response(
        req,
        notice_json(ctx->units, notices->withdraw(actor, req.path_int("id"), req.remote_address)));
  });
  router.get("/api/v1/notices/{id:int}/coverage", [ctx, notices](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    return http::json_response(req, coverage_json(notices->coverage(actor, req.path_int("id"))));
  });
  router.get("/api/v1/notices/{id:int}/visit-list", [ctx, notices](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    json::array list;
    for (const auto& r : notices->visit_list(actor, req.path_int("id"), req.remote_address))
      list.push_back(visit_row_json(ctx->units, r));
    json::object out{{"count", list.size()}};
    out["households"] = std::move(list);
    return http::json_response(req, out);
  });
  router.post("/api/v1/notices/{id:int}/visits", [ctx, notices](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, actions::follow_notices, {}, ctx->accounts->unit_parent());
    auto body = http::json_body(req);
    auto household = http::json_int(body, "household_id");
    if (!household)
      throw Error(ErrorKind::bad_input, "bad_household", "household_id is a household's id");
    notices->mark_visited(actor, req.path_int("id"), *household, req.remote_address);
    // The technology team marks visits without seeing the notice's figures.
    return http::json_response(req, json::object{{"household_id", *household}, {"visited", true}});
  });
}

namespace {
// Villages, by the commune's administrators.
void add_village_api_routes(http::Router& router, web::AppContext& app, units::UnitService& units) {
  web::AppContext* ctx = &app;
  router.post("/api/v1/units/2025/{code}/villages", [ctx, &units](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, actions::manage_villages, {}, ctx->accounts->unit_parent());
    const std::string& commune = req.path_param("code");
    accounts::require(actor, actions::manage_villages, {commune}, ctx->accounts->unit_parent());
    auto body = http::json_body(req);
    auto v = units.add_village(commune, http::json_string(body, "name").value_or(""),
                               http::json_string(body, "kind").value_or(""));
    return http::json_response(req,
                               json::object{{"id", v.id},
                                            {"code", v.code},
                                            {"name", v.name},
                                            {"kind", v.kind},
                                            {"commune", v.commune_code}},
                               http::Status::created);
  });
  router.add(http::Verb::patch, "/api/v1/villages/{id:int}", [ctx, &units](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, actions::manage_villages, {}, ctx->accounts->unit_parent());
    auto v = units.village(req.path_int("id"));
    if (!v) throw Error(ErrorKind::not_found, "village_not_found", "No such village");
    accounts::require(actor, actions::manage_villages, {v->commune_code},
                      ctx->accounts->unit_parent());
    auto body = http::json_body(req);
    auto changed = units.update_village(v->id, http::json_string(body, "name").value_or(v->name),
                                        http::json_string(body, "kind").value_or(v->kind));
    return http::json_response(req, json::object{{"id", changed.id},
                                                 {"code", changed.code},
                                                 {"name", changed.name},
                                                 {"kind", changed.kind},
                                                 {"commune", changed.commune_code}});
  });
}
}  // namespace

void add_household_api_routes(http::Router& router, web::AppContext& app, Services& services,
                              units::UnitService& units) {
  web::AppContext* ctx = &app;
  Households* households = &services.households;
  const units::UnitService* u = &units;
  auto mine = [ctx, u](Request& req, const std::optional<Household>& h) {
    if (!h) return http::json_response(req, json::object{{"household", nullptr}});
    return http::json_response(req, json::object{{"household", household_json(*u, *h, true)}});
  };
  router.get("/api/v1/me/household", [ctx, households, mine](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    return mine(req, households->mine(actor));
  });
  router.post("/api/v1/me/household", [ctx, households, u](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, accounts::Action::use_own_account, {}, ctx->accounts->unit_parent());
    Household h = households->create(actor, household_from_json(*u, http::json_body(req)),
                                     req.remote_address);
    return http::json_response(req, json::object{{"household", household_json(*u, h, true)}},
                               http::Status::created);
  });
  router.post("/api/v1/me/household/join", [ctx, households, mine](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, accounts::Action::use_own_account, {}, ctx->accounts->unit_parent());
    auto body = http::json_body(req);
    return mine(req, households->join(actor, http::json_string(body, "code").value_or(""),
                                      req.remote_address));
  });
  router.post("/api/v1/me/household/leave", [ctx, households, mine](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    households->leave(actor, req.remote_address);
    return mine(req, std::nullopt);
  });
  router.post("/api/v1/me/household/members", [ctx, households, mine](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, accounts::Action::use_own_account, {}, ctx->accounts->unit_parent());
    return mine(req, households->add_member(actor, member_from_json(http::json_body(req)),
                                            req.remote_address));
  });
  router.post(
      "/api/v1/me/household/members/{id:int}/remove", [ctx, households, mine](Request& req) {
        auto actor = accounts::current_actor(*ctx->accounts, req);
        return mine(req, households->remove_member(actor, req.path_int("id"), req.remote_address));
      });
  router.post("/api/v1/me/household/move", [ctx, households, mine, u](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, accounts::Action::use_own_account, {}, ctx->accounts->unit_parent());
    return mine(req, households->move(actor, household_from_json(*u, http::json_body(req)),
                                      req.remote_address));
  });

  // Officers of the village and commune.
  router.get("/api/v1/villages/{id:int}/households", [ctx, households, u](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, actions::view_households, {}, ctx->accounts->unit_parent());
    auto v = u->village(req.path_int("id"));
    if (!v) throw Error(ErrorKind::not_found, "village_not_found", "No such village");
    json::array list;
    for (const auto& h : households->in_unit(actor, v->code, req.remote_address))
      list.push_back(household_json(*u, h, false));
    json::object out{{"village", v->code}, {"count", list.size()}};
    out["households"] = std::move(list);
    return http::json_response(req, out);
  });
  router.get("/api/v1/households/{id:int}", [ctx, households, u](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    return http::json_response(
        req,
        household_json(*u, households->view(actor, req.path_int("id"), req.remote_address), false));
  });
  router.post("/api/v1/households/{id:int}/confirm", [ctx, households, u](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    return http::json_response(
        req, household_json(*u, households->confirm(actor, req.path_int("id"), req.remote_address),
                            false));
  });
  router.post("/api/v1/households", [ctx, households, u](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, actions::confirm_household, {}, ctx->accounts->unit_parent());
    auto body = http::json_body(req);
    std::vector<ListedMember> members;
    if (const auto* list = body.if_contains("members")) {
      if (!list->is_array()) throw Error(ErrorKind::bad_input, "bad_field", "members is a list");
      for (const auto& m : list->as_array()) {
        if (!m.is_object()) throw Error(ErrorKind::bad_input, "bad_field", "members is a list");
        members.push_back(member_from_json(m.as_object()));
      }
    }
    Household h = households->record(actor, household_from_json(*u, body),
                                     http::json_string(body, "head_name").value_or(""), members,
                                     req.remote_address);
    return http::json_response(req, household_json(*u, h, false), http::Status::created);
  });

  add_village_api_routes(router, app, units);
}

}  // namespace cds::community
