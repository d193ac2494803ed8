// In-app notifications: a short notice in a person's inbox about something that changed (a
// report they follow today; an alert, a dossier later). Any module posts one inside the
// transaction of the change it tells of, so both commit or neither does. The notice's text is
// a message-catalogue key, translated when it is read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.h"

namespace cds::notify {

struct Notice {
  int64_t id = 0;
  std::string kind;     // the catalogue key of its text: "notify.report.resolved"
  std::string subject;  // what it is about, as its module names it: a report's public id
  std::string link;     // where it opens: "/phan-anh/…"
  std::string created_at;
  bool read = false;
};

// Posts a notice to an account, in the caller's transaction.
void post(db::Connection& c, int64_t account, std::string_view kind, std::string_view subject,
          std::string_view link);

// The account's newest notices (at most limit), newest first; reading them marks them read.
std::vector<Notice> take_inbox(db::Database& db, int64_t account, size_t limit = 100);

}  // namespace cds::notify
