#include "units/store.h"

#include <string>

#include "core/error.h"
#include "core/text.h"

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

namespace cds::units {

namespace {
constexpr std::string_view kVillagesScope = "units:villages";

Village village_of(const db::Row& r) {
  Village v{r.integer(0), "", r.text(1), r.text(2), r.text(3), r.text(4), !r.text(5).empty()};
  v.code = village_code(v.commune_code, v.id);
  return v;
}

bool name_taken(db::Connection& c, const std::string& commune, const std::string& folded,
                int64_t except) {
  return !c.query(
               "SELECT 1 FROM villages WHERE commune_code = $1 AND name_folded = $2 AND id <> $3",
               {commune, folded, except})
              .empty();
}
}  // namespace

std::vector<Village> UnitStore::load_villages() {
  auto result = db_.read([](db::Connection& c) {
    return c.query(
        "SELECT id, commune_code, name, kind, name_folded, boundary FROM villages ORDER BY id");
  });
  std::vector<Village> out;
  out.reserve(result.size());
  for (const auto& r : result.rows) out.push_back(village_of(r));
  return out;
}

size_t UnitStore::merge_villages(const std::vector<VillageLine>& lines, const std::string& at) {
  return db_.write([&](db::Connection& c) {
    c.touch(std::string(kVillagesScope));
    size_t added = 0;
    for (const auto& v : lines) {
      auto changed = c.query(
          "UPDATE villages SET name = $3, kind = $4, updated_at = $5 "
          "WHERE commune_code = $1 AND name_folded = $2",
          {v.commune_code, v.name_folded, v.name, v.kind, at});
      if (changed.affected > 0) continue;
      c.query(
          "INSERT INTO villages (commune_code, name, kind, name_folded, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $5)",
          {v.commune_code, v.name, v.kind, v.name_folded, at});
      ++added;
    }
    return added;
  });
}

int64_t UnitStore::add_village(const VillageLine& v, const std::string& at) {
  return db_.write([&](db::Connection& c) {
    if (name_taken(c, v.commune_code, v.name_folded, 0))
      throw Error(ErrorKind::conflict, "village_exists", "The commune has a village of this name");
    c.touch(std::string(kVillagesScope));
    return c
        .query(
            "INSERT INTO villages (commune_code, name, kind, name_folded, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
            {v.commune_code, v.name, v.kind, v.name_folded, at})
        .rows.at(0)
        .integer(0);
  });
}

void UnitStore::set_village_boundaries(
    const std::vector<std::pair<int64_t, std::string>>& boundaries, const std::string& at) {
  db_.write([&](db::Connection& c) {
    c.touch(std::string(kVillagesScope));
    for (const auto& [id, geometry] : boundaries)
      c.query("UPDATE villages SET boundary = $2, updated_at = $3 WHERE id = $1",
              {id, geometry, at});
  });
}

bool UnitStore::update_village(int64_t id, const std::string& name, const std::string& kind,
                               const std::string& at) {
  return db_.write([&](db::Connection& c) {
    auto row = c.query("SELECT commune_code FROM villages WHERE id = $1", {id});
    if (row.empty()) return false;
    std::string folded = text::fold(name);
    if (name_taken(c, row.rows[0].text(0), folded, id))
      throw Error(ErrorKind::conflict, "village_exists", "The commune has a village of this name");
    c.touch(std::string(kVillagesScope));
    c.query(
        "UPDATE villages SET name = $2, kind = $3, name_folded = $4, updated_at = $5 "
        "WHERE id = $1",
        {id, name, kind, folded, at});
    return true;
  });
}

}  // namespace cds::units
