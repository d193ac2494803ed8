#include "accounts/http_auth.h"

#include "core/error.h"
#include "units/service.h"
#include "web/csrf.h"

namespace cds::accounts {

Actor current_actor(AccountService& service, const http::Request& request) {
  if (auto sid = request.cookie("sid")) {
    Actor a = service.identity.actor_for_session(*sid);
    if (!a.anonymous()) return a;
  }
  std::string_view auth = request.header("Authorization");
  if (auth.starts_with("Bearer "))
    return service.identity.actor_for_api_key(std::string(auth.substr(7)));
  if (auto key = request.query_param("api_key")) return service.identity.actor_for_api_key(*key);
  return {};
}

std::string chosen_commune(const units::UnitService& units, const std::string& province_code,
                           const http::Request& request) {
  auto code = request.cookie(kChosenCommuneCookie);
  if (!code || code->empty() || code->size() > 8) return "";
  auto unit = units.find(units::kGeneration2025, *code);
  return unit && unit->parent_code == province_code ? *code : "";
}

std::string reader_commune(AccountService& service, const units::UnitService& units,
                           const std::string& province_code, const http::Request& request) {
  if (request.cookie("sid")) {
    Actor actor = current_actor(service, request);
    if (!actor.home_unit.empty()) return actor.home_unit;
  }
  return chosen_commune(units, province_code, request);
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

void UploadBudget::spend(const Actor& actor, const std::string& address) {
  std::string who = actor.account_id ? "a" + std::to_string(actor.account_id)
                                     : "k" + std::to_string(actor.api_key_id);
  long wait = std::max(per_account_.retry_after(who), per_address_.retry_after(address));
  if (wait > 0)
    throw Error(ErrorKind::too_many_requests, "too_many_uploads",
                "Too many uploads in a short time; please wait a little", wait);
  per_account_.record(who);
  per_address_.record(address);
}

std::function<void(http::Request&)> upload_admission(
    AccountService& accounts, const web::Csrf& csrf, UploadBudget& budget,
    std::function<void(const Actor&, http::Request&)> may) {
  return [&accounts, &csrf, &budget, may = std::move(may)](http::Request& req) {
    Actor actor = current_actor(accounts, req);
    if (actor.anonymous())
      throw Error(ErrorKind::unauthenticated, "sign_in_required", "Sign in first");
    csrf.check_state_change(req);
    if (may) may(actor, req);
    budget.spend(actor, req.remote_address);
  };
}

}  // namespace cds::accounts
