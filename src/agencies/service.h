// Agencies: the offices that handle citizens' business (a commune's economic office, a
// district's road team…), each belonging to a 2025 unit. Officers are scoped to them and
// reports are routed to them. Who may create one is decided by the caller (accounts::decide);
// these functions run in the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace cds::agencies {

struct Agency {
  int64_t id = 0;
  std::string name, name_en, unit_code;
};

int64_t insert(db::Connection& c, const Agency& agency);
std::vector<Agency> all(db::Connection& c);  // in the order they were made
std::optional<Agency> find(db::Connection& c, int64_t id);

}  // namespace cds::agencies
