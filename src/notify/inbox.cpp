#include "notify/inbox.h"

#include "core/time.h"

namespace cds::notify {
namespace {
std::string now() { return timeutil::iso_utc(timeutil::Clock::now()); }
}  // namespace

void post(db::Connection& c, int64_t account, std::string_view kind, std::string_view subject,
          std::string_view link) {
  c.query(
      "INSERT INTO notifications (account_id, body, subject, link, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {account, std::string(kind), std::string(subject), std::string(link), now()});
}

std::vector<Notice> take_inbox(db::Database& db, int64_t account, size_t limit) {
  return db.write([&](db::Connection& c) {
    std::vector<Notice> out;
    for (const auto& r : c.query("SELECT id, body, subject, link, created_at, read_at "
                                 "FROM notifications WHERE account_id = $1 "
                                 "ORDER BY id DESC LIMIT $2",
                                 {account, static_cast<int64_t>(limit)})
                             .rows)
      out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), !r.is_null(5)});
    c.query("UPDATE notifications SET read_at = $2 WHERE account_id = $1 AND read_at IS NULL",
            {account, now()});
    return out;
  });
}

}  // namespace cds::notify
