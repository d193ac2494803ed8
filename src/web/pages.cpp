#include "web/pages.h"

#include <cmath>

#include "core/time.h"
#include "web/csrf.h"

namespace cds::web {

http::Response form_page(const AppContext& app, const http::Request& req, std::string_view name,
                         std::string_view title_key, boost::json::object data,
                         http::Status status) {
  http::Response res{status, req.raw.version()};
  data["csrf"] = app.csrf->token(req, res);
  res.set(http::beast_http::field::content_type, "text/html; charset=utf-8");
  res.set(http::beast_http::field::cache_control, "no-store");
  res.keep_alive(req.raw.keep_alive());
  res.body() = app.renderer.page(req, name, title_key, std::move(data));
  res.prepare_payload();
  return res;
}

std::string local_path(std::string_view given) {
  if (!given.starts_with('/') || given.starts_with("//") || given.size() > 512) return {};
  for (char c : given)
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return {};
  return std::string(given);
}

http::Response sign_in_first(const http::Request& req) {
  std::string back = req.raw.method() == http::Verb::get ? local_path(req.path) : "";
  return http::redirect(req, back.empty() || back == "/"
                                 ? std::string("/dang-nhap")
                                 : "/dang-nhap?tiep=" + http::percent_encode_path(back));
}

std::string site_url(const AppContext& app, const http::Request& req) {
  if (!app.public_url.empty()) return app.public_url;
  std::string_view host = req.header("Host");
  bool plain = !host.empty() && host.size() <= 255;
  for (char c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':' &&
        c != '[' && c != ']')
      plain = false;
  if (!plain) return {};
  return (app.secure_cookies ? "https://" : "http://") + std::string(host);
}

std::string error_message(const AppContext& app, const http::Request& req, const Error& e) {
  std::string lang = app.renderer.language(req);
  std::string key = "error." + e.code;
  const std::string& text = app.catalogues.text(lang, key);
  return text == key ? std::string(e.what()) : text;
}

std::string display_time(const std::string& iso_utc) {
  auto t = timeutil::parse_w3c(iso_utc);
  if (!t) return iso_utc;
  std::string w = timeutil::w3c_vietnam(*t);  // 2026-11-28T22:11:01+07:00
  auto d = timeutil::parse_iso_date(w.substr(0, 10));
  return d ? timeutil::display_date(*d) + " " + w.substr(11, 5) : w;
}

std::string display_day(const std::string& iso_date) {
  auto d = timeutil::parse_iso_date(iso_date);
  return d ? timeutil::display_date(*d) : iso_date;
}

std::string display_hours(const i18n::Catalogues& catalogues, const std::string& lang,
                          double hours) {
  if (!(hours >= 1)) return catalogues.text(lang, "time.under_an_hour");
  auto whole = static_cast<int64_t>(std::llround(hours));
  int64_t days = whole / 24, rest = whole % 24;
  std::string out;
  if (days > 0)
    out = std::to_string(days) + " " + catalogues.text(lang, days == 1 ? "time.day" : "time.days");
  if (rest > 0) {
    if (!out.empty()) out += " ";
    out +=
        std::to_string(rest) + " " + catalogues.text(lang, rest == 1 ? "time.hour" : "time.hours");
  }
  return out;
}

std::string display_rate(int64_t part, int64_t whole) {
  if (whole <= 0) return "—";
  return std::to_string(
             std::llround(100.0 * static_cast<double>(part) / static_cast<double>(whole))) +
         "%";
}

}  // namespace cds::web
