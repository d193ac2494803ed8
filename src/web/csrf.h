// CSRF protection for HTML forms: a signed double-submit token. The token sits in a cookie
// and in a hidden field of every form; a POST is accepted only when both agree and the
// signature (keyed with the server's secret) holds. JSON API calls are protected instead by
// requiring Content-Type: application/json, which a cross-site form cannot send.
#pragma once

#include <string>

#include "http/body.h"
#include "http/request.h"

namespace cds::web {

class Csrf {
 public:
  explicit Csrf(std::string secret) : secret_(std::move(secret)) {}
  // The token for this request's forms; sets the cookie on res when the request had none.
  std::string token(const http::Request& request, http::Response& res) const;
  // Throws cds::Error (forbidden, "csrf") unless the form carries the cookie's valid token.
  void check(const http::Request& request, const http::Form& form) const;
  bool valid(const std::string& token) const;

 private:
  std::string secret_;
};

}  // namespace cds::web
