// serve --demo: households in two villages of Xã Bảo Yên (invented names, no real person's
// data) and their boards' notices, one of them important and half acknowledged, so that a new
// user sees coverage and a visit list at once.
#pragma once

#include <filesystem>

#include "db/connection.h"

namespace cds::units {
class UnitService;
}

namespace cds::community {

void load_demo(db::Database& db, const units::UnitService& units, const std::filesystem::path& dir);

}  // namespace cds::community
