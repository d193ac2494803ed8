#include "web/shell_routes.h"

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "http/response.h"
#include "web/openapi.h"

namespace cds::web {
namespace json = boost::json;

namespace {

struct StaticFile {
  std::string body;
  std::string content_type;
};

std::string content_type_for(const std::filesystem::path& p) {
  static const std::map<std::string, std::string> types = {
      {".css", "text/css; charset=utf-8"},
      {".js", "application/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".json", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"}};
  auto it = types.find(p.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

// Static files are small and few: read once at start, served from memory on the I/O threads.
std::shared_ptr<std::map<std::string, StaticFile, std::less<>>> load_static(
    const std::filesystem::path& dir) {
  auto files = std::make_shared<std::map<std::string, StaticFile, std::less<>>>();
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string rel = std::filesystem::relative(entry.path(), dir).generic_string();
    (*files)[rel] = StaticFile{ss.str(), content_type_for(entry.path())};
  }
  return files;
}

}  // namespace

void add_shell_routes(http::Router& router, AppContext& app) {
  router.get("/", [&app](http::Request& req) {
    std::string lang = app.renderer.language(req);
    json::array sections;
    for (const auto& source : app.home_sections) {
      auto section = source(req, lang);
      if (!section) continue;
      json::array links;
      for (const auto& l : section->links)
        links.push_back(json::object{{"text", l.text}, {"href", l.href}, {"note", l.note}});
      sections.push_back(json::object{{"heading", section->heading},
                                      {"text", section->text},
                                      {"buttons", section->buttons},
                                      {"links", std::move(links)},
                                      {"more_text", section->more_text},
                                      {"more_href", section->more_href}});
    }
    json::array offers;
    for (const auto& o : app.offers)
      offers.push_back(json::object{{"title", app.catalogues.text(lang, o.title_key)},
                                    {"text", app.catalogues.text(lang, o.text_key)},
                                    {"path", o.path}});
    json::object data{{"sections", std::move(sections)}, {"offers", std::move(offers)}};
    return http::html_response(req, app.renderer.page(req, "home", "home.title", std::move(data)));
  });

  // Language switch: a plain link, so it works without JavaScript. Only local paths are
  // accepted as the place to return to.
  router.get(
      "/ngon-ngu",
      [&app](http::Request& req) {
        std::string lang = req.query_param("lang").value_or("vi");
        if (!app.catalogues.has(lang)) lang = "vi";
        std::string next = req.query_param("next").value_or("/");
        if (!next.starts_with('/') || next.starts_with("//") ||
            next.find('\\') != std::string::npos)
          next = "/";
        http::Response res = http::redirect(req, http::percent_encode_path(next));
        http::CookieOptions cookie;
        cookie.max_age_seconds = 365L * 24 * 3600;
        cookie.http_only = false;
        res.set(http::beast_http::field::set_cookie, http::set_cookie_value("lang", lang, cookie));
        return res;
      },
      http::RouteOptions::in_memory());

  auto files = load_static(app.web_dir / "static");
  router.get(
      "/static/{path:*}",
      [files](http::Request& req) {
        const std::string& path = req.path_param("path");
        auto it = files->find(path);
        if (it == files->end())
          throw http::HttpError(http::Status::not_found, "not_found", "Not found");
        http::Response res =
            http::make_response(req, http::Status::ok, it->second.body, it->second.content_type);
        res.set(http::beast_http::field::cache_control, "public, max-age=3600");
        return res;
      },
      http::RouteOptions::in_memory());
}

http::Response render_error(const AppContext& app, const http::Request& request,
                            http::Status status, std::string_view code, std::string_view message) {
  std::string lang = app.renderer.language(request);
  // Known error codes have a translated message; others keep the handler's message.
  std::string key = "error." + std::string(code);
  const std::string& translated = app.catalogues.text(lang, key);
  std::string text = translated == key ? std::string(message) : translated;
  if (is_api_route(request.path, app.api_prefixes) || !request.wants_html())
    return http::json_error(request, status, code, text);
  json::object data;
  data["status"] = static_cast<int>(status);
  data["message"] = text;
  data["code"] = code;
  data["sign_in"] = status == http::Status::unauthorized;
  try {
    return http::html_response(
        request, app.renderer.page(request, "error", "error.title", std::move(data)), status);
  } catch (const std::exception&) {
    return http::json_error(request, status, code, text);  // never fail while reporting a failure
  }
}

void add_ops_routes(http::Router& router, AppContext& app) {
  router.get(
      "/healthz",
      [](http::Request& req) {
        return http::json_response(req, json::object{{"status", "ok"}});
      },
      http::RouteOptions::in_memory());

  router.get("/readyz", [&app](http::Request& req) {
    std::string reason;
    if (app.db.ping(reason)) return http::json_response(req, json::object{{"status", "ready"}});
    auto res = http::json_response(
        req, json::object{{"status", "unavailable"}, {"reason", "database: " + reason}},
        http::Status::service_unavailable);
    res.set(http::beast_http::field::retry_after, "5");
    return res;
  });

  auto metrics = app.metrics;
  router.get(
      "/metrics",
      [metrics, &app](http::Request& req) {
        std::string text = (*metrics)->exposition(CDS_VERSION);
        return http::make_response(req, http::Status::ok, std::move(text),
                                   "text/plain; version=0.0.4; charset=utf-8");
      },
      http::RouteOptions::in_memory());
}

}  // namespace cds::web
