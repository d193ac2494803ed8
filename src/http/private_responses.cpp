#include "http/private_responses.h"

namespace cds::http {

bool identified(const Request& req) {
  return req.cookie("sid").has_value() || !req.header("Authorization").empty() ||
         req.query_param("api_key").has_value();
}

Middleware private_responses() {
  return [](Request& req, const Next& next) -> Response {
    Response res = next(req);
    if (res.find(beast_http::field::cache_control) != res.end()) return res;
    std::string_view type = res[beast_http::field::content_type];
    if (identified(req) || type.starts_with("text/csv"))
      res.set(beast_http::field::cache_control, "private, no-store");
    return res;
  };
}

}  // namespace cds::http
