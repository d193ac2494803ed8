// Agencies: the offices that handle citizens' business (a commune's economic office, a
// district's road team…), each belonging to a 2025 unit. Officers are scoped to them and
// reports are routed to them. Who may create one is decided by the caller (accounts::decide);
// these functions run in the caller's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace cds::agencies {

struct Agency {
  int64_t id = 0;
  std::string name, name_en, unit_code;
  bool active = true;  // a deactivated agency keeps its history but gets no new work
};

// The cache scope (core/cache.h) every change to agencies touches.
inline constexpr const char* kScope = "agencies";

int64_t insert(db::Connection& c, const Agency& agency);
std::vector<Agency> all(db::Connection& c);  // in the order they were made
std::optional<Agency> find(db::Connection& c, int64_t id);
// Name, English name and unit; false when there is no such agency.
bool update(db::Connection& c, const Agency& agency);
bool set_active(db::Connection& c, int64_t id, bool active);

// Agency names by id, held in memory and read again only after a change to agencies commits
// (in this process or, on PostgreSQL, another): pages name the agency of every report.
class NameTable {
 public:
  explicit NameTable(db::Database& db) : db_(db) {}
  std::shared_ptr<const std::map<int64_t, std::string>> get() const;
  // Those of them in service: the ones work may be given to.
  std::shared_ptr<const std::map<int64_t, std::string>> active() const;

 private:
  void refresh() const;
  db::Database& db_;
  mutable std::mutex mutex_;
  mutable uint64_t since_ = 0;
  mutable std::shared_ptr<const std::map<int64_t, std::string>> names_, active_;
};

}  // namespace cds::agencies
