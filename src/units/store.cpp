#include "units/store.h"

#include <string>

namespace cds::units {

std::vector<Unit> UnitStore::load_units() {
  auto result = db_.read([](db::Connection& c) {
    return c.query("SELECT generation, code, name, level, parent_code, name_folded FROM units");
  });
  std::vector<Unit> out;
  out.reserve(result.size());
  for (const auto& r : result.rows) {
    out.push_back(Unit{
        static_cast<int>(r.integer(0)), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), {}});
  }
  return out;
}

std::vector<UnitChange> UnitStore::load_changes() {
  auto result = db_.read([](db::Connection& c) {
    return c.query(
        "SELECT old_generation, old_code, new_generation, new_code, note, part FROM "
        "unit_changes");
  });
  std::vector<UnitChange> out;
  out.reserve(result.size());
  for (const auto& r : result.rows) {
    out.push_back(UnitChange{static_cast<int>(r.integer(0)), r.text(1),
                             static_cast<int>(r.integer(2)), r.text(3), r.text(4),
                             r.integer(5) != 0});
  }
  return out;
}

int64_t UnitStore::count_units() {
  return db_.read([](db::Connection& c) { return c.query("SELECT COUNT(*) FROM units"); })
      .rows.at(0)
      .integer(0);
}

namespace {
// Multi-row INSERTs: far fewer round trips to PostgreSQL than one statement a row.
template <typename Item, typename Bind>
void insert_batched(db::Connection& c, const std::string& head, size_t columns,
                    const std::vector<Item>& items, Bind bind) {
  constexpr size_t kBatch = 250;
  for (size_t start = 0; start < items.size(); start += kBatch) {
    size_t end = std::min(items.size(), start + kBatch);
    std::string sql = head;
    std::vector<db::Value> params;
    params.reserve((end - start) * columns);
    for (size_t i = start; i < end; ++i) {
      sql += i == start ? " (" : ", (";
      for (size_t k = 0; k < columns; ++k) {
        if (k) sql += ", ";
        sql += "$" + std::to_string(params.size() + k + 1);
      }
      sql += ")";
      bind(items[i], params);
    }
    c.query(sql, params);
  }
}
}  // namespace

void UnitStore::replace_all(const std::vector<Unit>& units,
                            const std::vector<UnitChange>& changes) {
  db_.write([&](db::Connection& c) {
    c.query("DELETE FROM unit_changes");
    c.query("DELETE FROM units");
    insert_batched(
        c, "INSERT INTO units (generation, code, name, level, parent_code, name_folded) VALUES", 6,
        units, [](const Unit& u, std::vector<db::Value>& p) {
          p.emplace_back(static_cast<int64_t>(u.generation));
          p.emplace_back(u.code);
          p.emplace_back(u.name);
          p.emplace_back(u.level);
          p.emplace_back(u.parent_code.empty() ? db::null() : db::Value(u.parent_code));
          p.emplace_back(u.name_folded);
        });
    insert_batched(c,
                   "INSERT INTO unit_changes (old_generation, old_code, new_generation, new_code, "
                   "note, part) VALUES",
                   6, changes, [](const UnitChange& ch, std::vector<db::Value>& p) {
                     p.emplace_back(static_cast<int64_t>(ch.old_generation));
                     p.emplace_back(ch.old_code);
                     p.emplace_back(static_cast<int64_t>(ch.new_generation));
                     p.emplace_back(ch.new_code);
                     p.emplace_back(ch.note);
                     p.emplace_back(int64_t{ch.part ? 1 : 0});
                   });
  });
}

std::vector<Boundary> UnitStore::load_boundaries() {
  auto result = db_.read(
      [](db::Connection& c) { return c.query("SELECT code, geometry FROM unit_boundaries"); });
  std::vector<Boundary> out;
  for (const auto& r : result.rows) {
    Boundary b;
    b.code = r.text(0);
    b.geometry = r.text(1);
    if (parse_geometry(b.geometry, b)) out.push_back(std::move(b));
  }
  return out;
}

void UnitStore::replace_boundaries(const std::vector<Boundary>& boundaries) {
  db_.write([&](db::Connection& c) {
    c.query("DELETE FROM unit_boundaries");
    insert_batched(c,
                   "INSERT INTO unit_boundaries (code, geometry, min_lat, max_lat, min_lon, "
                   "max_lon) VALUES",
                   6, boundaries, [](const Boundary& b, std::vector<db::Value>& p) {
                     p.emplace_back(b.code);
                     p.emplace_back(b.geometry);
                     p.emplace_back(b.min_lat);
                     p.emplace_back(b.max_lat);
                     p.emplace_back(b.min_lon);
                     p.emplace_back(b.max_lon);
                   });
  });
}

}  // namespace cds::units
