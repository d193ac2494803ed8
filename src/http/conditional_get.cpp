#include "http/conditional_get.h"

#include <cstdio>
#include <functional>

namespace cds::http {
namespace {

// If-None-Match: "*" or a comma-separated list of tags, compared weakly (W/ ignored).
bool matches(std::string_view header, std::string_view tag) {
  auto strip = [](std::string_view t) {
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    if (t.starts_with("W/")) t.remove_prefix(2);
    return t;
  };
  std::string_view want = strip(tag);
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view one = strip(header.substr(0, comma));
    if (one == "*" || one == want) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::string weak_etag(const std::string& body) {
  char tag[48];
  std::snprintf(tag, sizeof tag, "W/\"%016zx-%zx\"", std::hash<std::string>{}(body), body.size());
  return tag;
}

Middleware conditional_get() {
  return [](Request& req, const Next& next) -> Response {
    Response res = next(req);
    auto method = req.raw.method();
    if ((method != beast_http::verb::get && method != beast_http::verb::head) ||
        res.result() != beast_http::status::ok || res.body().empty())
      return res;
    if (std::string_view(res[beast_http::field::cache_control]).find("no-store") !=
        std::string_view::npos)
      return res;
    if (res.find(beast_http::field::etag) == res.end())
      res.set(beast_http::field::etag, weak_etag(res.body()));
    std::string_view asked = req.header("If-None-Match");
    if (asked.empty() || !matches(asked, res[beast_http::field::etag])) return res;
    res.result(beast_http::status::not_modified);
    res.body().clear();
    res.erase(beast_http::field::content_type);
    res.prepare_payload();
    return res;
  };
}

}  // namespace cds::http
