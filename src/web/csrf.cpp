#include "web/csrf.h"

#include "core/crypto.h"
#include "core/error.h"

namespace cds::web {

bool Csrf::valid(const std::string& token) const {
  auto dot = token.find('.');
  if (dot == std::string::npos || dot == 0) return false;
  return crypto::equal(token.substr(dot + 1), crypto::mac(secret_, token.substr(0, dot)));
}

std::string Csrf::token(const http::Request& request, http::Response& res) const {
  auto existing = request.cookie("csrf");
  if (existing && valid(*existing)) return *existing;
  std::string nonce = crypto::random_token(18);
  std::string token = nonce + "." + crypto::mac(secret_, nonce);
  http::CookieOptions options;  // a session cookie, HttpOnly: only the hidden field needs the value
  res.insert(http::beast_http::field::set_cookie, http::set_cookie_value("csrf", token, options));
  return token;
}

void Csrf::check(const http::Request& request, const http::Form& form) const {
  auto cookie = request.cookie("csrf");
  std::string field = form.get("_csrf");
  if (!cookie || field.empty() || !crypto::equal(*cookie, field) || !valid(field))
    throw Error(ErrorKind::forbidden, "csrf",
                "The form has expired; please reload the page and try again");
}

}  // namespace cds::web
