// Who is making this request: the session cookie ("sid") of a signed-in person, or an API key
// (Authorization: Bearer … or the api_key parameter) of a machine client. Resolved on demand
// by the handlers that need it, so public pages never touch the database for it.
#pragma once

#include <string>

#include "accounts/authz.h"
#include "accounts/service.h"
#include "http/request.h"

namespace cds::accounts {

Actor current_actor(AccountService& service, const http::Request& request);
// Set-Cookie values for a new session and for signing out.
std::string session_cookie(const Session& session, bool secure);
std::string clear_session_cookie(bool secure);

}  // namespace cds::accounts
