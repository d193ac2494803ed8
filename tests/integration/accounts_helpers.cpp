#include "accounts_helpers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <stdexcept>

namespace cds::test {

std::string fresh_phone() {
  static std::atomic<int> counter{1000};
  int n = counter++;
  return "0386" + std::to_string(100000 + n);
}

std::string latest_code(const std::string& phone) {
  auto r = get("/api/v1/dev/outbox?phone=" + phone);
  auto messages = r.json().at("messages").as_array();
  if (messages.empty()) throw std::runtime_error("no message for " + phone);
  std::string text(messages[0].at("text").as_string());
  std::smatch m;
  if (!std::regex_search(text, m, std::regex("\\b(\\d{6})\\b")))
    throw std::runtime_error("no code in " + text);
  return m[1];
}

std::string cookie_from(const HttpResult& r, const std::string& name) {
  for (const auto& header : r.set_cookies)
    if (header.starts_with(name + "=")) return header.substr(0, header.find(';'));
  return "";
}

HttpResult post_json(const std::string& target, const std::string& json, Headers headers) {
  headers.emplace_back("Content-Type", "application/json");
  return request("POST", target, json, headers);
}

User sign_up(const std::string& name, const std::string& unit_code, const std::string& ip) {
  User u;
  u.phone = fresh_phone();
  u.name = name;
  Headers from{{"X-Forwarded-For", ip}};
  auto reg =
      post_json("/api/v1/auth/register",
                R"({"phone":")" + u.phone + R"(","password":"ruộng bậc thang 2026","full_name":")" +
                    name + R"(","unit_code":")" + unit_code + R"(","accept_terms":true})",
                from);
  if (reg.status != 202) throw std::runtime_error("register failed: " + reg.body);
  auto verify =
      post_json("/api/v1/auth/verify",
                R"({"phone":")" + u.phone + R"(","code":")" + latest_code(u.phone) + R"("})", from);
  if (verify.status != 200) throw std::runtime_error("verify failed: " + verify.body);
  u.cookie = cookie_from(verify, "sid");
  u.id = verify.json().at("account_id").as_int64();
  return u;
}

void give_role(const User& user, const std::string& role, const std::string& unit_code) {
  std::string out;
  std::vector<std::string> args = {"user",    "add",      "--role", role,
                                   "--phone", user.phone, "--db",   database_url()};
  if (!unit_code.empty()) {
    args.push_back("--unit");
    args.push_back(unit_code);
  }
  if (run_binary(args, out) != 0) throw std::runtime_error("user add failed: " + out);
}

std::string create_api_key(const std::string& name, const std::string& scopes) {
  std::string out;
  if (run_binary({"apikey", "create", "--name", name, "--scopes", scopes, "--db", database_url()},
                 out) != 0)
    throw std::runtime_error("apikey create failed: " + out);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out.substr(out.rfind('\n') + 1);
}

std::string multipart_body(const std::string& boundary, const std::vector<Part>& parts) {
  std::string body;
  for (const auto& p : parts) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
    if (!p.filename.empty()) body += "; filename=\"" + p.filename + "\"\r\nContent-Type: " + p.type;
    body += "\r\n\r\n" + p.bytes + "\r\n";
  }
  return body + "--" + boundary + "--\r\n";
}

HttpResult submit_form(const User& who, const std::string& from, const std::string& target,
                       const std::string& fields) {
  auto page = get(from, who.auth());
  std::string csrf = cookie_from(page, "csrf");
  EXPECT_FALSE(csrf.empty()) << from << " " << page.status;
  std::string body = "_csrf=" + csrf.substr(5);
  if (!fields.empty()) body += (fields.front() == '&' ? "" : "&") + fields;
  return request("POST", target, body,
                 {{"Cookie", who.cookie + "; " + csrf},
                  {"Sec-Fetch-Site", "same-origin"},
                  {"Content-Type", "application/x-www-form-urlencoded"}});
}

}  // namespace cds::test
