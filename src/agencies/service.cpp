#include "agencies/service.h"

#include "core/time.h"

namespace cds::agencies {

int64_t insert(db::Connection& c, const Agency& a) {
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

}  // namespace cds::agencies
