#include "units/routes.h"

#include <boost/json.hpp>
#include <unordered_map>

#include "core/text.h"
#include "http/response.h"
#include "units/service.h"

namespace cds::units {
namespace json = boost::json;
using http::HttpError;
using http::Status;

namespace {

constexpr size_t kDefaultSearchLimit = 20;
constexpr size_t kMaxSearchLimit = 100;

json::object unit_json(const Unit& u) {
  json::object o;
  o["code"] = u.code;
  o["name"] = u.name;
  o["level"] = u.level;
  o["generation"] = u.generation;
  o["parent"] = u.parent_code.empty() ? json::value(nullptr) : json::value(u.parent_code);
  return o;
}

json::object link_json(const UnitService& service, const UnitLink& l) {
  json::object o = unit_json(l.unit);
  o["full_name"] = service.full_name(l.unit);
  if (!l.note.empty()) o["note"] = l.note;
  o["part"] = l.part;
  return o;
}

int parse_generation(const std::optional<std::string>& given, int fallback) {
  if (!given || given->empty()) return fallback;
  auto g = text::parse_int(*given, 9999);  // a year: 4 digits at most
  if (!g || !is_generation(static_cast<int>(*g)))
    throw HttpError(Status::bad_request, "bad_generation", "generation must be 2019 or 2025");
  return static_cast<int>(*g);
}

size_t parse_limit(const std::optional<std::string>& given) {
  if (!given || given->empty()) return kDefaultSearchLimit;
  auto n = text::parse_int(*given, static_cast<int64_t>(kMaxSearchLimit));
  if (!n || *n == 0)
    throw HttpError(Status::bad_request, "bad_limit", "limit must be between 1 and 100");
  return static_cast<size_t>(*n);
}

// For an old commune found by a search: every 2025 unit it leads to (a divided commune
// leads to several, each flagged as a part), so that nobody is sent to only one of them.
json::array now_json(const UnitService& service, const Unit& u) {
  json::array out;
  if (u.generation != kGeneration2019 || u.level != "commune") return out;
  for (const auto& l : service.replaced_by(u))
    out.push_back(json::object{{"code", l.unit.code}, {"name", l.unit.name}, {"part", l.part}});
  return out;
}

// The detail document: the unit, its parent chain, what replaced it and what it replaced.
json::object detail_json(const UnitService& service, const Unit& u) {
  json::object o = unit_json(u);
  o["full_name"] = service.full_name(u);
  json::array replaced_by, replaces;
  for (const auto& l : service.replaced_by(u)) replaced_by.push_back(link_json(service, l));
  for (const auto& l : service.replaces(u)) replaces.push_back(link_json(service, l));
  o["replaced_by"] = std::move(replaced_by);
  o["replaces"] = std::move(replaces);
  return o;
}

// The detail document of a unit only changes when units are re-imported, and building it
// for a province walks every commune's links: each I/O thread keeps the serialised result.
std::string cached_detail(const UnitService& service, int generation, const std::string& code) {
  struct Cache {
    uint64_t version = 0;
    std::unordered_map<std::string, std::string> bodies;
  };
  thread_local Cache cache;
  constexpr size_t kMaxEntries = 4096;
  uint64_t version = service.version();
  if (cache.version != version || cache.bodies.size() >= kMaxEntries) {
    cache.bodies.clear();
    cache.version = version;
  }
  // A village is renamed in the pages, without a new version of the units: never kept.
  if (village_id_of(code)) {
    auto u = service.find(generation, code);
    if (!u) throw HttpError(Status::not_found, "unit_not_found", "No such administrative unit");
    return http::json_text(detail_json(service, *u));
  }
  std::string key = std::to_string(generation) + ":" + code;
  auto it = cache.bodies.find(key);
  if (it != cache.bodies.end()) return it->second;
  auto u = service.find(generation, code);
  if (!u) throw HttpError(Status::not_found, "unit_not_found", "No such administrative unit");
  std::string body = http::json_text(detail_json(service, *u));
  cache.bodies.emplace(std::move(key), body);
  return body;
}

json::object village_json(const Village& v) {
  return json::object{{"id", v.id},
                      {"code", v.code},
                      {"name", v.name},
                      {"kind", v.kind},
                      {"commune", v.commune_code},
                      {"has_boundary", v.has_boundary}};
}

Unit require_unit(const UnitService& service, int generation, const std::string& code) {
  auto u = service.find(generation, code);
  if (!u) throw HttpError(Status::not_found, "unit_not_found", "No such administrative unit");
  return *u;
}

// The JSON API: lists, search and a unit's detail.
void add_unit_api_routes(http::Router& router, web::AppContext& app) {
  UnitService& service = app.units;
  // Units live in memory: these handlers never block, so they run on the I/O threads.
  const http::RouteOptions in_memory = http::RouteOptions::in_memory();

  router.get(
      "/api/v1/units",
      [&service](http::Request& req) {
        auto q = req.query_param("q");
        json::object out;
        json::array list;
        if (q && !q->empty()) {
          std::optional<int> generation;
          if (auto g = req.query_param("generation"); g && !g->empty())
            generation = parse_generation(g, 0);
          for (const auto& hit :
               service.search(*q, generation, parse_limit(req.query_param("limit")))) {
            json::object o = unit_json(hit.unit);
            o["full_name"] = service.full_name(hit.unit);
            if (hit.unit.generation == kGeneration2019) o["now"] = now_json(service, hit.unit);
            list.push_back(std::move(o));
          }
          out["query"] = *q;
        } else {
          int generation = parse_generation(req.query_param("generation"), kGeneration2025);
          std::string parent = req.query_param("parent").value_or("");
          if (!parent.empty() && !service.find(generation, parent))
            throw HttpError(Status::not_found, "unit_not_found", "No such parent unit");
          for (const auto& u : service.children(generation, parent)) list.push_back(unit_json(u));
          out["generation"] = generation;
          out["parent"] = parent.empty() ? json::value(nullptr) : json::value(parent);
        }
        out["count"] = list.size();
        out["units"] = std::move(list);
        return http::json_response(req, out);
      },
      in_memory);

  // A 2025 commune's villages (thôn, bản, tổ dân phố).
  router.get(
      "/api/v1/units/2025/{code}/villages",
      [&service](http::Request& req) {
        Unit u = require_unit(service, kGeneration2025, req.path_param("code"));
        if (u.level != "commune")
          throw HttpError(Status::not_found, "unit_not_found", "Villages belong to communes");
        json::array list;
        for (const auto& v : service.villages(u.code)) list.push_back(village_json(v));
        json::object out{{"commune", u.code}, {"count", list.size()}};
        out["villages"] = std::move(list);
        return http::json_response(req, out);
      },
      in_memory);

  router.get(
      "/api/v1/units/{generation:int}/{code}",
      [&service](http::Request& req) {
        int generation = parse_generation(req.path_param("generation"), 0);
        return http::make_response(req, Status::ok,
                                   cached_detail(service, generation, req.path_param("code")),
                                   "application/json; charset=utf-8");
      },
      in_memory);
}

// Browser pages: the 2025 provinces, then a province's communes, then a commune with what it
// replaced. A search box for both generations.
void add_unit_pages(http::Router& router, web::AppContext& app) {
  UnitService& service = app.units;
  const http::RouteOptions in_memory = http::RouteOptions::in_memory();
  router.get(
      "/don-vi",
      [&app, &service](http::Request& req) {
        json::object data;
        auto q = req.query_param("q");
        if (q && !q->empty()) {
          json::array results;
          for (const auto& hit : service.search(*q, std::nullopt, kDefaultSearchLimit)) {
            json::object o = unit_json(hit.unit);
            o["full_name"] = service.full_name(hit.unit);
            o["is_old"] = hit.unit.generation == kGeneration2019;
            o["now"] = now_json(service, hit.unit);
            o["has_now"] = !o["now"].as_array().empty();
            results.push_back(std::move(o));
          }
          data["query"] = *q;
          data["searched"] = true;
          data["has_results"] = !results.empty();
          data["results"] = std::move(results);
        }
        json::array provinces;
        for (const auto& u : service.children(kGeneration2025, ""))
          provinces.push_back(unit_json(u));
        data["provinces"] = std::move(provinces);
        return http::html_response(
            req, app.renderer.page(req, "units_index", "units.title", std::move(data)));
      },
      in_memory);

  router.get(
      "/don-vi/{generation:int}/{code}",
      [&app, &service](http::Request& req) {
        int generation = parse_generation(req.path_param("generation"), 0);
        Unit u = require_unit(service, generation, req.path_param("code"));
        json::object data = detail_json(service, u);
        json::array children;
        for (const auto& c : service.children(generation, u.code)) children.push_back(unit_json(c));
        data["has_children"] = !children.empty();
        json::array villages;
        if (u.level == "commune")
          for (const auto& v : service.villages(u.code)) {
            json::object o = village_json(v);
            o["kind_" + v.kind] = true;
            villages.push_back(std::move(o));
          }
        data["has_villages"] = !villages.empty();
        data["villages"] = std::move(villages);
        data["children"] = std::move(children);
        data["has_replaced_by"] = !data["replaced_by"].as_array().empty();
        data["has_replaces"] = !data["replaces"].as_array().empty();
        data["is_old"] = generation == kGeneration2019;
        if (auto parent = service.find(generation, u.parent_code)) {
          json::object p = unit_json(*parent);
          p["full_name"] = service.full_name(*parent);
          data["parent_unit"] = std::move(p);
        }
        data["is_" + u.level] = true;
        data["page_title"] = u.name;
        return http::html_response(
            req, app.renderer.page(req, "unit_detail", "units.title", std::move(data)));
      },
      in_memory);
}

}  // namespace

void add_unit_routes(http::Router& router, web::AppContext& app) {
  add_unit_api_routes(router, app);
  add_unit_pages(router, app);
}

}  // namespace cds::units
