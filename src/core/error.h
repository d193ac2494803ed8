// Expected failures that a service reports to its caller: bad input, no permission, not
// found, too many attempts… The HTTP layer turns each kind into its status code; the code
// string names the message in the catalogues ("error.<code>"). Bugs stay other exceptions.
#pragma once

#include <stdexcept>
#include <string>

namespace cds {

enum class ErrorKind {
  bad_input,          // 400
  unauthenticated,    // 401
  forbidden,          // 403
  not_found,          // 404
  conflict,           // 409
  too_large,          // 413
  unsupported_type,   // 415
  too_many_requests,  // 429 (retry_after seconds)
  unavailable,        // 503
};

struct Error : std::runtime_error {
  Error(ErrorKind k, std::string c, const std::string& message, long retry = 0)
      : std::runtime_error(message), kind(k), code(std::move(c)), retry_after(retry) {}
  ErrorKind kind;
  std::string code;
  long retry_after;
};

}  // namespace cds
