#include "units/service.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "core/cache.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "units/store.h"

namespace cds::units {

struct UnitService::Index {
  std::vector<Unit> units;
  std::unordered_map<std::string, size_t> by_key;                 // "2025:15" -> position
  std::unordered_map<std::string, std::vector<size_t>> children;  // "2025:15" or "2025:" -> sorted
  // Commune level links, both directions, keyed like by_key.
  struct LinkTo {
    size_t position;
    std::string note;
    bool part;
  };
  std::unordered_map<std::string, std::vector<LinkTo>> forward, backward;
  std::vector<std::string> bare_names;  // folded names without type words, same order as units

  static std::string key(int generation, std::string_view code) {
    return std::to_string(generation) + ":" + std::string(code);
  }
  const Unit* find(int generation, std::string_view code) const {
    auto it = by_key.find(key(generation, code));
    return it == by_key.end() ? nullptr : &units[it->second];
  }
};

namespace {
// The name without its type word(s), keeping tone marks: "Phường Yên Thịnh" → "Yên Thịnh".
std::string bare_name(const Unit& u) {
  std::string bare = bare_folded_name(u.name_folded);
  size_t words_to_drop = std::count(u.name_folded.begin(), u.name_folded.end(), ' ') -
                         std::count(bare.begin(), bare.end(), ' ');
  size_t pos = 0;
  for (size_t i = 0; i < words_to_drop && pos != std::string::npos; ++i) {
    pos = u.name.find(' ', pos);
    if (pos != std::string::npos) ++pos;
  }
  return pos == std::string::npos ? u.name : u.name.substr(pos);
}
}  // namespace

struct UnitService::Villages {
  uint64_t since = 0;  // cache::versions() when they were read
  std::vector<Village> all;
  std::unordered_map<int64_t, size_t> by_id;
  std::unordered_map<std::string, std::vector<size_t>> by_commune;  // sorted by name
};

namespace {
const std::vector<uint32_t>& village_slots() {
  static const std::vector<uint32_t> slots = {cache::Versions::slot("units:villages")};
  return slots;
}
}  // namespace

void UnitService::reload_villages() const {
  std::lock_guard lock(villages_mutex_);
  auto current = villages_.load();
  if (current && cache::versions().current(current->since, village_slots())) return;
  auto v = std::make_shared<Villages>();
  v->since = cache::versions().now();
  v->all = store_.load_villages();
  std::vector<std::string> keys;
  keys.reserve(v->all.size());
  for (size_t i = 0; i < v->all.size(); ++i) {
    v->by_id[v->all[i].id] = i;
    v->by_commune[v->all[i].commune_code].push_back(i);
    // By the name without its kind word: "Thôn Bản Mai" before "Bản Nà Phung".
    const Village& village = v->all[i];
    size_t drop = text::split_words(village.name_folded).size() -
                  text::split_words(bare_village_name(village.name_folded)).size();
    auto name_words = text::split_words(village.name);
    std::string bare;
    for (size_t w = std::min(drop, name_words.size()); w < name_words.size(); ++w)
      bare += (bare.empty() ? "" : " ") + name_words[w];
    keys.push_back(text::collation_key(bare));
  }
  for (auto& [_, list] : v->by_commune)
    std::sort(list.begin(), list.end(), [&](size_t a, size_t b) {
      return keys[a] != keys[b] ? keys[a] < keys[b] : v->all[a].id < v->all[b].id;
    });
  villages_.store(std::move(v));
}

std::shared_ptr<const UnitService::Villages> UnitService::villages_index() const {
  auto current = villages_.load();
  if (!current || !cache::versions().current(current->since, village_slots())) {
    reload_villages();
    current = villages_.load();
  }
  return current;
}

std::vector<Village> UnitService::villages(std::string_view commune_code) const {
  auto v = villages_index();
  std::vector<Village> out;
  auto it = v->by_commune.find(std::string(commune_code));
  if (it != v->by_commune.end())
    for (size_t i : it->second) out.push_back(v->all[i]);
  return out;
}

std::optional<Village> UnitService::village(int64_t id) const {
  auto v = villages_index();
  auto it = v->by_id.find(id);
  return it == v->by_id.end() ? std::nullopt : std::optional(v->all[it->second]);
}

VillageImport UnitService::import_villages(std::string_view csv_text, const std::string& province) {
  auto p = find(kGeneration2025, province);
  if (!p || p->level != "province")
    throw Error(ErrorKind::bad_input, "bad_province", "No 2025 province has the code " + province);
  auto list = read_village_list(csv_text, [&](const std::string& code) {
    auto u = find(kGeneration2025, code);
    return u && u->level == "commune" && u->parent_code == province;
  });
  VillageImport out;
  out.rejected = std::move(list.rejected);
  if (!out.rejected.empty()) return out;
  out.added = store_.merge_villages(list.lines, timeutil::iso_utc(timeutil::Clock::now()));
  out.updated = list.lines.size() - out.added;
  reload_villages();
  return out;
}

VillageImport UnitService::import_village_boundaries(std::string_view geojson,
                                                     const std::string& province) {
  auto p = find(kGeneration2025, province);
  if (!p || p->level != "province")
    throw Error(ErrorKind::bad_input, "bad_province", "No 2025 province has the code " + province);
  VillageShapes file = read_village_shapes(geojson);
  VillageImport out;
  out.rejected = std::move(file.rejected);
  auto index = villages_index();
  std::vector<std::pair<int64_t, std::string>> found;
  std::map<int64_t, size_t> seen;  // village → feature
  for (const auto& s : file.shapes) {
    std::string where = "feature " + std::to_string(s.feature) + ": ";
    const Village* v = nullptr;
    if (auto id = village_id_of(s.code); id && index->by_id.contains(*id))
      v = &index->all[index->by_id.at(*id)];
    if (!v && index->by_commune.contains(s.commune_code))
      for (size_t i : index->by_commune.at(s.commune_code))
        if (index->all[i].name_folded == s.name_folded) v = &index->all[i];
    auto commune = v ? find(kGeneration2025, v->commune_code) : std::nullopt;
    if (!v || !commune || commune->parent_code != province) {
      out.rejected.push_back(where + "no such village in a commune of province " + province);
      continue;
    }
    if (auto [it, fresh] = seen.emplace(v->id, s.feature); !fresh) {
      out.rejected.push_back(where + v->code + " is given again (feature " +
                             std::to_string(it->second) + ")");
      continue;
    }
    found.emplace_back(v->id, s.geometry);
  }
  if (!out.rejected.empty()) return out;
  store_.set_village_boundaries(found, timeutil::iso_utc(timeutil::Clock::now()));
  out.updated = found.size();
  reload_villages();
  return out;
}

namespace {
std::pair<std::string, std::string> checked_village(std::string_view name, std::string_view kind) {
  auto n = village_name(name);
  if (!n)
    throw Error(ErrorKind::bad_input, "bad_village_name",
                "A village's name is 1 to 120 characters of plain text");
  auto k = parse_village_kind(kind);
  if (!k)
    throw Error(ErrorKind::bad_input, "bad_village_kind", "kind must be thon, ban or to_dan_pho");
  return {*n, *k};
}
}  // namespace

Village UnitService::add_village(const std::string& commune_code, std::string_view name,
                                 std::string_view kind) {
  auto commune = find(kGeneration2025, commune_code);
  if (!commune || commune->level != "commune")
    throw Error(ErrorKind::bad_input, "bad_unit", "Not a 2025 commune: " + commune_code);
  auto [n, k] = checked_village(name, kind);
  int64_t id = store_.add_village({0, commune_code, n, k, text::fold(n)},
                                  timeutil::iso_utc(timeutil::Clock::now()));
  reload_villages();
  return *village(id);
}

Village UnitService::update_village(int64_t id, std::string_view name, std::string_view kind) {
  auto [n, k] = checked_village(name, kind);
  if (!store_.update_village(id, n, k, timeutil::iso_utc(timeutil::Clock::now())))
    throw Error(ErrorKind::not_found, "village_not_found", "No such village");
  reload_villages();
  return *village(id);
}

UnitService::UnitService(db::Database& db)
    : owned_store_(std::make_unique<UnitStore>(db)), store_(*owned_store_) {
  index_.store(std::make_shared<const Index>());
}
UnitService::~UnitService() = default;

std::shared_ptr<const UnitService::Index> UnitService::index() const { return index_.load(); }

bool UnitService::empty() const { return index()->units.empty(); }

void UnitService::reload() {
  auto idx = std::make_shared<Index>();
  idx->units = store_.load_units();
  for (auto& u : idx->units) u.sort_key = text::collation_key(bare_name(u));
  for (size_t i = 0; i < idx->units.size(); ++i) {
    const Unit& u = idx->units[i];
    idx->by_key[Index::key(u.generation, u.code)] = i;
    idx->children[Index::key(u.generation, u.parent_code)].push_back(i);
    idx->bare_names.push_back(bare_folded_name(u.name_folded));
  }
  for (auto& [_, list] : idx->children) {
    std::sort(list.begin(), list.end(), [&](size_t a, size_t b) {
      const Unit &x = idx->units[a], &y = idx->units[b];
      return x.sort_key != y.sort_key ? x.sort_key < y.sort_key : x.code < y.code;
    });
  }
  for (const auto& ch : store_.load_changes()) {
    auto o = idx->by_key.find(Index::key(ch.old_generation, ch.old_code));
    auto n = idx->by_key.find(Index::key(ch.new_generation, ch.new_code));
    if (o == idx->by_key.end() || n == idx->by_key.end()) continue;
    idx->forward[o->first].push_back({n->second, ch.note, ch.part});
    idx->backward[n->first].push_back({o->second, ch.note, ch.part});
  }
  index_.store(std::move(idx));
  boundaries_.store(std::make_shared<const BoundaryIndex>(store_.load_boundaries()));
  version_.fetch_add(1, std::memory_order_acq_rel);
}

BoundaryReport UnitService::import_boundaries(std::string_view geojson,
                                              const std::string& province) {
  auto p = find(kGeneration2025, province);
  if (!p || p->level != "province")
    throw Error(ErrorKind::bad_input, "bad_province", "No 2025 province has the code " + province);
  BoundaryFile file = parse_boundaries(geojson);
  // Another province's communes would place this province's reports outside it, and a code
  // given twice would make the database refuse the whole file: both are refused one by one.
  keep_province_communes(file, province, [this](const std::string& code) {
    auto unit = find(kGeneration2025, code);
    return unit && unit->level == "commune" ? std::optional(unit->parent_code) : std::nullopt;
  });
  BoundaryReport report;
  report.rejected = std::move(file.rejected);
  report.imported = file.boundaries.size();
  // A file of unusable features is a mistake, not a wish to remove every boundary: keep the
  // old ones. An empty FeatureCollection does remove them.
  if (file.boundaries.empty() && !report.rejected.empty())
    throw Error(ErrorKind::bad_input, "no_boundaries",
                "No usable boundary: " + report.rejected.front());
  store_.replace_boundaries(file.boundaries);
  boundaries_.store(std::make_shared<const BoundaryIndex>(std::move(file.boundaries)));
  return report;
}

std::optional<Unit> UnitService::commune_at(double lat, double lon) const {
  auto boundaries = boundaries_.load(std::memory_order_acquire);
  if (!boundaries) return std::nullopt;
  auto code = boundaries->locate(lat, lon);
  return code ? find(kGeneration2025, *code) : std::nullopt;
}

std::optional<Extent> UnitService::boundaries_extent() const {
  auto boundaries = boundaries_.load(std::memory_order_acquire);
  return boundaries ? boundaries->extent() : std::nullopt;
}

std::optional<std::string> UnitService::boundary_geometry(const std::string& code) const {
  auto boundaries = boundaries_.load(std::memory_order_acquire);
  return boundaries ? boundaries->geometry(code) : std::nullopt;
}

size_t UnitService::boundary_count() const {
  auto boundaries = boundaries_.load(std::memory_order_acquire);
  return boundaries ? boundaries->size() : 0;
}

ImportReport UnitService::import_files(const std::filesystem::path& dir) {
  UnitData data = read_unit_files(dir);
  store_.replace_all(data.units, data.changes);
  reload();
  return data.report;
}

std::optional<Unit> UnitService::find(int generation, std::string_view code) const {
  if (auto id = village_id_of(code)) {
    auto v = village(*id);
    if (!v || generation != kGeneration2025 || v->code != code) return std::nullopt;
    return as_unit(*v);
  }
  auto idx = index();
  const Unit* u = idx->find(generation, code);
  return u ? std::optional<Unit>(*u) : std::nullopt;
}

namespace {
using LinkMap = std::unordered_map<std::string, std::vector<UnitService::Index::LinkTo>>;

const std::vector<size_t>& child_positions(const auto& idx, int generation,
                                           std::string_view parent) {
  static const std::vector<size_t> none;
  auto it = idx.children.find(std::to_string(generation) + ":" + std::string(parent));
  return it == idx.children.end() ? none : it->second;
}

// All communes under a unit (itself when it is a commune).
template <typename Index>
void communes_under(const Index& idx, const Unit& unit, std::vector<const Unit*>& out) {
  if (unit.level == "commune") {
    out.push_back(&unit);
    return;
  }
  for (size_t i : child_positions(idx, unit.generation, unit.code))
    communes_under(idx, idx.units[i], out);
}

template <typename Index>
std::vector<UnitLink> links(const Index& idx, const Unit& unit, const LinkMap& map) {
  std::vector<const Unit*> communes;
  communes_under(idx, unit, communes);
  std::vector<const Unit*> targets;
  std::vector<std::pair<std::string, bool>> notes;  // note, part
  std::set<const Unit*> seen;
  bool roll_up = unit.level != "commune";
  for (const Unit* c : communes) {
    auto it = map.find(std::to_string(c->generation) + ":" + c->code);
    if (it == map.end()) continue;
    for (const auto& [i, note, part] : it->second) {
      const Unit* target = &idx.units[i];
      // For a province, report the provinces on the other side; for a district, the communes.
      if (unit.level == "province") {
        while (target && target->level != "province")
          target = idx.find(target->generation, target->parent_code);
        if (!target) continue;
      }
      if (seen.insert(target).second) {
        targets.push_back(target);
        // Districts and provinces list whole units; parts are a commune's affair.
        notes.emplace_back(roll_up ? std::string() : note, !roll_up && part);
      }
    }
  }
  std::vector<UnitLink> out;
  for (size_t i = 0; i < targets.size(); ++i)
    out.push_back({*targets[i], notes[i].first, notes[i].second});
  std::sort(out.begin(), out.end(), [](const UnitLink& a, const UnitLink& b) {
    return a.unit.sort_key != b.unit.sort_key ? a.unit.sort_key < b.unit.sort_key
                                              : a.unit.code < b.unit.code;
  });
  return out;
}
}  // namespace

std::vector<Unit> UnitService::children(int generation, std::string_view parent_code) const {
  auto idx = index();
  std::vector<Unit> out;
  for (size_t i : child_positions(*idx, generation, parent_code)) out.push_back(idx->units[i]);
  return out;
}

std::vector<UnitLink> UnitService::replaced_by(const Unit& unit) const {
  auto idx = index();
  const Unit* u = idx->find(unit.generation, unit.code);
  return u ? links(*idx, *u, idx->forward) : std::vector<UnitLink>{};
}

std::vector<UnitLink> UnitService::replaces(const Unit& unit) const {
  auto idx = index();
  const Unit* u = idx->find(unit.generation, unit.code);
  return u ? links(*idx, *u, idx->backward) : std::vector<UnitLink>{};
}

std::string UnitService::full_name(const Unit& unit) const {
  auto idx = index();
  std::string out = unit.name;
  const Unit* p = idx->find(unit.generation, unit.parent_code);
  while (p) {
    out += ", " + p->name;
    p = p->parent_code.empty() ? nullptr : idx->find(p->generation, p->parent_code);
  }
  return out;
}

namespace {
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}
bool contains_word_prefix(const std::vector<std::string>& name_words, std::string_view w) {
  return std::any_of(name_words.begin(), name_words.end(),
                     [&](const std::string& nw) { return nw.starts_with(w); });
}
}  // namespace

std::vector<SearchHit> UnitService::search(std::string_view query, std::optional<int> generation,
                                           size_t limit, bool with_villages) const {
  auto idx = index();
  std::string q = text::fold(query);
  std::vector<SearchHit> hits;
  if (q.empty()) return hits;
  auto q_words = words(q);
  std::vector<Unit> village_units;
  std::vector<std::string> village_bare;
  if (with_villages && (!generation || *generation == kGeneration2025))
    for (const auto& v : villages_index()->all) {
      village_units.push_back(as_unit(v));
      village_bare.push_back(bare_village_name(v.name_folded));
    }
  size_t total = idx->units.size() + village_units.size();
  for (size_t i = 0; i < total; ++i) {
    bool is_village = i >= idx->units.size();
    const Unit& u = is_village ? village_units[i - idx->units.size()] : idx->units[i];
    if (generation && u.generation != *generation) continue;
    const std::string& bare = is_village ? village_bare[i - idx->units.size()] : idx->bare_names[i];
    int score = 0;
    if (u.name_folded == q)
      score = 100;
    else if (bare == q)
      score = 90;
    else if (u.name_folded.starts_with(q) || bare.starts_with(q))
      score = 70;
    else {
      auto name_words = words(u.name_folded);
      if (std::all_of(q_words.begin(), q_words.end(),
                      [&](const std::string& w) { return contains_word_prefix(name_words, w); }))
        score = 50;
      else if (u.name_folded.find(q) != std::string::npos)
        score = 30;
    }
    if (score == 0) continue;
    if (u.generation == kGeneration2025) score += 2;  // current units first on ties
    if (u.level == "province") score += 1;
    hits.push_back({u, score});
  }
  std::sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.unit.sort_key != b.unit.sort_key) return a.unit.sort_key < b.unit.sort_key;
    return a.unit.code < b.unit.code;
  });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

}  // namespace cds::units
