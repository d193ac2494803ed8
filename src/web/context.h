// What route handlers share: the database, the catalogues, the renderer and the domain
// services. Built once in main and passed to each domain's add_*_routes.
#pragma once

#include <filesystem>
#include <memory>

#include "core/i18n.h"
#include "db/connection.h"
#include "http/metrics.h"
#include "web/templates.h"

namespace cds::units {
class UnitService;
}

namespace cds::web {

struct AppContext {
  db::Database& db;
  const i18n::Catalogues& catalogues;
  const Renderer& renderer;
  units::UnitService& units;
  std::filesystem::path web_dir;
  // Set once the router is complete (the metrics need every route's label).
  std::shared_ptr<std::shared_ptr<http::Metrics>> metrics =
      std::make_shared<std::shared_ptr<http::Metrics>>();
};

}  // namespace cds::web
