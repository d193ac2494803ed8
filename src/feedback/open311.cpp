// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): discovery, services, service
// definitions, requests (GET and POST) and tokens, each in JSON and XML, with the
// specification's error format. Reports filed here enter the same workflow as the web's.
//
// Choices where the specification leaves room, also described in discovery:
// - address_id carries the 2025 commune code. Without it, an address_string that names exactly
//   one of the province's communes is enough; so is lat/long alone, placed in the commune whose
//   boundary contains it (`congdanso units boundaries --import`) or, outside every loaded
//   boundary, in the province's triage queue: address_id and expected_datetime stay empty
//   until an officer places it and its deadline starts.
// - Contact fields (first_name, last_name, phone, email) are not stored: personal data lives
//   only in citizens' own accounts.
// - Extensions: page/page_size (50, at most 500), updated_after/updated_before, and
//   extensions=true adding "notes" (the public timeline) and "support_count".
#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <sstream>

#include "accounts/http_auth.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "core/xml.h"
#include "feedback/forms.h"
#include "feedback/presenters.h"
#include "feedback/routes.h"
#include "feedback/service.h"
#include "feedback/workflow.h"
#include "http/body.h"
#include "http/response.h"
#include "units/service.h"
#include "web/cached.h"
#include "web/pages.h"

namespace cds::feedback {
namespace json = boost::json;
using http::Request;
using http::Status;

namespace {

enum class Format { json, xml };

// "requests.json" → ("requests", json); throws 404 for another extension.
std::pair<std::string, Format> split_format(const std::string& file) {
  auto dot = file.rfind('.');
  std::string ext = dot == std::string::npos ? "" : file.substr(dot + 1);
  if (ext != "json" && ext != "xml")
    throw Error(ErrorKind::not_found, "format", "Use .json or .xml");
  return {file.substr(0, dot), ext == "json" ? Format::json : Format::xml};
}

std::string item_name(std::string_view list) {
  if (list == "service_requests") return "request";
  if (list == "errors") return "error";
  if (list == "services") return "service";
  if (list.ends_with("s")) return std::string(list.substr(0, list.size() - 1));
  return std::string(list);
}

void to_xml(std::ostringstream& out, std::string_view name, const json::value& v) {
  out << "<" << name << ">";
  switch (v.kind()) {
    case json::kind::object:
      for (const auto& [k, child] : v.as_object()) to_xml(out, k, child);
      break;
    case json::kind::array: {
      std::string item = item_name(name);
      for (const auto& child : v.as_array()) to_xml(out, item, child);
      break;
    }
    case json::kind::string:
      out << xml::escape(v.as_string());
      break;
    case json::kind::bool_:
      out << (v.as_bool() ? "true" : "false");
      break;
    case json::kind::int64:
      out << v.as_int64();
      break;
    case json::kind::uint64:
      out << v.as_uint64();
      break;
    case json::kind::double_: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.6f", v.as_double());
      out << buf;
      break;
    }
    case json::kind::null:
      break;
  }
  out << "</" << name << ">";
}

http::Response respond(const Request& req, Format format, std::string_view xml_root,
                       const json::value& doc, Status status = Status::ok) {
  if (format == Format::json)
    return http::make_response(req, status, http::json_text(doc),
                               "application/json; charset=utf-8");
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
  to_xml(out, xml_root, doc);
  return http::make_response(req, status, out.str(), "text/xml; charset=utf-8");
}

// The specification's error list: [{"code": 400, "description": "…"}].
http::Response error_response(const Request& req, Format format, Status status,
                              const std::string& description) {
  json::array errors{
      json::object{{"code", static_cast<int>(status)}, {"description", description}}};
  return respond(req, format, "errors", errors, status);
}

// Runs a handler and turns expected failures into Open311 errors in the format the path asks
// for (an unknown extension gets its error in JSON).
template <typename F>
http::Response guarded(const Request& req, F&& f) {
  Format format = req.path_param("file").ends_with(".xml") ? Format::xml : Format::json;
  try {
    return f();
  } catch (const Error& e) {
    Status status = http::status_for(e.kind);
    // A missing or bad api_key is a 403 in the specification, not a 401.
    if (status == Status::unauthorized) status = Status::forbidden;
    return error_response(req, format, status, e.what());
  }
}

std::string w3c(const std::string& iso_utc) {
  auto t = timeutil::parse_w3c(iso_utc);
  return t ? timeutil::w3c_vietnam(*t) : "";
}

std::string datatype(const std::string& kind) {
  if (kind == "number") return "number";
  if (kind == "date") return "datetime";
  if (kind == "single") return "singlevaluelist";
  if (kind == "multi") return "multivaluelist";
  return "string";
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!text::trim(item).empty()) out.push_back(text::trim(item));
  return out;
}

std::string utc_param(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return "";
  auto t = timeutil::parse_w3c(*v);
  if (!t)
    throw Error(ErrorKind::bad_input, "bad_date",
                std::string(name) + " must be a W3C date-time from " +
                    std::to_string(timeutil::kFirstYear) + " to " +
                    std::to_string(timeutil::kLastYear) + ", like 2026-11-29T08:00:00+07:00");
  return timeutil::iso_utc(*t);
}

// jurisdiction_id, when a client gives one, must be ours (else the specification's 404).
std::function<void(const Request&, const http::Form*)> jurisdiction_check(Services* svc) {
  return [svc](const Request& req, const http::Form* form) {
    std::string j =
        req.query_param("jurisdiction_id").value_or(form ? form->get("jurisdiction_id") : "");
    if (!j.empty() && j != svc->open311_jurisdiction)
      throw Error(ErrorKind::not_found, "jurisdiction", "jurisdiction_id not found");
  };
}

// A report as an Open311 service request (the same object serves JSON and XML).
using RequestPresenter = std::function<json::object(const Request&, const Report&,
                                                    const std::map<int64_t, std::string>&, bool)>;
RequestPresenter request_presenter(Services* svc, web::AppContext* ctx) {
  return [svc, ctx](const Request& req, const Report& r,
                    const std::map<int64_t, std::string>& agencies, bool extensions) {
    auto k = svc->settings.category(r.category_code);
    std::string status_notes = r.answer;
    json::object o;
    o["service_request_id"] = r.public_id;
    o["status"] = is_open(r.status) ? "open" : "closed";
    o["status_notes"] = status_notes;
    o["service_name"] = k ? k->name_vi : r.category_code;
    o["service_code"] = r.category_code;
    o["description"] = r.description;
    auto agency = agencies.find(r.agency_id);
    o["agency_responsible"] = agency == agencies.end() ? "" : agency->second;
    o["service_notice"] = "";
    o["requested_datetime"] = w3c(r.received_at);
    o["updated_datetime"] = w3c(r.updated_at);
    o["expected_datetime"] = awaiting_place(r) ? "" : r.deadline_on + "T23:59:59+07:00";
    std::string address = r.address_text;
    if (auto u = ctx->units.find(units::kGeneration2025, r.unit_code))
      address += (address.empty() ? "" : ", ") + ctx->units.full_name(*u);
    o["address"] = address;
    o["address_id"] = awaiting_place(r) ? "" : r.unit_code;
    o["zipcode"] = "";
    o["lat"] = r.lat ? json::value(*r.lat) : json::value(nullptr);
    o["long"] = r.lon ? json::value(*r.lon) : json::value(nullptr);
    // The first photo the reporter took, as a full URL; else a link the client gave us.
    std::string media;
    for (const auto& p : r.photos)
      if (p.kind != "answer") {
        media = web::site_url(*ctx, req) + "/anh/" + p.path;
        break;
      }
    if (media.empty())
      for (const auto& [code, value] : r.attributes)
        if (code == "media_url") media = value;
    o["media_url"] = media;
    if (extensions) {
      json::array notes;
      for (const auto& e : svc->reports.timeline(r, false))
        notes.push_back(json::object{
            {"datetime", w3c(e.at)}, {"status", e.to_status}, {"kind", e.kind}, {"text", e.body}});
      o["notes"] = std::move(notes);
      o["support_count"] = r.support_count;
    }
    return o;
  };
}

}  // namespace

// Discovery, the service list and the service requests.
void add_open311_lists(http::Router& router, web::AppContext& app, Services& service) {
  web::AppContext* ctx = &app;
  Services* svc = &service;

  auto check_jurisdiction = jurisdiction_check(svc);
  auto request_json = request_presenter(svc, ctx);

  // GET discovery, services, requests (.json / .xml)
  auto lists = [svc, ctx, check_jurisdiction, request_json](Request& req) {
    return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
      return guarded(req, [&] {
        auto [resource, fmt] = split_format(req.path_param("file"));
        scopes.emplace_back(kCategoriesScope);
        check_jurisdiction(req, nullptr);
        if (resource == "discovery") {
          json::object endpoint{{"specification", "http://wiki.open311.org/GeoReport_v2"},
                                {"url", "/open311/v2"},
                                {"changeset", "2026-11-28T00:00:00+07:00"},
                                {"type", "production"},
                                {"formats", json::array{"application/json", "text/xml"}}};
          json::object doc{{"changeset", "2026-11-28T00:00:00+07:00"},
                           {"contact", "Công Dân Số — " + svc->open311_jurisdiction},
                           {"key_service", "API keys are issued by the province's administrators"},
                           {"endpoints", json::array{endpoint}}};
          return respond(req, fmt, "discovery", doc);
        }
        if (resource == "services") {
          json::array list;
          for (const auto& k : svc->settings.categories()) {
            if (!k.active) continue;
            list.push_back(json::object{{"service_code", k.code},
                                        {"service_name", k.name_vi},
                                        {"description", k.description_vi},
                                        {"metadata", !k.questions.empty()},
                                        {"type", "realtime"},
                                        {"keywords", ""},
                                        {"group", k.group_vi}});
          }
          return respond(req, fmt, "services", list);
        }
        if (resource == "requests") {
          ReportFilter f;
          if (auto ids = req.query_param("service_request_id"); ids && !ids->empty()) {
            f.public_ids = split_commas(*ids);  // the other parameters are ignored, as specified
          } else {
            auto codes = split_commas(req.query_param("service_code").value_or(""));
            if (codes.size() == 1) f.category_code = codes[0];
            for (const auto& s : split_commas(req.query_param("status").value_or(""))) {
              if (s != "open" && s != "closed")
                throw Error(ErrorKind::bad_input, "bad_status", "status must be open or closed");
              for (const auto& state : kStates)
                if (state.open == (s == "open")) f.statuses.emplace_back(state.name);
            }
            f.received_from = utc_param(req, "start_date");
            f.received_to = utc_param(req, "end_date");
            f.updated_after = utc_param(req, "updated_after");
            f.updated_before = utc_param(req, "updated_before");
            if (codes.size() > 1)
              throw Error(ErrorKind::bad_input, "bad_parameter", "Give one service_code");
          }
          size_t page = http::count_param(req, "page", 1, 1000000),
                 size = http::count_param(req, "page_size", 50, 500);
          f.limit = size;
          f.offset = (page - 1) * size;
          bool extensions = req.query_param("extensions").value_or("") == "true";
          auto agencies_held = svc->settings.agency_names();
          const auto& agencies = *agencies_held;
          json::array list;
          auto found = svc->reports.list(f).reports;
          for (const auto& r : found) list.push_back(request_json(req, r, agencies, extensions));
          add_list_scopes("", found, scopes);
          return respond(req, fmt, "service_requests", list);
        }
        throw Error(ErrorKind::not_found, "not_found", "Unknown resource");
      });
    });
  };
  router.get("/open311/v2/{file}", lists, http::RouteOptions::cached());

  // GET services/{service_code}: the service definition (its attributes)
}

// One service, one request, one token.
void add_open311_items(http::Router& router, web::AppContext& app, Services& service) {
  web::AppContext* ctx = &app;
  Services* svc = &service;

  auto check_jurisdiction = jurisdiction_check(svc);
  auto request_json = request_presenter(svc, ctx);

  router.get("/open311/v2/services/{file}", [svc, check_jurisdiction](Request& req) {
    return guarded(req, [&] {
      auto [code, fmt] = split_format(req.path_param("file"));
      check_jurisdiction(req, nullptr);
      auto k = svc->settings.category(code);
      if (!k || !k->active) throw Error(ErrorKind::not_found, "service", "service_code not found");
      json::array attributes;
      int order = 1;
      for (const auto& q : k->questions) {
        json::array values;
        for (const auto& c : q.choices)
          values.push_back(json::object{{"key", c.key}, {"name", c.label_vi}});
        attributes.push_back(
            json::object{{"variable", true},
                         {"code", q.code},
                         {"datatype", datatype(q.kind)},
                         {"required", q.required},
                         {"datatype_description", q.kind == "date" ? "yyyy-mm-dd" : ""},
                         {"order", order++},
                         {"description", q.label_vi},
                         {"values", std::move(values)}});
      }
      return respond(
          req, fmt, "service_definition",
          json::object{{"service_code", k->code}, {"attributes", std::move(attributes)}});
    });
  });

  // GET requests/{id} and tokens/{token}
  router.get(
      "/open311/v2/requests/{file}",
      [ctx, svc, check_jurisdiction, request_json](Request& req) {
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          return guarded(req, [&] {
            auto [id, fmt] = split_format(req.path_param("file"));
            check_jurisdiction(req, nullptr);
            auto r = svc->reports.find(id);
            if (!r) throw Error(ErrorKind::not_found, "request", "service_request_id not found");
            bool extensions = req.query_param("extensions").value_or("") == "true";
            add_scopes(*r, scopes);
            return respond(
                req, fmt, "service_requests",
                json::array{request_json(req, *r, *svc->settings.agency_names(), extensions)});
          });
        });
      },
      http::RouteOptions::cached());

  router.get("/open311/v2/tokens/{file}", [svc, check_jurisdiction](Request& req) {
    return guarded(req, [&] {
      auto [token, fmt] = split_format(req.path_param("file"));
      check_jurisdiction(req, nullptr);
      // Requests get their id at once, so a token is the id itself.
      auto r = svc->reports.find(token);
      if (!r) throw Error(ErrorKind::not_found, "token", "token not found");
      return respond(
          req, fmt, "service_requests",
          json::array{json::object{{"service_request_id", r->public_id}, {"token", token}}});
    });
  });

  // POST requests: a machine client files a report with its API key.
}

// Filing a service request.
void add_open311_post(http::Router& router, web::AppContext& app, Services& service) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  Services* svc = &service;

  auto check_jurisdiction = jurisdiction_check(svc);
  auto request_json = request_presenter(svc, ctx);

  router.post("/open311/v2/{file}", [svc, ctx, &accounts, check_jurisdiction](Request& req) {
    return guarded(req, [&] {
      auto [resource, fmt] = split_format(req.path_param("file"));
      if (resource != "requests")
        throw Error(ErrorKind::not_found, "not_found", "Unknown resource");
      http::Form form = http::form_body(req);
      check_jurisdiction(req, &form);
      std::string key = form.get("api_key");
      if (key.empty()) key = req.query_param("api_key").value_or("");
      accounts::Actor actor = accounts.identity.actor_for_api_key(key);
      if (actor.anonymous())
        throw Error(ErrorKind::forbidden, "api_key", "api_key missing or invalid");
      NewReport n = forms::report_from_open311(
          form, ctx->units.children(units::kGeneration2025, ctx->province_code));
      // media_url is a link to a photo kept elsewhere, not an answer to the category's questions.
      std::string media = form.get("media_url");
      if (!media.empty() && !media.starts_with("https://") && !media.starts_with("http://"))
        throw Error(ErrorKind::bad_input, "media_url", "media_url must be an http(s) URL");
      Report r = svc->filing.file(actor, n, req.remote_address);
      if (!media.empty()) svc->filing.add_media_url(r, media);
      return respond(req, fmt, "service_requests",
                     json::array{json::object{{"service_request_id", r.public_id},
                                              {"service_notice", ""},
                                              {"account_id", nullptr}}},
                     Status::created);
    });
  });
}

void add_open311_routes(http::Router& router, web::AppContext& app, Services& service) {
  add_open311_lists(router, app, service);
  add_open311_items(router, app, service);
  add_open311_post(router, app, service);
}

}  // namespace cds::feedback
