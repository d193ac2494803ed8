// Cross-site request forgery, refused in two layers.
// 1. Every form carries a signed double-submit token: the token sits in a cookie and in a
//    hidden field; a form POST is accepted only when both agree and the signature (keyed with
//    the server's secret) holds.
// 2. One middleware for every state-changing request (POST, PUT, PATCH, DELETE) that carries
//    a session cookie, whatever its body or content type: it must come from our own pages
//    (Sec-Fetch-Site: same-origin, or an Origin equal to the Host for browsers that do not
//    send Sec-Fetch-Site) or carry the token (X-CSRF-Token header, _csrf query parameter or
//    _csrf form field). Requests authenticated by an API key alone carry no cookie and are
//    exempt: a browser cannot be tricked into sending a key.
#pragma once

#include <string>
#include <string_view>

#include "http/body.h"
#include "http/request.h"
#include "http/server.h"

namespace cds::web {

class Csrf {
 public:
  explicit Csrf(std::string secret) : secret_(std::move(secret)) {}
  // The token for this request's forms; sets the cookie on res when the request had none.
  std::string token(const http::Request& request, http::Response& res) const;
  // A new token, with its Set-Cookie on res (API sign-in hands it to non-browser clients).
  std::string new_token(http::Response& res, bool secure) const;
  // Throws cds::Error (forbidden, "csrf") unless the form carries the cookie's valid token.
  void check(const http::Request& request, const http::Form& form) const;
  bool valid(const std::string& token) const;

  // Layer 2, from the headers and the query alone (used before an upload's body is read):
  // throws cds::Error (forbidden, "csrf") for a cookie-authenticated state change that is
  // neither same-origin nor carries the cookie's token in X-CSRF-Token or ?_csrf=.
  void check_state_change(const http::Request& request) const;
  // Layer 2 as middleware: also accepts the _csrf field of a form body.
  http::Middleware middleware() const;

 private:
  bool token_matches(const http::Request& request, std::string_view given) const;
  // No proof needed (a safe method, no session cookie) or proof given by the browser's
  // headers, X-CSRF-Token or ?_csrf=.
  bool proven_by_headers(const http::Request& request) const;
  std::string secret_;
};

// True when the browser says the request was made by a page of this site: Sec-Fetch-Site is
// "same-origin", or, without Sec-Fetch-Site, the Origin's host and port equal the Host header.
bool same_origin(const http::Request& request);

}  // namespace cds::web
