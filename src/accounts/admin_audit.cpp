// The audit log (filters by person, action, unit and dates, in the URL; pages; CSV) and the
// VNeID lists received (upload, history, each list's report).
#include <algorithm>
#include <boost/json.hpp>

#include "accounts/admin_shared.h"
#include "accounts/http_auth.h"
#include "core/error.h"
#include "core/text.h"
#include "http/body.h"
#include "web/csrf.h"
#include "web/lists.h"
#include "web/pages.h"

namespace cds::accounts {
namespace json = boost::json;
using http::Request;
using http::Response;
using web::display_time;

namespace {

constexpr size_t kCsvRows = 10000;

std::string who(const web::AppContext& app, const std::string& lang, int64_t account, int64_t key) {
  if (account) return app.catalogues.text(lang, "admin.account") + " #" + std::to_string(account);
  if (key) return app.catalogues.text(lang, "admin.key") + " #" + std::to_string(key);
  return "—";
}

// A person or key as the log shows them: the name with the number the person filter takes.
std::string named(const web::AppContext& app, const std::string& lang,
                  const Administration::AuditNames& names, int64_t account, int64_t key) {
  const auto& known = account ? names.accounts : names.keys;
  auto it = known.find(account ? account : key);
  if (it == known.end()) return who(app, lang, account, key);
  return it->second + " (#" + std::to_string(account ? account : key) + ")";
}

// An action's name from the catalogue ("audit.action.role.granted"); the code when it has none.
std::string action_name(const web::AppContext& app, const std::string& lang,
                        const std::string& code) {
  std::string key = "audit.action." + code;
  const std::string& name = app.catalogues.text(lang, key);
  return name == key ? code : name;
}

// Every "audit.action.<code>" text of the catalogue, which templates see nested by the dots.
void collect_actions(const json::object& node, const std::string& code,
                     std::vector<std::pair<std::string, std::string>>& out) {
  for (const auto& [key, value] : node) {
    std::string name = code.empty() ? std::string(key) : code + "." + std::string(key);
    if (value.is_string())
      out.emplace_back(std::string(value.as_string()), name);
    else if (value.is_object())
      collect_actions(value.as_object(), name, out);
  }
}

// The actions to filter by: every one the catalogues name, by name, the chosen one selected.
json::array action_choices(const web::AppContext& app, const std::string& lang,
                           const std::string& chosen) {
  std::vector<std::pair<std::string, std::string>> actions;  // name, code
  const auto& catalogue = app.catalogues.catalogue(lang);
  if (auto audit = catalogue.if_contains("audit"); audit && audit->is_object())
    if (auto action = audit->as_object().if_contains("action"); action && action->is_object())
      collect_actions(action->as_object(), "", actions);
  std::sort(actions.begin(), actions.end());
  bool found = chosen.empty();
  for (const auto& a : actions) found = found || a.second == chosen;
  // A prefix given in the address ("role.") stays chosen as it was written.
  if (!found) actions.insert(actions.begin(), {chosen, chosen});
  json::array out;
  for (const auto& [name, code] : actions)
    out.push_back(json::object{{"value", code}, {"label", name}, {"selected", code == chosen}});
  return out;
}

// The person filter: an account number as the log shows it, or a phone number (looked up).
std::optional<int64_t> person_filter(AccountService& svc, const Actor& actor,
                                     const std::string& given, const std::string& ip) {
  std::string s = text::trim(given);
  if (s.empty()) return std::nullopt;
  if (s.starts_with('#')) s.erase(0, 1);
  if (auto p = text::normalize_phone(s); p.phone && s.size() >= 9) {
    try {
      return svc.officers.person_by_phone(actor, s, ip).id;
    } catch (const Error&) {
      return -1;  // nobody: an empty list, not an error that says who exists
    }
  }
  if (auto id = text::parse_int(s); id && *id > 0) return *id;
  throw Error(ErrorKind::bad_input, "bad_person", "Give an account number or a phone number");
}

Response audit_page(web::AppContext& app, Request& req) {
  AccountService& svc = *app.accounts;
  Actor actor = current_actor(svc, req);
  require(actor, Action::view_audit, {}, svc.unit_parent());
  std::string lang = app.renderer.language(req);
  auto t = [&](const std::string& key) { return app.catalogues.text(lang, key); };
  audit::Filter f;
  std::string person = req.query_param("person").value_or("");
  f.person = person_filter(svc, actor, person, req.remote_address);
  f.action = text::trim(req.query_param("action").value_or(""));
  f.from = req.query_param("from").value_or("");
  f.to = req.query_param("to").value_or("");
  auto unit =
      units::pick_unit(app.units, req.query_param("unit").value_or(""),
                       req.query_param("unit_q").value_or(""), administered_units(svc, actor));
  f.unit_code = unit.chosen() ? unit.code : (unit.asked() ? "-" : "");
  Administration::AuditNames names;
  auto cells = [&](const audit::Row& r) {
    return std::vector<std::string>{std::to_string(r.id),
                                    display_time(r.at),
                                    action_name(app, lang, r.action),
                                    named(app, lang, names, r.actor_account, r.actor_api_key),
                                    named(app, lang, names, r.subject_account, 0),
                                    r.unit_code.empty() ? "" : unit_label(app, r.unit_code),
                                    r.detail,
                                    r.ip};
  };
  if (web::wants_csv(req)) {
    f.limit = kCsvRows;
    std::vector<std::vector<std::string>> rows;
    auto entries = svc.admin.audit_log(actor, f);
    names = svc.admin.audit_names(actor, entries);
    rows.reserve(entries.size());
    for (const auto& r : entries) rows.push_back(cells(r));
    return web::csv_download(req, "nhat-ky.csv",
                             {"id", t("admin.audit.when"), t("admin.audit.action"),
                              t("admin.audit.actor"), t("admin.audit.subject"),
                              t("admin.roles.unit"), t("admin.audit.detail"), t("admin.audit.ip")},
                             rows);
  }
  size_t page = web::page_number(req);
  f.limit = web::kListPageSize + 1;  // one more tells whether there is a next page
  f.offset = (page - 1) * web::kListPageSize;
  auto entries = svc.admin.audit_log(actor, f);
  bool more = entries.size() > web::kListPageSize;
  if (more) entries.pop_back();
  names = svc.admin.audit_names(actor, entries);
  json::array rows;
  for (const auto& r : entries) {
    auto c = cells(r);
    rows.push_back(json::object{{"at", c[1]},
                                {"action", c[2]},
                                {"actor", c[3]},
                                {"subject", c[4]},
                                {"unit", c[5]},
                                {"detail", c[6]},
                                {"ip", c[7]}});
  }
  // The log is long: pages go forward and back without counting every entry.
  size_t known_total = f.offset + entries.size() + (more ? 1 : 0);
  json::object data = web::pager(req, known_total, page);
  data["pager"].as_object()["counted"] = false;
  data["rows"] = std::move(rows);
  data["has_rows"] = !entries.empty();
  data["filtered"] =
      !person.empty() || !f.action.empty() || unit.asked() || !f.from.empty() || !f.to.empty();
  data["person"] = person;
  data["actions"] = action_choices(app, lang, f.action);
  data["from"] = f.from;
  data["to"] = f.to;
  data["filter_picker"] = json::object{
      {"picker", units::picker_json(app.units, "unit", t("admin.roles.unit"), unit, false)}};
  return admin_page(app, req, actor, "audit", "admin.section.audit", std::move(data));
}

Response imports_page(web::AppContext& app, Request& req) {
  AccountService& svc = *app.accounts;
  Actor actor = current_actor(svc, req);
  std::string lang = app.renderer.language(req);
  auto list = svc.officers.vneid_imports(actor);
  auto t = [&](const std::string& key) { return app.catalogues.text(lang, key); };
  web::Table table{
      {"id", "at", "by", "file", "lines", "applied", "problems"},
      {"id", t("admin.audit.when"), t("admin.audit.actor"), t("admin.imports.file"),
       t("admin.imports.lines"), t("admin.imports.applied"), t("admin.imports.problems")},
      {}};
  for (const auto& i : list)
    table.rows.push_back({std::to_string(i.id), display_time(i.at),
                          who(app, lang, i.actor_account, i.actor_api_key), i.file_name,
                          std::to_string(i.line_count), std::to_string(i.applied),
                          std::to_string(i.problems.size())});
  json::object data;
  if (auto csv = web::table_page(req, "nhap-vneid.csv", table, data)) return *csv;
  return admin_page(app, req, actor, "admin_imports", "admin.section.imports", std::move(data));
}

http::RouteOptions upload_options(AccountService& svc, web::AppContext& app) {
  http::RouteOptions upload;
  upload.multipart = true;
  upload.body_limit = 9 << 20;
  upload.multipart_limits.max_parts = 4;
  upload.multipart_limits.max_file_bytes = 8 << 20;
  upload.admit =
      upload_admission(svc, *app.csrf, *app.upload_budget, [&svc](const Actor& actor, Request&) {
        require(actor, Action::import_vneid, {}, svc.unit_parent());
      });
  return upload;
}

}  // namespace

void add_audit_and_import_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;
  router.get("/quan-tri/nhat-ky", [ctx](Request& req) { return audit_page(*ctx, req); });

  router.get("/quan-tri/nhap-vneid", [ctx](Request& req) { return imports_page(*ctx, req); });
  router.get("/quan-tri/nhap-vneid/{id:int}", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    VneidImport i = svc.officers.vneid_import(actor, req.path_int("id"));
    json::array problems;
    for (const auto& p : i.problems) problems.push_back(json::string(p));
    std::string lang = ctx->renderer.language(req);
    return admin_page(*ctx, req, actor, "vneid_report", "admin.import.title",
                      json::object{{"rows", i.line_count},
                                   {"applied", i.applied},
                                   {"file", i.file_name},
                                   {"at", display_time(i.at)},
                                   {"by", who(*ctx, lang, i.actor_account, i.actor_api_key)},
                                   {"has_problems", !problems.empty()},
                                   {"problems", std::move(problems)}});
  });
  // The commune police's VNeID list, uploaded as a CSV file; its report lists the lines that
  // did not match an account or fall outside the officer's units.
  router.post(
      "/quan-tri/nhap-vneid",
      [ctx, &svc](Request& req) {
        auto form = http::form_body(req);
        ctx->csrf->check(req, form);
        auto files = req.form->files("file");
        if (files.empty() || files[0]->size == 0)
          throw Error(ErrorKind::bad_input, "bad_csv", "Choose the CSV file of the list");
        std::string csv = files[0]->read_all();
        auto report = svc.officers.import_vneid(current_actor(svc, req), csv, req.remote_address,
                                                files[0]->filename.value_or(""));
        return http::redirect(req, "/quan-tri/nhap-vneid/" + std::to_string(report.id));
      },
      upload_options(svc, app));
}

}  // namespace cds::accounts
