// Units as the rest of the platform sees them: lookups, children, old ↔ new links and a
// tone-insensitive name search, served from an in-memory index built from the store (units
// change by law, a few times a decade; reads are on every page).
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "units/boundaries.h"
#include "units/importer.h"
#include "units/model.h"
#include "units/villages.h"

namespace cds::db {
class Database;
}

namespace cds::units {
class UnitStore;

// Results are copies: an import may swap the index while a request is still using them.
struct UnitLink {
  Unit unit;
  std::string note;   // the acts behind the link (communes only)
  bool part = false;  // only part of the old commune went to the new unit
};

struct BoundaryReport {
  size_t imported = 0;
  std::vector<std::string> rejected;  // "feature 12: reason"
};

struct VillageImport {
  size_t added = 0, updated = 0;
  std::vector<std::string> rejected;  // "line 12: reason"; when any, nothing was imported
};

struct SearchHit {
  Unit unit;
  int score;
};

class UnitService {
 public:
  struct Index;  // in service.cpp
  // Reads and writes units through its own store (private to this module).
  explicit UnitService(db::Database& db);
  ~UnitService();

  // Rebuilds the index from the database.
  void reload();
  // Reads data files, replaces the database's units in one transaction, rebuilds the index.
  ImportReport import_files(const std::filesystem::path& dir);
  bool empty() const;
  // Changes whenever the index is rebuilt; callers may cache derived data keyed by it.
  uint64_t version() const { return version_.load(std::memory_order_acquire); }

  // A village ("04252.17") is found too, as a unit of level "village" under its commune.
  std::optional<Unit> find(int generation, std::string_view code) const;
  // Provinces of a generation when parent is empty; otherwise the parent's children (a
  // commune's villages are not among them: villages() lists them).
  // Sorted by Vietnamese collation of the names without their type words.
  std::vector<Unit> children(int generation, std::string_view parent_code) const;
  // For a 2019 unit the 2025 units that replaced it; for a 2025 unit those it replaced.
  // Districts and provinces get the union over their communes.
  std::vector<UnitLink> replaced_by(const Unit& unit) const;
  std::vector<UnitLink> replaces(const Unit& unit) const;
  // "Phường Yên Thịnh, Thành phố Yên Bái, Tỉnh Yên Bái"
  std::string full_name(const Unit& unit) const;
  // Replaces the commune boundaries with those of the GeoJSON text for the 2025 province
  // `province`. Features whose code is not a commune of that province, and every copy of a
  // code given twice, are rejected and listed; a text that is not a FeatureCollection, an
  // unknown province or a file with nothing usable throws (the old boundaries stay).
  BoundaryReport import_boundaries(std::string_view geojson, const std::string& province);
  // The 2025 commune whose boundary contains the point; none without boundaries for it.
  std::optional<Unit> commune_at(double lat, double lon) const;
  size_t boundary_count() const;
  // The box around the imported boundaries (the province's extent); none before any import.
  std::optional<Extent> boundaries_extent() const;
  // A commune's boundary as a GeoJSON geometry; none without boundaries for it.
  std::optional<std::string> boundary_geometry(const std::string& code) const;
  // Folded, token-based search ranked: exact name, name without type word, prefix, all words.
  // Villages only when asked for (the role form's picker).
  std::vector<SearchHit> search(std::string_view query, std::optional<int> generation, size_t limit,
                                bool with_villages = false) const;

  // A commune's villages, by Vietnamese collation of their names.
  std::vector<Village> villages(std::string_view commune_code) const;
  std::optional<Village> village(int64_t id) const;
  // Reads a list (commune_code,name,kind) for the communes of the 2025 province `province`;
  // applies it only when every line is good (a village the commune has takes the line's name
  // and kind), otherwise changes nothing and says which lines are wrong. Throws Error bad_input
  // for a text that is not such a list.
  VillageImport import_villages(std::string_view csv_text, const std::string& province);
  // Villages' boundaries (villages.h, read_village_shapes) for the communes of `province`: each
  // feature must name a village that exists there, once; otherwise nothing changes and the
  // report says which features are wrong.
  VillageImport import_village_boundaries(std::string_view geojson, const std::string& province);
  // One village added to a commune, or renamed. Throw Error bad_input (bad_village_name,
  // bad_village_kind, bad_unit), not_found, or conflict (village_exists).
  Village add_village(const std::string& commune_code, std::string_view name,
                      std::string_view kind);
  Village update_village(int64_t id, std::string_view name, std::string_view kind);

 private:
  std::shared_ptr<const Index> index() const;
  std::unique_ptr<UnitStore> owned_store_;
  UnitStore& store_;
  std::atomic<std::shared_ptr<const Index>> index_;
  std::atomic<std::shared_ptr<const BoundaryIndex>> boundaries_;
  std::atomic<uint64_t> version_{0};
  struct Villages;  // in service.cpp
  // Villages change in the pages, in any process: re-read when their cache scope is stamped.
  std::shared_ptr<const Villages> villages_index() const;
  void reload_villages() const;
  mutable std::atomic<std::shared_ptr<const Villages>> villages_;
  mutable std::mutex villages_mutex_;
};

}  // namespace cds::units
