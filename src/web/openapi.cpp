#include "web/openapi.h"

#include <boost/beast/http/verb.hpp>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <stdexcept>

#include "core/text.h"
#include "http/response.h"

namespace cds::web {

namespace json = boost::json;

bool is_api_route(std::string_view pattern, const std::vector<std::string>& module_prefixes) {
  if (pattern.starts_with("/api/") || pattern == "/healthz" || pattern == "/readyz" ||
      pattern == "/metrics")
    return true;
  for (const auto& prefix : module_prefixes)
    if (pattern.starts_with(prefix)) return true;
  return false;
}

namespace {

// "/api/v1/units/{generation:int}/{code}" → "/api/v1/units/{generation}/{code}"
std::string openapi_path(std::string_view pattern) {
  std::string out;
  bool in_param = false, skipping = false;
  for (char c : pattern) {
    if (c == '{') in_param = true, skipping = false;
    if (c == '}') in_param = false, skipping = false;
    if (in_param && c == ':') skipping = true;
    if (!skipping) out.push_back(c);
  }
  return out;
}

}  // namespace

std::string openapi_document(const http::Router& router, const std::vector<OpenApiPart>& parts,
                             const std::vector<std::string>& module_prefixes) {
  json::object doc;
  json::object paths, schemas, responses, parameters, security_schemes;
  for (const auto& part : parts) {
    boost::system::error_code ec;
    json::value v = json::parse(part.json, ec);
    if (ec || !v.is_object())
      throw std::runtime_error("src/" + std::string(part.module) + "/openapi.json is not JSON");
    json::object& o = v.as_object();
    if (o.contains("openapi")) {
      for (const auto& [k, child] : o)
        if (k != "paths" && k != "components") doc[k] = child;
    }
    if (auto* p = o.if_contains("paths"))
      for (const auto& [path, ops] : p->as_object())
        for (const auto& [method, op] : ops.as_object()) {
          json::value& slot = paths[path];
          if (!slot.is_object()) slot.emplace_object();
          slot.as_object()[method] = op;
        }
    if (auto* c = o.if_contains("components")) {
      auto merge = [&](const char* name, json::object& into) {
        if (auto* section = c->as_object().if_contains(name))
          for (const auto& [k, child] : section->as_object()) into[k] = child;
      };
      merge("schemas", schemas);
      merge("responses", responses);
      merge("parameters", parameters);
      merge("securitySchemes", security_schemes);
    }
  }
  // What the router serves decides what is described.
  std::set<std::pair<std::string, std::string>> routed;
  for (const auto& route : router.routes()) {
    if (!is_api_route(route.pattern, module_prefixes)) continue;
    std::string path = openapi_path(route.pattern);
    std::string method = text::ascii_lower(boost::beast::http::to_string(route.method));
    routed.insert({path, method});
    auto& ops = paths[path];
    if (!ops.is_object()) ops.emplace_object();
    if (!ops.as_object().contains(method))
      ops.as_object()[method] = json::object{
          {"summary", "Not described yet"},
          {"x-cds-undocumented", true},
          {"responses", json::object{{"default", json::object{{"description", "undocumented"}}}}}};
  }
  json::array unrouted;
  json::object served_paths;
  for (auto& [path, ops] : paths) {
    json::object kept;
    for (auto& [method, op] : ops.as_object()) {
      if (routed.contains({std::string(path), std::string(method)}))
        kept[method] = op;
      else
        unrouted.push_back(json::string(text::ascii_lower(method) + " " + std::string(path)));
    }
    if (!kept.empty()) served_paths[path] = std::move(kept);
  }
  doc["paths"] = std::move(served_paths);
  doc["components"] = json::object{{"schemas", std::move(schemas)},
                                   {"responses", std::move(responses)},
                                   {"parameters", std::move(parameters)},
                                   {"securitySchemes", std::move(security_schemes)}};
  doc["x-cds-unrouted"] = std::move(unrouted);
  return http::json_text(doc);
}

}  // namespace cds::web
