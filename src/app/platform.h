// Putting the modules together: what serve does with the list of modules once their services
// are built (app::Module::start), so that serve itself stays a list of steps.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "app/module.h"

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
// Every module's routes.
void add_routes(Modules& modules, http::Router& router, web::AppContext& app);
// The kinds of live event whose reach is recorded.
std::set<std::string> reach_kinds(Modules& modules);
// Every module's background jobs on the scheduler.
void schedule_jobs(Modules& modules, jobs::Scheduler& scheduler);

}  // namespace cds::app
