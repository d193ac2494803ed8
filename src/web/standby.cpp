#include "web/standby.h"

#include "core/error.h"

namespace cds::web {
namespace {

// Longer than a standby on the same network takes to replay a commit (well under a second),
// short enough that a reader goes back to the standby soon after.
constexpr long kPrimaryAfterWriteSeconds = 5;

bool reads_only(const http::Request& req) {
  auto verb = req.raw.method();
  return verb == http::beast_http::verb::get || verb == http::beast_http::verb::head;
}

}  // namespace

http::Middleware standby_reads(bool secure_cookies) {
  return [secure_cookies](http::Request& req, const http::Next& next) -> http::Response {
    if (reads_only(req)) {
      if (req.cookie(kWroteCookie)) return next(req);  // primary: its own writes in sight
      std::optional<http::Response> res;
      bool retry = false;
      {
        db::ReadScope standby(db::ReadFrom::standby);
        try {
          res.emplace(next(req));
          retry = res->result() == http::Status::not_found && standby.used_standby();
        } catch (const Error& e) {  // a handler's "not found" is often thrown, not returned
          if (e.kind != ErrorKind::not_found || !standby.used_standby()) throw;
          retry = true;
        }
      }
      if (retry) res.emplace(next(req));
      return std::move(*res);
    }
    http::Response res = next(req);
    if (res.result_int() < 400) {
      http::CookieOptions o;
      o.max_age_seconds = kPrimaryAfterWriteSeconds;
      o.secure = secure_cookies;
      res.insert(http::beast_http::field::set_cookie, http::set_cookie_value(kWroteCookie, "1", o));
    }
    return res;
  };
}

}  // namespace cds::web
