#include "agencies/service.h"

#include "core/cache.h"
#include "core/time.h"

namespace cds::agencies {

int64_t insert(db::Connection& c, const Agency& a) {
  c.touch(kScope);
  return c
      .query(
          "INSERT INTO agencies (name, name_en, unit_code, created_at) VALUES ($1, $2, $3, $4) "
          "RETURNING id",
          {a.name, a.name_en, a.unit_code, timeutil::iso_utc(timeutil::Clock::now())})
      .rows.at(0)
      .integer(0);
}

namespace {
constexpr const char* kColumns = "SELECT id, name, name_en, unit_code, active FROM agencies";
Agency agency_from(const db::Row& r) {
  return {r.integer(0), r.text(1), r.text(2), r.text(3), r.integer(4) != 0};
}
}  // namespace

std::vector<Agency> all(db::Connection& c) {
  std::vector<Agency> out;
  for (const auto& r : c.query(std::string(kColumns) + " ORDER BY id").rows)
    out.push_back(agency_from(r));
  return out;
}

std::optional<Agency> find(db::Connection& c, int64_t id) {
  auto r = c.query(std::string(kColumns) + " WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return agency_from(r.rows[0]);
}

bool update(db::Connection& c, const Agency& a) {
  c.touch(kScope);
  return c.query("UPDATE agencies SET name = $2, name_en = $3, unit_code = $4 WHERE id = $1",
                 {a.id, a.name, a.name_en, a.unit_code})
             .affected > 0;
}

bool set_active(db::Connection& c, int64_t id, bool active) {
  c.touch(kScope);
  return c.query("UPDATE agencies SET active = $2 WHERE id = $1",
                 {id, static_cast<int64_t>(active ? 1 : 0)})
             .affected > 0;
}

void NameTable::refresh() const {
  static const std::vector<uint32_t> slots = {cache::Versions::slot(kScope)};
  {
    std::lock_guard lock(mutex_);
    if (names_ && cache::versions().current(since_, slots)) return;
  }
  uint64_t since = cache::versions().now();
  auto names = std::make_shared<std::map<int64_t, std::string>>();
  auto active = std::make_shared<std::map<int64_t, std::string>>();
  for (const auto& a : db_.read([](db::Connection& c) { return all(c); })) {
    (*names)[a.id] = a.name;
    if (a.active) (*active)[a.id] = a.name;
  }
  std::lock_guard lock(mutex_);
  names_ = names;
  active_ = active;
  since_ = since;
}

std::shared_ptr<const std::map<int64_t, std::string>> NameTable::get() const {
  refresh();
  std::lock_guard lock(mutex_);
  return names_;
}

std::shared_ptr<const std::map<int64_t, std::string>> NameTable::active() const {
  refresh();
  std::lock_guard lock(mutex_);
  return active_;
}

}  // namespace cds::agencies
