// SQL for units: read everything (the service keeps an in-memory index) and replace
// everything in one transaction (an import).
#pragma once

#include <vector>

#include "db/connection.h"
#include "units/boundaries.h"
#include "units/model.h"

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

 private:
  db::Database& db_;
};

}  // namespace cds::units
