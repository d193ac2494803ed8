// The HTTP request path on any bytes: Beast's parser with the server's limits (session.cpp), then
// what the server and the handlers make of the request: http::parse_target, the router, cookies,
// count_param, and form and JSON bodies. Nothing may crash; an accepted path is valid UTF-8 and
// reads back the same once percent-encoded (the layout's language switch); every query and form
// key and value and every JSON string passes the input rule (valid NFC UTF-8, nothing refused);
// a matched {x:int} parameter reads as a number; bodies and parameters fail only with
// cds::Error, which the server answers with a 400 or 415.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/text.h"
#include "fuzz.h"
#include "http/body.h"
#include "http/limits.h"
#include "http/multipart.h"
#include "http/request.h"
#include "http/router.h"

namespace http = cds::http;
namespace text = cds::text;
namespace bhttp = boost::beast::http;
using cds::fuzz::accepted_as_is;

namespace {

// As session.cpp and ServerConfig have them.
constexpr size_t kParserHeaderLimit = 64 * 1024;
constexpr size_t kMaxTargetBytes = 8 * 1024;
constexpr size_t kMaxHeaderBytes = 16 * 1024;

void check_json_strings(const boost::json::value& v) {
  if (v.is_string()) {
    CHECK(accepted_as_is(v.get_string()));
  } else if (v.is_array()) {
    for (const auto& child : v.get_array()) check_json_strings(child);
  } else if (v.is_object()) {
    for (const auto& [key, child] : v.get_object()) {
      CHECK(accepted_as_is(key));
      check_json_strings(child);
    }
  }
}

// Routes of the kinds the platform registers (literal, {x}, {x:int}, {x:*}), with their limits.
const http::Router& router() {
  static const http::Router routes = [] {
    http::Router r;
    auto none = [](http::Request&) { return http::Response{}; };
    http::RouteOptions small;
    small.body_limit = 64 * 1024;
    r.get("/", none);
    r.get("/api/v1/units/{generation:int}/{code}", none, http::RouteOptions::cached());
    r.post("/api/v1/reports", none, small);
    r.post("/api/v1/reports/{id}/actions", none, small);
    r.get("/open311/v2/{file}", none);
    r.post("/open311/v2/{file}", none, small);
    r.get("/anh/{path:*}", none, http::RouteOptions::in_memory());
    r.post("/can-bo/phan-anh/{id:int}/xu-ly", none, small);
    return r;
  }();
  return routes;
}

// Only the failures the server turns into a 400 or a 415 may leave f; anything else escapes
// the target and libFuzzer reports it.
template <typename F>
void expected_failures_only(F&& f) {
  try {
    f();
  } catch (const cds::Error& e) {
    CHECK(e.kind == cds::ErrorKind::bad_input || e.kind == cds::ErrorKind::unsupported_type);
  }
}

void check_target(const http::Request& req) {
  CHECK(!req.path.empty() && req.path[0] == '/');
  CHECK(text::is_valid_utf8(req.path));
  for (const auto& [k, v] : req.query) CHECK(accepted_as_is(k) && accepted_as_is(v));
  std::string encoded = http::percent_encode_path(req.path);
  auto again = boost::urls::parse_origin_form(encoded);
  CHECK(again && std::string(again->path()) == req.path);
}

void check_route(http::Request& req) {
  auto match = router().match(req.method(), req.path);
  if (!match.route) return;
  req.path_params = match.params;
  for (const auto& seg : match.route->segments) {
    if (seg.kind == http::Route::Segment::literal) continue;
    CHECK(!req.path_param(seg.text).empty());
    if (seg.kind == http::Route::Segment::integer) req.path_int(seg.text);  // must not throw
  }
}

void check_headers(const http::Request& req) {
  for (const auto& [name, value] : http::parse_cookies(req.header("Cookie"))) {
    CHECK(!name.empty());
    CHECK(name == text::trim(name));
  }
  req.cookie("sid");
  req.cookie("lang");
  req.wants_html();
  http::address_key(req.header("X-Forwarded-For"));
  http::multipart_boundary(req.header("Content-Type"));
  expected_failures_only([&] {
    size_t page = http::count_param(req, "page", 1, 1000);
    CHECK(page >= 1 && page <= 1000);
  });
}

void check_body(const http::Request& req) {
  expected_failures_only([&] {
    http::Form form = http::form_body(req);
    for (const auto& [k, v] : form.fields) CHECK(accepted_as_is(k) && accepted_as_is(v));
  });
  expected_failures_only([&] {
    boost::json::object body = http::json_body(req);
    check_json_strings(body);
    if (auto s = http::json_string(body, "description")) CHECK(accepted_as_is(*s));
    http::json_bool(body, "show_name");
    http::json_int(body, "stars");
  });
}

// Feeds the parser what is left of the input; false when it stops on an error or runs dry
// before `done` (the client went away or sent something Beast refuses: the server closes).
template <typename Done>
bool feed(bhttp::request_parser<bhttp::string_body>& parser, std::string_view& rest, Done done) {
  boost::beast::error_code ec;
  while (!done()) {
    if (rest.empty()) return false;
    size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
    rest.remove_prefix(used);
    if (ec == bhttp::error::need_more && used > 0) {
      ec = {};
      continue;
    }
    if (ec) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(kParserHeaderLimit));
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  if (!feed(parser, rest, [&] { return parser.is_header_done(); })) return 0;

  const auto& msg = parser.get();
  if (msg.target().size() > kMaxTargetBytes) return 0;  // 414
  size_t header_bytes = 0;
  for (const auto& field : msg)
    header_bytes += field.name_string().size() + field.value().size() + 4;
  if (header_bytes > kMaxHeaderBytes) return 0;  // 431
  http::Request req;
  req.raw.base() = msg.base();
  if (!http::parse_target(req)) return 0;  // 400
  check_target(req);
  check_route(req);
  check_headers(req);

  auto match = router().match(msg.method(), req.path);
  size_t limit = match.route ? match.route->options.body_limit : 64 * 1024;
  if (auto length = parser.content_length(); length && *length > limit) return 0;  // 413
  parser.body_limit(limit);
  if (!feed(parser, rest, [&] { return parser.is_done(); })) return 0;
  req.raw.body() = parser.get().body();
  CHECK(req.raw.body().size() <= limit);
  check_body(req);
  return 0;
}
