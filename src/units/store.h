// SQL for units: read everything (the service keeps an in-memory index) and replace
// everything in one transaction (an import).
#pragma once

#include <vector>

#include "db/connection.h"
#include "units/boundaries.h"
#include "units/model.h"
#include "units/villages.h"

namespace cds::units {

class UnitStore {
 public:
  explicit UnitStore(db::Database& db) : db_(db) {}
  std::vector<Unit> load_units();
  std::vector<UnitChange> load_changes();
  int64_t count_units();
  // Deletes all units and changes and writes these instead, atomically.
  void replace_all(const std::vector<Unit>& units, const std::vector<UnitChange>& changes);
  // Commune boundaries, parsed; rows whose stored geometry no longer parses are skipped.
  std::vector<Boundary> load_boundaries();
  // Deletes all boundaries and writes these instead, atomically.
  void replace_boundaries(const std::vector<Boundary>& boundaries);
  // Villages, with their codes.
  std::vector<Village> load_villages();
  // Adds the lines' villages, in one transaction; a village the commune already has (the same
  // name, tone marks and case aside) takes the line's name and kind. Returns how many were new.
  size_t merge_villages(const std::vector<VillageLine>& lines, const std::string& at);
  // One village added; its id. Throws Error conflict "village_exists" for a name the commune has.
  int64_t add_village(const VillageLine& v, const std::string& at);
  // Sets these villages' boundaries (GeoJSON geometries), in one transaction.
  void set_village_boundaries(const std::vector<std::pair<int64_t, std::string>>& boundaries,
                              const std::string& at);
  // Renames a village and sets its kind; false when there is no such village. Throws as above.
  bool update_village(int64_t id, const std::string& name, const std::string& kind,
                      const std::string& at);

 private:
  db::Database& db_;
};

}  // namespace cds::units
