#include "web/unavailable.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>

#include "core/error.h"
#include "db/connection.h"

namespace cds::web {
namespace {

constexpr long kRetryAfterSeconds = 5;

// True once every kRetryAfterSeconds: the log gets one line per burst of refused requests.
bool time_to_log() {
  static std::atomic<int64_t> last{0};
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  int64_t before = last.load();
  return now - before >= kRetryAfterSeconds && last.compare_exchange_strong(before, now);
}

}  // namespace

http::Middleware database_unavailable() {
  return [](http::Request& req, const http::Next& next) -> http::Response {
    try {
      return next(req);
    } catch (const db::DbError& e) {
      if (e.kind != db::DbError::Kind::unavailable) throw;
      if (time_to_log()) spdlog::warn("database unavailable, answering 503: {}", e.what());
      throw Error(ErrorKind::unavailable, "database_unavailable",
                  "The database cannot be reached; try again shortly", kRetryAfterSeconds);
    }
  };
}

}  // namespace cds::web
