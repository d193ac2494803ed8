#include "accounts/http_auth.h"

namespace cds::accounts {

Actor current_actor(AccountService& service, const http::Request& request) {
  if (auto sid = request.cookie("sid")) {
    Actor a = service.actor_for_session(*sid);
    if (!a.anonymous()) return a;
  }
  std::string_view auth = request.header("Authorization");
  if (auth.starts_with("Bearer ")) return service.actor_for_api_key(std::string(auth.substr(7)));
  if (auto key = request.query_param("api_key")) return service.actor_for_api_key(*key);
  return {};
}

std::string session_cookie(const Session& session, bool secure) {
  http::CookieOptions o;
  o.max_age_seconds = session.max_age_seconds;
  o.secure = secure;
  return http::set_cookie_value("sid", session.token, o);
}

std::string clear_session_cookie(bool secure) {
  http::CookieOptions o;
  o.max_age_seconds = 0;
  o.secure = secure;
  return http::set_cookie_value("sid", "", o);
}

}  // namespace cds::accounts
