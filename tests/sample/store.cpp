#include "sample/store.h"

namespace cds::sample::store {

void add_plant(db::Connection& c, const std::string& unit_code, const std::string& name) {
  c.query("INSERT INTO sample_plants (unit_code, name) VALUES ($1, $2)", {unit_code, name});
}

std::vector<std::string> plant_names(db::Connection& c) {
  std::vector<std::string> out;
  for (const auto& r : c.query("SELECT name FROM sample_plants ORDER BY id").rows)
    out.push_back(r.text(0));
  return out;
}

int64_t plant_count(db::Connection& c) {
  return c.query("SELECT COUNT(*) FROM sample_plants").rows[0].integer(0);
}

}  // namespace cds::sample::store
