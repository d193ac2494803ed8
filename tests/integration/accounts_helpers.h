// Helpers for the account tests: sign people up through the real flow (SMS code read from
// the development outbox), give roles with the command line, read cookies.
#pragma once

#include <string>
#include <vector>

#include "harness.h"

namespace cds::test {

struct User {
  int64_t id = 0;
  std::string phone;  // national form, 0xxxxxxxxx
  std::string name;
  std::string cookie;  // "sid=…"
  // As a browser on our own pages sends it: the cookie, and Sec-Fetch-Site saying so.
  Headers auth() const { return {{"Cookie", cookie}, {"Sec-Fetch-Site", "same-origin"}}; }
};

// A phone number no other test in this run uses.
std::string fresh_phone();
// The newest 6-digit code texted to this phone.
std::string latest_code(const std::string& phone);
// The "name=value" part of a Set-Cookie header for this cookie name, or "".
std::string cookie_from(const HttpResult& r, const std::string& name);
// Register → code → verify; the client address is `ip` (the test server trusts X-Forwarded-For).
User sign_up(const std::string& name, const std::string& unit_code,
             const std::string& ip = "10.0.0.1");
// congdanso user add --role … on the test database.
void give_role(const User& user, const std::string& role, const std::string& unit_code);
// congdanso apikey create; returns the key.
std::string create_api_key(const std::string& name, const std::string& scopes);
HttpResult post_json(const std::string& target, const std::string& json, Headers headers = {});
// A form posted as a browser does after opening the page `from`: the csrf cookie and its
// token, and `fields` ("a=1&b=2", urlencoded).
HttpResult submit_form(const User& who, const std::string& from, const std::string& target,
                       const std::string& fields = "");

// One part of a multipart/form-data body: a field when filename is empty, else a file.
struct Part {
  std::string name, filename, type, bytes;
};
std::string multipart_body(const std::string& boundary, const std::vector<Part>& parts);

}  // namespace cds::test
