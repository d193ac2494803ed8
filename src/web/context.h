// What route handlers share: the database, the catalogues, the renderer and the domain
// services. Built once in main and passed to each domain's add_*_routes.
#pragma once

#include <boost/json/array.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/cache.h"
#include "core/i18n.h"
#include "db/connection.h"
#include "http/metrics.h"
#include "web/templates.h"

namespace cds::units {
class UnitService;
}
namespace cds::accounts {
struct AccountService;
class UploadBudget;
class Workspace;
}  // namespace cds::accounts
namespace cds::notify {
class DevOutbox;
}
namespace cds::http {
struct Request;
}

namespace cds::web {

// A part of the home page another module adds (the latest news, say): a heading, a few links
// and one to the rest; or a sentence and its links as buttons (signing in, for a visitor). A
// source returns nullopt when it has nothing to show.
struct HomeLink {
  std::string text, href, note;
};
struct HomeSection {
  std::string heading;
  std::vector<HomeLink> links;
  std::string more_text, more_href;
  std::string text;      // a sentence under the heading
  bool buttons = false;  // the links as buttons in a row, not a list
};
using HomeSectionSource =
    std::function<std::optional<HomeSection>(const http::Request&, const std::string& lang)>;
// A card in the home page's list of what the platform offers (a module's front door).
struct Offer {
  std::string title_key, text_key;  // in the module's catalogue
  std::string path;
  int order = 50;
};

struct AppContext {
  db::Database& db;
  const i18n::Catalogues& catalogues;
  const Renderer& renderer;
  units::UnitService& units;
  std::filesystem::path web_dir;
  accounts::AccountService* accounts = nullptr;
  const class Csrf* csrf = nullptr;
  notify::DevOutbox* dev_outbox = nullptr;  // set only with serve --dev-outbox
  accounts::UploadBudget* upload_budget = nullptr;
  accounts::Workspace* workspace = nullptr;      // the officers' landing page's tiles
  std::vector<HomeSectionSource> home_sections;  // from the modules, in their order
  std::vector<Offer> offers;                     // from the modules, by order
  std::vector<std::string> api_prefixes;         // the modules' API prefixes beyond /api/
  // The modules' links for a place ("header", "account") this reader may see: label, path.
  std::function<boost::json::array(std::string_view place, const http::Request&)> links;
  bool secure_cookies = false;       // behind TLS: cookies get Secure
  std::string public_url;            // "https://…" for absolute links; "" = from Host
  std::string province_code = "15";  // the province this deployment serves (2025 code)
  // Public representations kept in memory (web/cached.h); serve sizes it with --cache-mb.
  std::shared_ptr<cache::Representations> representations =
      std::make_shared<cache::Representations>();
  // Set once the router is complete (the metrics need every route's label).
  std::shared_ptr<std::shared_ptr<http::Metrics>> metrics =
      std::make_shared<std::shared_ptr<http::Metrics>>();
};

}  // namespace cds::web
