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

std::vector<Agency> all(db::Connection& c) {
  std::vector<Agency> out;
  for (const auto& r :
       c.query("SELECT id, name, name_en, unit_code FROM agencies ORDER BY id").rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3)});
  return out;
}

std::optional<Agency> find(db::Connection& c, int64_t id) {
  auto r = c.query("SELECT id, name, name_en, unit_code FROM agencies WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return Agency{r.rows[0].integer(0), r.rows[0].text(1), r.rows[0].text(2), r.rows[0].text(3)};
}

std::shared_ptr<const std::map<int64_t, std::string>> NameTable::get() const {
  static const std::vector<uint32_t> slots = {cache::Versions::slot(kScope)};
  {
    std::lock_guard lock(mutex_);
    if (names_ && cache::versions().current(since_, slots)) return names_;
  }
  uint64_t since = cache::versions().now();
  auto names = std::make_shared<std::map<int64_t, std::string>>();
  for (const auto& a : db_.read([](db::Connection& c) { return all(c); })) (*names)[a.id] = a.name;
  std::lock_guard lock(mutex_);
  names_ = names;
  since_ = since;
  return names;
}

}  // namespace cds::agencies
