// The officers' landing page (/can-bo): a tile per module with what waits for this officer
// within their scope, each a link into that module's list. Modules add a tile source once at
// start (Workspace::add); a new module adds its tile without touching the others.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/authz.h"

namespace cds::accounts {

struct Tile {
  std::string title;  // in the reader's language
  std::string link;   // the module's list for this officer
  struct Figure {
    std::string label;  // in the reader's language
    int64_t value = 0;
    bool alert = false;  // shown in red when not zero (overdue…)
    std::string link;    // the list narrowed to these, if any
  };
  std::vector<Figure> figures;
};

// Returns nothing when the module has no work for this actor (no role or scope for it).
using TileSource = std::function<std::optional<Tile>(const Actor& actor, const std::string& lang)>;

// A module's kind of work: `applies` is the cheap check of whether this person has such work
// at all (no query: it decides the header's link on every page), `tile` what waits for them.
// A tile that only appears when something happens (calls for help) has no `applies`.
struct WorkTile {
  std::function<bool(const Actor&)> applies;
  TileSource tile;
};

class Workspace {
 public:
  void add(WorkTile tile) { sources_.push_back(std::move(tile)); }
  std::vector<Tile> tiles(const Actor& actor, const std::string& lang) const {
    std::vector<Tile> out;
    for (const auto& source : sources_)
      if (auto tile = source.tile(actor, lang)) out.push_back(std::move(*tile));
    return out;
  }
  // Whether this person has officers' work: the workspace (/can-bo) has something for them.
  bool has_work(const Actor& actor) const {
    for (const auto& source : sources_)
      if (source.applies && source.applies(actor)) return true;
    return false;
  }

 private:
  std::vector<WorkTile> sources_;
};

}  // namespace cds::accounts
