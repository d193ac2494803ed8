// The boards as residents see them: /thon/{id} (a village's notices and its commune's), the
// commune's board, a notice (opening it records a read; an important one asks the household
// to acknowledge), /thon (one's own village, or the villages of one's commune), and the home
// page's section. Server-rendered and usable without JavaScript; with it, new notices appear
// without reloading (live-banner.js). Anonymous readers get the cached public board.
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "accounts/http_auth.h"
#include "community/presenters.h"
#include "community/routes.h"
#include "core/error.h"
#include "core/text.h"
#include "http/body.h"
#include "http/private_responses.h"
#include "http/response.h"
#include "units/service.h"
#include "web/cached.h"
#include "web/csrf.h"
#include "web/pages.h"

namespace cds::community {
namespace json = boost::json;
using http::Request;

namespace {

units::Village village_or_404(const units::UnitService& units, int64_t id) {
  auto v = units.village(id);
  if (!v) throw Error(ErrorKind::not_found, "village_not_found", "No such village");
  return *v;
}

// The board's notices for the reader, each with what the reader's household has done.
json::array notice_list(web::AppContext& app, Notices& notices, const Request& req,
                        const Actor& actor, const std::string& unit_code) {
  std::string lang = app.renderer.language(req);
  json::array list;
  for (const auto& n : notices.board(actor, unit_code)) {
    json::object o = notice_view(app, lang, n);
    if (actor.signed_in() && n.important()) {
      ReaderState s = notices.state(actor, n);
      o["acknowledged"] = s.acknowledged;
      o["may_acknowledge"] = s.household != 0 && !s.acknowledged;
    }
    list.push_back(std::move(o));
  }
  return list;
}

http::Response board_page(web::AppContext& app, Notices& notices, const Request& req,
                          const units::Unit& board, const std::string& title,
                          std::vector<std::string>& scopes) {
  auto actor = accounts::current_actor(*app.accounts, req);
  json::array list = notice_list(app, notices, req, actor, board.code);
  json::object data{{"board_name", board.name},
                    {"board_code", board.code},
                    {"page_title", title},
                    {"has_notices", !list.empty()},
                    {"signed_in", actor.signed_in()},
                    {"next", std::string(req.raw.target())}};
  data["notices"] = std::move(list);
  bool village = board.level == units::kVillageLevel;
  data["is_village"] = village;
  if (village) {
    data["resident"] = actor.home_village == board.code;
    if (auto commune = app.units.find(units::kGeneration2025, board.parent_code)) {
      data["commune_name"] = commune->name;
      data["commune_code"] = commune->code;
    }
  } else {
    data["resident"] = actor.home_unit == board.code;
    json::array villages;
    for (const auto& v : app.units.villages(board.code))
      villages.push_back(json::object{{"id", v.id}, {"name", v.name}});
    data["has_villages"] = !villages.empty();
    data["villages"] = std::move(villages);
  }
  scopes.push_back(board_scope(board.code));
  if (village) scopes.push_back(board_scope(board.parent_code));
  scopes.emplace_back("units:villages");
  if (actor.signed_in())
    return web::form_page(app, req, "community_board", "community.board.title", std::move(data));
  return http::html_response(
      req, app.renderer.page(req, "community_board", "community.board.title", std::move(data)));
}

// A notice: its page (opening it records a read), "Gia đình tôi đã biết", an answer to its
// question.
void add_notice_pages(http::Router& router, web::AppContext& app, Services& services) {
  web::AppContext* ctx = &app;
  Notices* notices = &services.notices;
  router.get(
      "/bang-tin/{id:int}",
      [ctx, notices](Request& req) {
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          auto actor = accounts::current_actor(*ctx->accounts, req);
          Notice n;
          try {
            n = notices->readable(actor, req.path_int("id"));
          } catch (const Error& e) {
            // A resident who followed a link before signing in: the notice may be theirs.
            if (e.kind == ErrorKind::not_found && !actor.signed_in())
              return web::sign_in_first(req);
            throw;
          }
          scopes.push_back(board_scope(n.unit_code));
          json::object data = notice_view(*ctx, ctx->renderer.language(req), n);
          data["page_title"] = n.title;
          if (n.poll) data["poll_view"] = poll_page_json(n, notices->poll(actor, n));
          if (auto id = units::village_id_of(n.unit_code))
            data["board_link"] = "/thon/" + std::to_string(*id);
          else
            data["board_link"] = "/xa/" + n.unit_code + "/bang-tin";
          if (!actor.signed_in())
            return http::html_response(
                req, ctx->renderer.page(req, "community_notice", "community.board.title",
                                        std::move(data)));
          ReaderState s = notices->open(actor, n);
          data["signed_in"] = true;
          data["acknowledged"] = s.acknowledged;
          data["may_acknowledge"] = n.important() && s.household != 0 && !s.acknowledged;
          data["no_household"] = n.important() && s.household == 0;
          std::string done = req.query_param("xong").value_or("");
          data["just_acknowledged"] = done == "1" && s.acknowledged;
          data["just_answered"] = done == "answered";
          return web::form_page(*ctx, req, "community_notice", "community.board.title",
                                std::move(data));
        });
      },
      http::RouteOptions::cached());
  router.post("/bang-tin/{id:int}/tra-loi", [ctx, notices](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (!actor.signed_in()) return web::sign_in_first(req);
    int64_t id = req.path_int("id");
    auto choice = text::parse_int(form.get("choice"));
    if (!choice) throw Error(ErrorKind::bad_input, "bad_choice", "Choose one of the answers");
    notices->answer(actor, id, *choice, req.remote_address);
    return http::redirect(req, "/bang-tin/" + std::to_string(id) + "?xong=answered");
  });
  router.post("/bang-tin/{id:int}/da-biet", [ctx, notices](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (!actor.signed_in()) return web::sign_in_first(req);
    notices->acknowledge(actor, req.path_int("id"), req.remote_address);
    // Back where the button was: the board, or the notice with its confirmation.
    std::string back = web::local_path(form.get("back"));
    if (!back.empty())
      return http::redirect(req, back + "#thong-bao-" + std::to_string(req.path_int("id")));
    return http::redirect(req, "/bang-tin/" + std::to_string(req.path_int("id")) + "?xong=1");
  });
}

// A notice's file, for whoever may read the notice: a photo shown, a PDF downloaded.
http::Response attachment_file(const Notices& notices, const Request& req, const Actor& actor,
                               bool thumb) {
  Attachment a = notices.attachment(actor, req.path_int("id"), req.path_int("file"));
  if (thumb && a.kind != "image") throw Error(ErrorKind::not_found, "not_found", "No such file");
  std::ifstream in(notices.uploads_dir() / (thumb ? a.thumb : a.path), std::ios::binary);
  if (!in) throw Error(ErrorKind::not_found, "not_found", "No such file");
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto res = http::make_response(req, http::Status::ok, bytes.str(),
                                 a.kind == "image" ? "image/jpeg" : "application/pdf");
  if (a.kind == "pdf")
    res.set(http::beast_http::field::content_disposition,
            "attachment; filename=\"tep-dinh-kem.pdf\"; filename*=UTF-8''" +
                http::percent_encode_path(a.name));
  return res;
}

}  // namespace

void add_board_pages(http::Router& router, web::AppContext& app, Services& services) {
  web::AppContext* ctx = &app;
  Notices* notices = &services.notices;
  router.get(
      "/thon/{id:int}",
      [ctx, notices](Request& req) {
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          units::Village v = village_or_404(ctx->units, req.path_int("id"));
          return board_page(*ctx, *notices, req, units::as_unit(v), v.name, scopes);
        });
      },
      http::RouteOptions::cached());
  router.get(
      "/xa/{code}/bang-tin",
      [ctx, notices](Request& req) {
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          auto u = ctx->units.find(units::kGeneration2025, req.path_param("code"));
          if (!u || u->level != "commune" || u->parent_code != ctx->province_code)
            throw Error(ErrorKind::not_found, "unit_not_found", "No such commune");
          return board_page(*ctx, *notices, req, *u, u->name, scopes);
        });
      },
      http::RouteOptions::cached());
  // One's own village, or the villages of one's commune to choose from.
  router.get("/thon", [ctx](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (auto id = units::village_id_of(actor.home_village))
      return http::redirect(req, "/thon/" + std::to_string(*id));
    std::string commune =
        accounts::reader_commune(*ctx->accounts, ctx->units, ctx->province_code, req);
    json::object data{{"signed_in", actor.signed_in()}};
    if (auto u = ctx->units.find(units::kGeneration2025, commune)) {
      data["commune_name"] = u->name;
      data["commune_code"] = u->code;
      json::array villages;
      for (const auto& v : ctx->units.villages(u->code))
        villages.push_back(json::object{{"id", v.id}, {"name", v.name}});
      data["has_villages"] = !villages.empty();
      data["villages"] = std::move(villages);
    }
    return web::form_page(*ctx, req, "community_villages_pick", "community.board.title",
                          std::move(data));
  });
  add_notice_pages(router, app, services);
  Notices* files = &services.notices;
  for (bool thumb : {false, true})
    router.get(
        thumb ? "/bang-tin/{id:int}/tep/{file:int}/nho" : "/bang-tin/{id:int}/tep/{file:int}",
        [ctx, files, thumb](Request& req) {
          return attachment_file(*files, req, accounts::current_actor(*ctx->accounts, req), thumb);
        });
}

// The home page: the reader's village notices, important ones first.
web::HomeSectionSource home_section(web::AppContext& app, Services& services) {
  web::AppContext* ctx = &app;
  Notices* notices = &services.notices;
  return [ctx, notices](const Request& req,
                        const std::string& lang) -> std::optional<web::HomeSection> {
    if (!http::identified(req)) return std::nullopt;
    auto actor = accounts::current_actor(*ctx->accounts, req);
    auto id = units::village_id_of(actor.home_village);
    if (!id) return std::nullopt;
    auto list = notices->board(actor, actor.home_village);
    if (list.empty()) return std::nullopt;
    std::stable_sort(list.begin(), list.end(), [](const Notice& a, const Notice& b) {
      return a.important() && !b.important();
    });
    web::HomeSection section{ctx->catalogues.text(lang, "community.home.heading"),
                             {},
                             ctx->catalogues.text(lang, "community.home.more"),
                             "/thon/" + std::to_string(*id)};
    for (const auto& n : list) {
      if (section.links.size() == 3) break;
      section.links.push_back(
          {n.title, "/bang-tin/" + std::to_string(n.id),
           (n.important() ? ctx->catalogues.text(lang, "community.important") + " · "
                          : std::string()) +
               web::display_time(n.published_at)});
    }
    return section;
  };
}

}  // namespace cds::community
