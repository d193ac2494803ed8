#include "http/response.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace cds::http {

Response make_response(const Request& request, Status status, std::string body,
                       std::string_view content_type) {
  Response res{status, request.raw.version()};
  res.set(beast_http::field::content_type, content_type);
  res.keep_alive(request.raw.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response json_response(const Request& request, const boost::json::value& body, Status status) {
  return make_response(request, status, boost::json::serialize(body),
                       "application/json; charset=utf-8");
}

Response html_response(const Request& request, std::string body, Status status) {
  return make_response(request, status, std::move(body), "text/html; charset=utf-8");
}

Response json_error(const Request& request, Status status, std::string_view code,
                    std::string_view message) {
  boost::json::object err;
  err["code"] = code;
  err["message"] = message;
  return json_response(request, boost::json::object{{"error", std::move(err)}}, status);
}

Response redirect(const Request& request, std::string_view location, Status status) {
  Response res = make_response(request, status, "", "text/plain; charset=utf-8");
  res.set(beast_http::field::location, location);
  return res;
}

}  // namespace cds::http
