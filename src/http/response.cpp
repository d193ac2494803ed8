#include "http/response.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/text.h"

namespace cds::http {

Status status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::bad_input:
      return Status::bad_request;
    case ErrorKind::unauthenticated:
      return Status::unauthorized;
    case ErrorKind::forbidden:
      return Status::forbidden;
    case ErrorKind::not_found:
      return Status::not_found;
    case ErrorKind::conflict:
      return Status::conflict;
    case ErrorKind::too_large:
      return Status::payload_too_large;
    case ErrorKind::unsupported_type:
      return Status::unsupported_media_type;
    case ErrorKind::too_many_requests:
      return Status::too_many_requests;
    case ErrorKind::unavailable:
      return Status::service_unavailable;
  }
  return Status::internal_server_error;
}

Response make_response(const Request& request, Status status, std::string body,
                       std::string_view content_type) {
  Response res{status, request.raw.version()};
  res.set(beast_http::field::content_type, content_type);
  res.keep_alive(request.raw.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

namespace {
void append_json(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, child] : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        out += boost::json::serialize(boost::json::string_view(key));
        out.push_back(':');
        append_json(out, child);
      }
      out.push_back('}');
      break;
    }
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& child : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        append_json(out, child);
      }
      out.push_back(']');
      break;
    }
    case boost::json::kind::double_:
      out += text::plain_decimal(v.get_double());
      break;
    default:
      out += boost::json::serialize(v);
  }
}
}  // namespace

std::string json_text(const boost::json::value& value) {
  std::string out;
  append_json(out, value);
  return out;
}

Response json_response(const Request& request, const boost::json::value& body, Status status) {
  return make_response(request, status, json_text(body), "application/json; charset=utf-8");
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
