// Building responses: JSON, HTML, plain text and the one JSON error shape used everywhere:
// {"error":{"code":"…","message":"…"}}.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/request.h"

namespace cds::http {

// The status code for each kind of expected failure (cds::Error).
Status status_for(ErrorKind kind);

// JSON text as the server writes it everywhere: like boost::json::serialize, but numbers with
// a fraction are plain decimals (22.54, never 2.254E1).
std::string json_text(const boost::json::value& value);

Response make_response(const Request& request, Status status, std::string body,
                       std::string_view content_type);
Response json_response(const Request& request, const boost::json::value& body,
                       Status status = Status::ok);
Response html_response(const Request& request, std::string body, Status status = Status::ok);
Response json_error(const Request& request, Status status, std::string_view code,
                    std::string_view message);
Response redirect(const Request& request, std::string_view location,
                  Status status = Status::see_other);

// Thrown by handlers (and parsing helpers) for an expected client error; the server turns it
// into the right 4xx through the error renderer. Bugs stay as other exceptions (500).
struct HttpError : std::runtime_error {
  HttpError(Status s, std::string c, const std::string& m)
      : std::runtime_error(m), status(s), code(std::move(c)) {}
  Status status;
  std::string code;
};

}  // namespace cds::http
