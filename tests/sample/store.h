// The sample module's SQL (its own table, sample_plants), private to it.
#pragma once

#include <string>
#include <vector>

#include "db/connection.h"

namespace cds::sample::store {

void add_plant(db::Connection& c, const std::string& unit_code, const std::string& name);
std::vector<std::string> plant_names(db::Connection& c);
int64_t plant_count(db::Connection& c);

}  // namespace cds::sample::store
