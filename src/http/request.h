// One HTTP request as handlers see it: the Beast message plus what the server worked out
// (decoded path, query parameters, path parameters from the route, request id, client address).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cds::http {

struct MultipartForm;
namespace beast_http = boost::beast::http;
using RawRequest = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Status = beast_http::status;
using Verb = beast_http::verb;

// Thrown by a handler tried on the I/O thread that cannot answer without blocking.
struct NeedsWorker {};

// Set by a handler that answers with a Server-Sent Events stream (see event_hub.h): after the
// response is written the connection stays open and receives the hub's events for `audience`
// whose id is above `after`.
struct EventSubscription {
  std::vector<std::string> audience;
  uint64_t after = 0;
};

struct Request {
  RawRequest raw;
  std::string path;  // percent-decoded, without the query string
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> path_params;
  std::string route_pattern;  // "/api/v1/units/{generation:int}/{code}", or "" when unmatched
  size_t route_index = 0;
  std::string request_id;
  std::string remote_address;
  std::shared_ptr<MultipartForm> form;  // multipart routes only
  // True while a RouteOptions::try_on_io route is tried on the I/O thread: a handler that
  // would block (a database read) throws NeedsWorker, and runs again on a worker.
  bool on_io_thread = false;
  std::shared_ptr<EventSubscription> event_stream;

  Verb method() const { return raw.method(); }
  std::string_view header(std::string_view name) const;
  // The first value of a query parameter, if present (even when empty).
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  const std::string& path_param(std::string_view name) const;
  // The path parameter as an integer; the router only matches {x:int} on digits.
  int64_t path_int(std::string_view name) const;
  // True when the client prefers HTML over JSON (browsers), used for error pages.
  bool wants_html() const;
};

// Fills path and query from the raw target; false when the target is not a valid origin-form,
// or a query key or value breaks the input rule (text::accepted_input; kept as NFC).
bool parse_target(Request& request);

// Parses a Cookie header ("a=1; b=2") into name/value pairs.
std::vector<std::pair<std::string, std::string>> parse_cookies(std::string_view header);

// Percent-encodes everything but unreserved characters and '/', for a path inside a URL.
std::string percent_encode_path(std::string_view s);

struct CookieOptions {
  std::string path = "/";
  std::optional<long> max_age_seconds;
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
};
std::string set_cookie_value(std::string_view name, std::string_view value,
                             const CookieOptions& options);

}  // namespace cds::http
