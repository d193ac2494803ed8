#include "http/request.h"

#include <boost/url/parse.hpp>
#include <stdexcept>

#include "core/text.h"

namespace cds::http {

std::string_view Request::header(std::string_view name) const {
  auto it = raw.find(name);
  if (it == raw.end()) return {};
  return it->value();
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  for (auto it = raw.find(beast_http::field::cookie);
       it != raw.end() && it->name() == beast_http::field::cookie; ++it) {
    for (auto& [k, v] : parse_cookies(it->value()))
      if (k == name) return v;
  }
  return std::nullopt;
}

const std::string& Request::path_param(std::string_view name) const {
  for (const auto& [k, v] : path_params)
    if (k == name) return v;
  throw std::logic_error("no path parameter " + std::string(name));
}

int64_t Request::path_int(std::string_view name) const {
  // The router matched {name:int} with this same reading, so it holds for a matched route.
  auto out = text::parse_int(path_param(name));
  if (!out) throw std::logic_error("path parameter is not an integer");
  return *out;
}

bool Request::wants_html() const {
  std::string_view accept = header("Accept");
  return accept.find("text/html") != std::string_view::npos;
}

bool parse_target(Request& request) {
  auto parsed = boost::urls::parse_origin_form(request.raw.target());
  if (!parsed) return false;
  const auto& url = *parsed;
  std::string path = url.path();  // decoded
  if (path.empty() || path[0] != '/') return false;
  if (!text::is_valid_utf8(path)) return false;
  request.path = std::move(path);
  request.query.clear();
  for (auto param : url.params()) {  // decoded keys and values, '+' as space
    // The input rule, as for bodies: NFC, and no broken UTF-8, control characters or
    // direction overrides (a search box shows its query again).
    auto key = text::accepted_input(std::string(param.key));
    auto value = text::accepted_input(param.has_value ? std::string(param.value) : std::string());
    if (!key || !value) return false;
    request.query.emplace_back(std::move(*key), std::move(*value));
  }
  return true;
}

std::vector<std::pair<std::string, std::string>> parse_cookies(std::string_view header) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!header.empty()) {
    auto semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    header = semi == std::string_view::npos ? "" : header.substr(semi + 1);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name = text::trim(part.substr(0, eq));
    std::string value = text::trim(part.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (!name.empty()) out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

std::string percent_encode_path(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string set_cookie_value(std::string_view name, std::string_view value,
                             const CookieOptions& options) {
  std::string out;
  out.append(name).append("=").append(value);
  out.append("; Path=").append(options.path);
  if (options.max_age_seconds)
    out.append("; Max-Age=").append(std::to_string(*options.max_age_seconds));
  if (options.http_only) out.append("; HttpOnly");
  if (options.secure) out.append("; Secure");
  if (!options.same_site.empty()) out.append("; SameSite=").append(options.same_site);
  return out;
}

}  // namespace cds::http
