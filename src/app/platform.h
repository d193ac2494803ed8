// Putting the modules together: what serve does with the list of modules once their services
// are built (app::Module::start), so that serve itself stays a list of steps.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "app/module.h"
#include "web/openapi.h"

namespace cds::jobs {
class Scheduler;
}

namespace cds::app {

// Makes every module's roles known (before a command reads or grants one).
void declare_permissions(Modules& modules);
// The modules' tiles, home sections, offers, API prefixes, header links and banner, given to
// the web context, the workspace and the renderer.
void assemble(Modules& modules, web::AppContext& app, web::Renderer& renderer,
              accounts::Workspace& workspace);
// Every module's migrations, for db::migrate.
std::vector<db::EmbeddedMigration> migrations(Modules& modules);
// Every module's part of the OpenAPI description.
std::vector<web::OpenApiPart> openapi_parts(Modules& modules);
// The folders of the modules' templates/ or i18n/ (`kind`): those under `root`, then the
// folders of the modules that live elsewhere (Module::folder).
std::vector<std::filesystem::path> module_folders(Modules& modules,
                                                  const std::filesystem::path& root,
                                                  std::string_view kind);
// Every module's routes.
void add_routes(Modules& modules, http::Router& router, web::AppContext& app);
// The kinds of live event whose reach is recorded.
std::set<std::string> reach_kinds(Modules& modules);
// Every module's background jobs on the scheduler.
void schedule_jobs(Modules& modules, jobs::Scheduler& scheduler);

}  // namespace cds::app
