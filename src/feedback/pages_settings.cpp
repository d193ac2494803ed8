// The province's settings for reports: categories, questions, templates, holidays, routing.

#include <map>

#include "feedback/pages_shared.h"
#include "feedback/permissions.h"
#include "units/picker.h"
#include "units/service.h"

namespace cds::feedback {
using namespace pages;

namespace {
// The province's settings for reports: categories and their questions, public holidays,
// which agency answers what where. All data, edited here. A routing rule whose unit was not
// chosen comes back with the picker's choices and the error.
Response settings_page(web::AppContext* ctx, Services* svc, Request& req,
                       const units::UnitPick& routing_unit = {},
                       const std::string& routing_error = "",
                       http::Status status = http::Status::ok) {
  std::string lang = ctx->renderer.language(req);
  auto t = [&](const std::string& key) { return ctx->catalogues.text(lang, key); };
  json::array cats, holidays, rules, agency_list;
  std::map<std::string, std::string> category_names;
  // A rule or template without a category applies to every one.
  auto category_name = [&](const std::string& code) {
    if (code.empty()) return t("admin.feedback.any_category");
    auto it = category_names.find(code);
    return it == category_names.end() ? code : it->second;
  };
  for (const auto& k : svc->settings.categories()) {
    category_names[k.code] = lang == "en" && !k.name_en.empty() ? k.name_en : k.name_vi;
    json::array questions;
    for (const auto& q : k.questions)
      questions.push_back(json::object{
          {"code", q.code}, {"label", q.label_vi}, {"kind", t("admin.feedback.kinds." + q.kind)}});
    cats.push_back(json::object{{"code", k.code},
                                {"name_vi", k.name_vi},
                                {"name_en", k.name_en},
                                {"group_vi", k.group_vi},
                                {"group_en", k.group_en},
                                {"description_vi", k.description_vi},
                                {"description_en", k.description_en},
                                {"deadline_days", k.deadline_days},
                                {"active", k.active},
                                {"questions", std::move(questions)}});
  }
  for (const auto& [day, name] : svc->settings.holiday_list())
    holidays.push_back(json::object{{"day", day}, {"shown", display_day(day)}, {"name", name}});
  auto agencies_held = svc->settings.agency_names();
  const auto& agencies = *agencies_held;
  for (const auto& r : svc->settings.routing_rules()) {
    auto agency = agencies.find(r.agency_id);
    auto unit = ctx->units.find(units::kGeneration2025, r.unit_code);
    rules.push_back(json::object{{"id", r.id},
                                 {"category", category_name(r.category_code)},
                                 {"unit", unit ? unit->name : r.unit_code},
                                 {"agency", agency == agencies.end() ? "" : agency->second}});
  }
  for (const auto& [id, name] : *svc->settings.active_agencies())
    agency_list.push_back(json::object{{"id", id}, {"name", name}});
  json::array templates;
  for (const auto& tpl : svc->settings.all_answer_templates())
    templates.push_back(
        json::object{{"title", tpl.title}, {"category", category_name(tpl.category_code)}});
  return page(
      *ctx, req, "admin_feedback", "admin.feedback.title",
      json::object{{"templates", std::move(templates)},
                   {"categories", std::move(cats)},
                   {"holidays", std::move(holidays)},
                   {"rules", std::move(rules)},
                   {"agencies", std::move(agency_list)},
                   {"routing_error", routing_error},
                   {"routing_picker",
                    json::object{{"picker",
                                  units::picker_json(ctx->units, "unit_code",
                                                     ctx->catalogues.text(lang, "admin.grant_unit"),
                                                     routing_unit, true)}}}},
      status);
}

// The units a routing rule may name: the province and its communes.
units::UnitAllowed province_units(const std::string& province) {
  return
      [province](const units::Unit& u) { return u.code == province || u.parent_code == province; };
}
}  // namespace

// The province's settings for reports (1): the overview and categories.
void add_settings_pages(http::Router& router, web::AppContext& app, Services& service) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  Services* svc = &service;

  router.get("/quan-tri/phan-anh", [ctx, svc, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    accounts::require(actor, actions::manage_categories, {}, accounts.unit_parent());
    return settings_page(ctx, svc, req);
  });

  router.post("/quan-tri/phan-anh/linh-vuc", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Category k;
    k.code = form.get("code");
    k.name_vi = form.get("name_vi");
    k.name_en = form.get("name_en");
    k.group_vi = form.get("group_vi");
    k.group_en = form.get("group_en");
    k.description_vi = form.get("description_vi");
    k.description_en = form.get("description_en");
    // Out of range or not a number: 0, which save_category refuses with its own message.
    auto days = text::parse_int(form.get("deadline_days"));
    k.deadline_days = days && *days > 0 && *days <= 365 ? static_cast<int>(*days) : 0;
    k.active = form.has("active");
    svc->settings.save_category(accounts::current_actor(accounts, req), k, req.remote_address);
    return http::redirect(req, "/quan-tri/phan-anh");
  });
}

// The province's settings for reports (2): questions, templates, holidays, routing.
void add_more_settings_pages(http::Router& router, web::AppContext& app, Services& service) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  Services* svc = &service;

  router.post("/quan-tri/phan-anh/cau-hoi", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Question q;
    q.code = form.get("code");
    q.label_vi = form.get("label_vi");
    q.label_en = form.get("label_en").empty() ? q.label_vi : form.get("label_en");
    q.kind = form.get("kind");
    q.required = form.has("required");
    // One choice a line: "key = Nhãn | Label"
    std::stringstream lines(form.get("choices"));
    for (std::string line; std::getline(lines, line);) {
      auto eq = line.find('='), bar = line.find('|');
      if (eq == std::string::npos) continue;
      std::string label_vi = text::trim(
          line.substr(eq + 1, bar == std::string::npos ? std::string::npos : bar - eq - 1));
      std::string label_en = bar == std::string::npos ? label_vi : text::trim(line.substr(bar + 1));
      q.choices.push_back({text::trim(line.substr(0, eq)), label_vi, label_en});
    }
    svc->settings.add_question(accounts::current_actor(accounts, req), form.get("category"), q,
                               req.remote_address);
    return http::redirect(req, "/quan-tri/phan-anh");
  });

  router.post("/quan-tri/phan-anh/mau-tra-loi", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc->settings.add_answer_template(accounts::current_actor(accounts, req), form.get("category"),
                                      form.get("title"), form.get("body"), req.remote_address);
    return http::redirect(req, "/quan-tri/phan-anh");
  });

  router.post("/quan-tri/phan-anh/ngay-nghi", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(accounts, req);
    if (form.has("remove"))
      svc->settings.remove_holiday(actor, form.get("day"), req.remote_address);
    else
      svc->settings.add_holiday(actor, form.get("day"), form.get("name"), req.remote_address);
    return http::redirect(req, "/quan-tri/phan-anh");
  });

  router.post("/quan-tri/phan-anh/phan-cong", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(accounts, req);
    if (form.has("remove")) {
      auto rule = text::parse_int(form.get("remove"));
      if (!rule) throw Error(ErrorKind::bad_input, "bad_field", "Unknown rule");
      svc->settings.remove_routing_rule(actor, *rule, req.remote_address);
    } else {
      int64_t agency = text::parse_int(form.get("agency_id")).value_or(0);
      auto unit = units::pick_unit(ctx->units, form.get("unit_code"), form.get("unit_code_q"),
                                   province_units(ctx->province_code));
      accounts::require(actor, actions::manage_categories, {}, accounts.unit_parent());
      if (!unit.chosen()) {
        Error e(ErrorKind::bad_input, unit.matches.empty() ? "bad_unit" : "unit_choice",
                "Choose the unit");
        return settings_page(ctx, svc, req, unit, web::error_message(*ctx, req, e),
                             http::Status::unprocessable_entity);
      }
      svc->settings.add_routing_rule(actor, form.get("category"), unit.code, agency,
                                     req.remote_address);
    }
    return http::redirect(req, "/quan-tri/phan-anh");
  });
}

}  // namespace cds::feedback
