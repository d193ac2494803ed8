// Who is making this request: the session cookie ("sid") of a signed-in person, or an API key
// (Authorization: Bearer … or the api_key parameter) of a machine client. Resolved on demand
// by the handlers that need it, so public pages never touch the database for it.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "accounts/authz.h"
#include "accounts/service.h"
#include "core/rate_limit.h"
#include "http/request.h"

namespace cds::web {
class Csrf;
}

namespace cds::accounts {

Actor current_actor(AccountService& service, const http::Request& request);

// Where an anonymous reader said they live (the warnings page sets it): warnings and news
// follow it. A signed-in reader's home commune comes first.
inline constexpr const char* kChosenCommuneCookie = "xa";
// The chosen commune when it is one of the province's, otherwise "".
std::string chosen_commune(const units::UnitService& units, const std::string& province_code,
                           const http::Request& request);
// A signed-in reader's home commune, otherwise the chosen one, otherwise "" (the province).
std::string reader_commune(AccountService& service, const units::UnitService& units,
                           const std::string& province_code, const http::Request& request);
// Set-Cookie values for a new session and for signing out.
std::string session_cookie(const Session& session, bool secure);
std::string clear_session_cookie(bool secure);

// How many uploads one account and one address may send in a window: image work is the
// most expensive thing a client can ask for, so nobody may keep the image workers busy.
class UploadBudget {
 public:
  UploadBudget(size_t per_account = 30, size_t per_address = 120,
               std::chrono::seconds window = std::chrono::minutes(10))
      : per_account_(per_account, window), per_address_(per_address, window) {}
  // Throws cds::Error too_many_requests (with Retry-After) when either budget is spent.
  void spend(const Actor& actor, const std::string& address);

 private:
  RateLimiter per_account_;
  RateLimiter per_address_;
};

// The admission check of an upload route (http::RouteOptions::admit), run on the headers
// before any of the body is read: the sender is signed in (or a machine client's key), a
// cookie-authenticated request passes the CSRF rule, the upload budget is not spent, and
// `may` (when given) allows this actor this route (it throws cds::Error otherwise).
std::function<void(http::Request&)> upload_admission(
    AccountService& accounts, const web::Csrf& csrf, UploadBudget& budget,
    std::function<void(const Actor&, http::Request&)> may = {});

}  // namespace cds::accounts
