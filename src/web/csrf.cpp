#include "web/csrf.h"

#include <boost/beast/core/string.hpp>

#include "core/crypto.h"
#include "core/error.h"

namespace cds::web {

namespace {

bool changes_state(http::Verb v) {
  return v != http::Verb::get && v != http::Verb::head && v != http::Verb::options &&
         v != http::Verb::trace;
}

[[noreturn]] void refuse() {
  throw Error(ErrorKind::forbidden, "csrf",
              "The form has expired; please reload the page and try again");
}

// "https://host:port" → "host:port"; "" for "null" or anything without a scheme.
std::string_view origin_authority(std::string_view origin) {
  auto sep = origin.find("://");
  if (sep == std::string_view::npos) return {};
  std::string_view rest = origin.substr(sep + 3);
  if (rest.find('/') != std::string_view::npos) return {};
  return rest;
}

}  // namespace

bool same_origin(const http::Request& request) {
  std::string_view site = request.header("Sec-Fetch-Site");
  if (!site.empty()) return boost::beast::iequals(site, "same-origin");
  std::string_view origin = request.header("Origin");
  std::string_view host = request.header("Host");
  if (origin.empty() || host.empty()) return false;
  std::string_view authority = origin_authority(origin);
  if (authority.empty()) return false;
  if (boost::beast::iequals(authority, host)) return true;
  // A default port may be written in one and left out of the other.
  std::string_view scheme = origin.substr(0, origin.find("://"));
  std::string_view default_port = boost::beast::iequals(scheme, "https") ? ":443" : ":80";
  auto strip = [&](std::string_view s) {
    return s.ends_with(default_port) ? s.substr(0, s.size() - default_port.size()) : s;
  };
  return boost::beast::iequals(strip(authority), strip(host));
}

bool Csrf::valid(const std::string& token) const {
  auto dot = token.find('.');
  if (dot == std::string::npos || dot == 0) return false;
  return crypto::equal(token.substr(dot + 1), crypto::mac(secret_, token.substr(0, dot)));
}

std::string Csrf::new_token(http::Response& res, bool secure) const {
  std::string nonce = crypto::random_token(18);
  std::string token = nonce + "." + crypto::mac(secret_, nonce);
  http::CookieOptions options;  // a session cookie, HttpOnly: only the hidden field needs the value
  options.secure = secure;
  res.insert(http::beast_http::field::set_cookie, http::set_cookie_value("csrf", token, options));
  return token;
}

std::string Csrf::token(const http::Request& request, http::Response& res) const {
  auto existing = request.cookie("csrf");
  if (existing && valid(*existing)) return *existing;
  return new_token(res, false);
}

bool Csrf::token_matches(const http::Request& request, std::string_view given) const {
  auto cookie = request.cookie("csrf");
  if (!cookie || given.empty()) return false;
  std::string g(given);
  return crypto::equal(*cookie, g) && valid(g);
}

void Csrf::check(const http::Request& request, const http::Form& form) const {
  if (!token_matches(request, form.get("_csrf"))) refuse();
}

bool Csrf::proven_by_headers(const http::Request& request) const {
  if (!changes_state(request.method()) || !request.cookie("sid") || same_origin(request))
    return true;
  if (token_matches(request, request.header("X-CSRF-Token"))) return true;
  auto q = request.query_param("_csrf");
  return q && token_matches(request, *q);
}

void Csrf::check_state_change(const http::Request& request) const {
  if (!proven_by_headers(request)) refuse();
}

http::Middleware Csrf::middleware() const {
  return [this](http::Request& req, const http::Next& next) -> http::Response {
    if (proven_by_headers(req)) return next(req);
    // A form's hidden field: read only for form bodies, and without failing on a bad form
    // (the handler reports that itself).
    bool ok = false;
    if (http::media_type(req.header("Content-Type")) == "application/x-www-form-urlencoded" ||
        req.form) {
      try {
        ok = token_matches(req, http::form_body(req).get("_csrf"));
      } catch (const Error&) {
      }
    }
    if (!ok) refuse();
    return next(req);
  };
}

}  // namespace cds::web
