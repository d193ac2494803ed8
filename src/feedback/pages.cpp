// The citizens' and officers' pages for field reports. They work without JavaScript: choosing
// a category is a link, the place is a commune and an address, photos are a plain file input.
#include "web/pages.h"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "accounts/authz.h"
#include "accounts/http_auth.h"
#include "accounts/service.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "feedback/routes.h"
#include "feedback/service.h"
#include "feedback/workflow.h"
#include "http/body.h"
#include "http/multipart.h"
#include "http/response.h"
#include "media/images.h"
#include "units/choices.h"
#include "units/service.h"
#include "web/csrf.h"

namespace cds::feedback {
namespace json = boost::json;
using http::Request;
using http::Response;
using http::Status;

namespace {

Response page(const web::AppContext& app, const Request& req, std::string_view name,
              std::string_view title_key, json::object data, Status status = Status::ok) {
  return web::form_page(app, req, name, title_key, std::move(data), status);
}

std::string message_for(const web::AppContext& app, const Request& req, const Error& e) {
  return web::error_message(app, req, e);
}

using web::display_day;
using web::display_time;

// Photos from the form's file parts: each checked by content and re-encoded. Any refusal
// stops everything before a report exists.
std::vector<media::ProcessedImage> photos_from(const Request& req, const std::string& field) {
  std::vector<media::ProcessedImage> out;
  if (!req.form) return out;
  auto files = req.form->files(field);
  size_t given = 0;
  for (const auto* f : files)
    if (f->size > 0) ++given;
  if (given > FeedbackService::kMaxPhotos)
    throw Error(ErrorKind::bad_input, "too_many_photos", "At most 5 photos");
  for (const auto* f : files) {
    if (f->size == 0) continue;  // an empty file input
    auto result = media::process(f->read_all());
    if (!result.image)
      throw Error(result.error == "image_too_large" || result.error == "image_dimensions"
                      ? ErrorKind::too_large
                  : result.error == "unsupported_image" ? ErrorKind::unsupported_type
                                                        : ErrorKind::bad_input,
                  result.error, "The photo was refused");
    out.push_back(std::move(*result.image));
  }
  return out;
}

json::object category_view(const Category& k, const std::string& lang) {
  bool en = lang == "en";
  return json::object{{"code", k.code},
                      {"name", en ? k.name_en : k.name_vi},
                      {"group", en ? k.group_en : k.group_vi},
                      {"description", en ? k.description_en : k.description_vi},
                      {"deadline_days", k.deadline_days}};
}

json::array communes(const web::AppContext& app, const std::string& selected) {
  return units::commune_choices(app.units, app.province_code, selected);
}

json::object report_view(const web::AppContext& app, const FeedbackService& svc, const Report& r,
                         const std::map<int64_t, std::string>& agencies, const std::string& lang) {
  json::object o = public_report_json(r, app, svc, agencies);
  auto k = svc.category(r.category_code);
  o["category_name"] = k ? (lang == "en" ? k->name_en : k->name_vi) : r.category_code;
  o["status_text"] = app.catalogues.text(lang, "report.status." + r.status);
  o["status_class"] = is_open(r.status) ? (svc.overdue(r) ? "tag-warn" : "tag") : "tag-ready";
  o["received"] = display_time(r.received_at);
  o["deadline"] = display_day(r.deadline_on);
  std::string excerpt = r.description.substr(0, 200);
  while (!excerpt.empty() && (static_cast<unsigned char>(excerpt.back()) & 0xC0) == 0x80)
    excerpt.pop_back();
  if (!excerpt.empty() && static_cast<unsigned char>(excerpt.back()) >= 0xC0) excerpt.pop_back();
  o["excerpt"] = excerpt.size() < r.description.size() ? excerpt + "…" : r.description;
  json::array report_photos, answer_photos;
  for (const auto& p : r.photos) {
    json::object po{{"src", "/anh/" + p.path}, {"thumb", "/anh/" + p.thumb_path}};
    (p.kind == "answer" ? answer_photos : report_photos).push_back(std::move(po));
  }
  o["has_photos"] = !report_photos.empty();
  o["first_thumb"] = report_photos.empty() ? json::value(nullptr) : report_photos[0].at("thumb");
  o["photos"] = std::move(report_photos);
  o["has_answer_photos"] = !answer_photos.empty();
  o["answer_photos"] = std::move(answer_photos);
  o["has_answer"] = !r.answer.empty();
  o["has_rating"] = r.rating.has_value();
  return o;
}

}  // namespace

void add_report_pages(http::Router& router, web::AppContext& app, FeedbackService& service) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  FeedbackService* svc = &service;

  // The public record: newest first, filtered by commune, category and status.
  router.get("/phan-anh", [ctx, svc](Request& req) {
    std::string lang = ctx->renderer.language(req);
    ReportFilter f;
    f.unit_code = req.query_param("unit").value_or("");
    f.category_code = req.query_param("category").value_or("");
    f.status = req.query_param("status").value_or("");
    if (!f.status.empty() && !valid_status(f.status)) f.status.clear();
    std::string q = req.query_param("q").value_or("");
    f.query_folded = text::fold(q);
    long page_number = static_cast<long>(std::clamp<int64_t>(
        text::parse_int(req.query_param("page").value_or("1")).value_or(1), 1, 1'000'000));
    f.limit = 20;
    f.offset = static_cast<size_t>(page_number - 1) * f.limit;
    auto result = svc->list(f);
    auto agencies = svc->agency_names();
    json::array list, cats, statuses;
    for (const auto& r : result.reports) list.push_back(report_view(*ctx, *svc, r, agencies, lang));
    for (const auto& k : svc->categories()) {
      json::object c = category_view(k, lang);
      c["selected"] = k.code == f.category_code;
      cats.push_back(std::move(c));
    }
    for (auto s : kStatuses)
      statuses.push_back(
          json::object{{"code", s},
                       {"name", ctx->catalogues.text(lang, "report.status." + std::string(s))},
                       {"selected", s == f.status}});
    json::object data{{"reports", std::move(list)},
                      {"has_reports", !result.reports.empty()},
                      {"total", result.total},
                      {"communes", communes(*ctx, f.unit_code)},
                      {"categories", std::move(cats)},
                      {"statuses", std::move(statuses)},
                      {"q", q}};
    std::string base = "/phan-anh?unit=" + http::percent_encode_path(f.unit_code) +
                       "&category=" + http::percent_encode_path(f.category_code) +
                       "&status=" + f.status + "&q=" + http::percent_encode_path(q) + "&page=";
    if (page_number > 1) data["prev"] = base + std::to_string(page_number - 1);
    if (static_cast<int64_t>(page_number * static_cast<long>(f.limit)) < result.total)
      data["next"] = base + std::to_string(page_number + 1);
    return page(*ctx, req, "reports_list", "report.list.title", std::move(data));
  });

  router.get("/phan-anh/moi", [ctx, svc, &accounts](Request& req) {
    if (!accounts::current_actor(accounts, req).signed_in())
      return http::redirect(req, "/dang-nhap");
    std::string lang = ctx->renderer.language(req);
    auto code = req.query_param("category").value_or("");
    auto k = svc->category(code);
    json::object data;
    if (!k) {
      json::array cats;
      for (const auto& c : svc->categories())
        if (c.active) cats.push_back(category_view(c, lang));
      data["categories"] = std::move(cats);
      return page(*ctx, req, "report_choose", "report.new.title", std::move(data));
    }
    data["category"] = category_view(*k, lang);
    data["communes"] = communes(*ctx, "");
    json::array questions;
    for (const auto& q : k->questions) {
      json::array choices;
      for (const auto& c : q.choices)
        choices.push_back(
            json::object{{"key", c.key}, {"label", lang == "en" ? c.label_en : c.label_vi}});
      questions.push_back(json::object{{"code", q.code},
                                       {"label", lang == "en" ? q.label_en : q.label_vi},
                                       {"required", q.required},
                                       {"is_choice", q.kind == "single" || q.kind == "multi"},
                                       {"is_multi", q.kind == "multi"},
                                       {"is_number", q.kind == "number"},
                                       {"is_date", q.kind == "date"},
                                       {"is_text", q.kind == "text"},
                                       {"choices", std::move(choices)}});
    }
    data["questions"] = std::move(questions);
    return page(*ctx, req, "report_new", "report.new.title", std::move(data));
  });

  // Photos are decoded on the media pool, and only for those admitted on the headers alone.
  http::RouteOptions upload;
  upload.multipart = true;
  upload.exec = http::Exec::media;
  upload.body_limit = 52 * 1024 * 1024;  // five photos of 10 MB and the fields
  upload.multipart_limits.max_parts = 40;
  upload.multipart_limits.max_file_bytes = 10 * 1024 * 1024;
  upload.admit = accounts::upload_admission(
      accounts, *ctx->csrf, *ctx->upload_budget, [](const accounts::Actor& actor, Request&) {
        if (!actor.signed_in() && !actor.api_scopes.contains("open311"))
          throw Error(ErrorKind::forbidden, "forbidden", "Not allowed");
      });
  router.post(
      "/phan-anh/moi",
      [ctx, svc, &accounts](Request& req) {
        auto form = http::form_body(req);
        ctx->csrf->check(req, form);
        auto actor = accounts::current_actor(accounts, req);
        NewReport n;
        n.category_code = form.get("category");
        n.description = form.get("description");
        n.unit_code = form.get("unit_code");
        n.address_text = form.get("address");
        n.show_name = form.has("show_name");
        n.source = "web";
        if (!form.get("lat").empty() &&
            !form.get("lon").empty()) {  // the map picker, where JavaScript runs
          n.lat = text::parse_decimal(form.get("lat"));
          n.lon = text::parse_decimal(form.get("lon"));
          if (!n.lat || !n.lon)
            throw Error(ErrorKind::bad_input, "bad_location", "The place is not valid");
        }
        if (auto k = svc->category(n.category_code))
          for (const auto& q : k->questions)
            for (const auto& v : form.all("q_" + q.code))
              if (!v.empty()) n.attributes.emplace_back(q.code, v);
        try {
          n.photos = photos_from(req, "photos");
          // A photo's GPS position suggests the place when the citizen gave none.
          for (const auto& p : n.photos)
            if (p.gps && !n.lat) {
              n.lat = p.gps->first;
              n.lon = p.gps->second;
            }
          Report r = svc->file(actor, n, req.remote_address);
          return http::redirect(req, "/phan-anh/" + r.public_id);
        } catch (const Error& e) {
          if (e.kind == ErrorKind::unauthenticated || e.kind == ErrorKind::forbidden) throw;
          std::string lang = ctx->renderer.language(req);
          json::object data{{"error", message_for(*ctx, req, e)},
                            {"description", n.description},
                            {"address", n.address_text},
                            {"communes", communes(*ctx, n.unit_code)}};
          if (auto k = svc->category(n.category_code)) data["category"] = category_view(*k, lang);
          return page(*ctx, req, "report_new", "report.new.title", std::move(data),
                      http::status_for(e.kind));
        }
      },
      upload);

  router.get("/phan-anh/{id}", [ctx, svc, &accounts](Request& req) {
    auto r = svc->find(req.path_param("id"));
    if (!r) throw Error(ErrorKind::not_found, "report_not_found", "No such report");
    auto actor = accounts::current_actor(accounts, req);
    std::string lang = ctx->renderer.language(req);
    bool handler = svc->may_handle(actor, *r);
    bool mine = actor.signed_in() && actor.account_id == r->reporter_account;
    json::object data = report_view(*ctx, *svc, *r, svc->agency_names(), lang);
    json::array timeline;
    for (const auto& e : svc->timeline(*r, handler))
      timeline.push_back(json::object{
          {"at", display_time(e.at)},
          {"what", ctx->catalogues.text(lang, "report.event." + e.kind)},
          {"status",
           e.to_status.empty() ? "" : ctx->catalogues.text(lang, "report.status." + e.to_status)},
          {"text", e.body},
          {"internal", !e.is_public}});
    data["timeline"] = std::move(timeline);
    data["page_title"] = data["category_name"];
    data["signed_in"] = actor.signed_in();
    data["mine"] = mine;
    data["may_rate"] = mine && r->status == "resolved";
    data["may_reopen"] = mine && r->status == "resolved";
    data["may_support"] = actor.signed_in() && !mine && is_open(r->status);
    data["may_follow"] = actor.signed_in() && !mine;
    data["may_handle"] = handler && is_open(r->status);
    if (handler) {
      // Ready-made answers: choosing one reloads the page with its text in the answer box.
      json::array templates;
      std::string chosen = req.query_param("template").value_or("");
      for (const auto& t : svc->answer_templates(r->category_code)) {
        templates.push_back(json::object{{"id", t.id}, {"title", t.title}});
        if (std::to_string(t.id) == chosen) data["answer_draft"] = t.body;
      }
      data["has_templates"] = !templates.empty();
      data["templates"] = std::move(templates);
      json::array agencies;
      for (const auto& [id, name] : svc->agency_names())
        agencies.push_back(
            json::object{{"id", id}, {"name", name}, {"selected", id == r->agency_id}});
      data["agencies"] = std::move(agencies);
    }
    return page(*ctx, req, "report_detail", "report.list.title", std::move(data));
  });

  http::RouteOptions answer_upload = upload;
  answer_upload.admit = accounts::upload_admission(
      accounts, *ctx->csrf, *ctx->upload_budget, [svc](const accounts::Actor& actor, Request& req) {
        auto r = svc->find(req.path_param("id"));
        if (!r) throw Error(ErrorKind::not_found, "report_not_found", "No such report");
        if (!svc->may_handle(actor, *r))
          throw Error(ErrorKind::forbidden, "forbidden", "Not allowed");
      });
  router.post(
      "/phan-anh/{id}/xu-ly",
      [ctx, svc, &accounts](Request& req) {
        auto form = http::form_body(req);
        ctx->csrf->check(req, form);
        OfficerAction a;
        a.kind = form.get("kind");
        if (!form.get("agency_id").empty()) {
          auto agency = text::parse_int(form.get("agency_id"));
          if (!agency) throw Error(ErrorKind::bad_input, "bad_agency", "Unknown agency");
          a.agency_id = *agency;
        }
        a.text = form.get("text");
        a.suggested_agency = form.get("suggested_agency");
        a.duplicate_of = form.get("duplicate_of");
        a.photos = photos_from(req, "photos");
        svc->act(accounts::current_actor(accounts, req), req.path_param("id"), a,
                 req.remote_address);
        return http::redirect(req, "/phan-anh/" + req.path_param("id"));
      },
      answer_upload);

  router.post("/phan-anh/{id}/danh-gia", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    int64_t stars = text::parse_int(form.get("stars")).value_or(0);
    svc->rate(accounts::current_actor(accounts, req), req.path_param("id"), stars,
              form.get("comment"), req.remote_address);
    return http::redirect(req, "/phan-anh/" + req.path_param("id"));
  });

  router.post("/phan-anh/{id}/mo-lai", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc->reopen(accounts::current_actor(accounts, req), req.path_param("id"), form.get("reason"),
                req.remote_address);
    return http::redirect(req, "/phan-anh/" + req.path_param("id"));
  });

  router.post("/phan-anh/{id}/ung-ho", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc->support(accounts::current_actor(accounts, req), req.path_param("id"));
    return http::redirect(req, "/phan-anh/" + req.path_param("id"));
  });

  router.post("/phan-anh/{id}/theo-doi", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc->follow(accounts::current_actor(accounts, req), req.path_param("id"));
    return http::redirect(req, "/phan-anh/" + req.path_param("id"));
  });

  // The officers' console: their reports by deadline, overdue first; assign many at once;
  // a CSV of the list; how each agency is doing.
  router.get("/can-bo/phan-anh", [ctx, svc, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    if (actor.anonymous()) return http::redirect(req, "/dang-nhap");
    std::string lang = ctx->renderer.language(req);
    ReportFilter f;
    std::string status = req.query_param("status").value_or("open");
    if (status == "open")
      f.statuses = {"received", "assigned", "in_progress", "reopened"};
    else if (valid_status(status))
      f.status = status;
    f.limit = 100;
    auto result = svc->inbox(actor, f);
    auto agencies = svc->agency_names();
    json::array list, agency_list, performance;
    for (const auto& r : result.reports) list.push_back(report_view(*ctx, *svc, r, agencies, lang));
    for (const auto& [id, name] : agencies)
      agency_list.push_back(json::object{{"id", id}, {"name", name}});
    for (const auto& p : svc->performance(actor)) {
      char on_time[16], hours[16], rating[16];
      std::snprintf(on_time, sizeof on_time, "%.0f%%",
                    p.resolved ? 100.0 * static_cast<double>(p.resolved_on_time) /
                                     static_cast<double>(p.resolved)
                               : 0.0);
      std::snprintf(hours, sizeof hours, "%.1f", p.average_hours_to_resolve);
      std::snprintf(rating, sizeof rating, "%.1f", p.average_rating);
      performance.push_back(json::object{
          {"agency", p.agency_name.empty() ? ctx->catalogues.text(lang, "report.console.unrouted")
                                           : p.agency_name},
          {"received", p.received},
          {"open", p.open},
          {"overdue", p.overdue},
          {"resolved", p.resolved},
          {"on_time", on_time},
          {"hours", hours},
          {"rating", p.rated ? std::string(rating) : "—"}});
    }
    json::object data{{"reports", std::move(list)},
                      {"has_reports", !result.reports.empty()},
                      {"total", result.total},
                      {"agencies", std::move(agency_list)},
                      {"performance", std::move(performance)},
                      {"status", status},
                      {"csv", "/api/v1/officer/inbox.csv?status=" + status}};
    if (auto done = req.query_param("assigned")) data["assigned"] = *done;
    return page(*ctx, req, "officer_inbox", "report.console.title", std::move(data));
  });

  router.post("/can-bo/phan-anh/giao", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto agency_id = text::parse_int(form.get("agency_id"));
    if (!agency_id) throw Error(ErrorKind::bad_input, "bad_agency", "Unknown agency");
    int64_t agency = *agency_id;
    auto result = svc->bulk_assign(accounts::current_actor(accounts, req), form.all("ids"), agency,
                                   form.get("reason"), req.remote_address);
    return http::redirect(req, "/can-bo/phan-anh?assigned=" + std::to_string(result.done));
  });

  router.get("/thong-bao", [ctx, svc, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    if (!actor.signed_in()) return http::redirect(req, "/dang-nhap");
    std::string lang = ctx->renderer.language(req);
    json::array list;
    for (const auto& n : svc->notifications(actor))
      list.push_back(json::object{{"report", n.report_public_id},
                                  {"text", ctx->catalogues.text(lang, n.body)},
                                  {"at", display_time(n.created_at)},
                                  {"unread", !n.read}});
    bool any = !list.empty();
    return page(*ctx, req, "notifications", "notifications.title",
                json::object{{"notifications", std::move(list)}, {"has_notifications", any}});
  });

  // The province's settings for reports: categories and their questions, public holidays,
  // which agency answers what where. All data, edited here.
  router.get("/quan-tri/phan-anh", [ctx, svc, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    if (actor.anonymous()) return http::redirect(req, "/dang-nhap");
    accounts::require(actor, accounts::Action::manage_categories, {}, accounts.unit_parent());
    json::array cats, holidays, rules, agency_list;
    for (const auto& k : svc->categories()) {
      json::array questions;
      for (const auto& q : k.questions)
        questions.push_back(
            json::object{{"code", q.code}, {"label", q.label_vi}, {"kind", q.kind}});
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
    for (const auto& [day, name] : svc->holiday_list())
      holidays.push_back(json::object{{"day", day}, {"shown", display_day(day)}, {"name", name}});
    auto agencies = svc->agency_names();
    for (const auto& r : svc->routing_rules()) {
      auto agency = agencies.find(r.agency_id);
      auto unit = ctx->units.find(units::kGeneration2025, r.unit_code);
      rules.push_back(json::object{{"id", r.id},
                                   {"category", r.category_code.empty() ? "*" : r.category_code},
                                   {"unit", unit ? unit->name : r.unit_code},
                                   {"agency", agency == agencies.end() ? "" : agency->second}});
    }
    for (const auto& [id, name] : agencies)
      agency_list.push_back(json::object{{"id", id}, {"name", name}});
    json::array templates;
    for (const auto& t : svc->all_answer_templates())
      templates.push_back(json::object{
          {"title", t.title}, {"category", t.category_code.empty() ? "*" : t.category_code}});
    return page(*ctx, req, "admin_feedback", "admin.feedback.title",
                json::object{{"templates", std::move(templates)},
                             {"categories", std::move(cats)},
                             {"holidays", std::move(holidays)},
                             {"rules", std::move(rules)},
                             {"agencies", std::move(agency_list)}});
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
    svc->save_category(accounts::current_actor(accounts, req), k, req.remote_address);
    return http::redirect(req, "/quan-tri/phan-anh");
  });

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
    svc->add_question(accounts::current_actor(accounts, req), form.get("category"), q,
                      req.remote_address);
    return http::redirect(req, "/quan-tri/phan-anh");
  });

  router.post("/quan-tri/phan-anh/mau-tra-loi", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc->add_answer_template(accounts::current_actor(accounts, req), form.get("category"),
                             form.get("title"), form.get("body"), req.remote_address);
    return http::redirect(req, "/quan-tri/phan-anh");
  });

  router.post("/quan-tri/phan-anh/ngay-nghi", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(accounts, req);
    if (form.has("remove"))
      svc->remove_holiday(actor, form.get("day"), req.remote_address);
    else
      svc->add_holiday(actor, form.get("day"), form.get("name"), req.remote_address);
    return http::redirect(req, "/quan-tri/phan-anh");
  });

  router.post("/quan-tri/phan-anh/phan-cong", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(accounts, req);
    if (form.has("remove")) {
      auto rule = text::parse_int(form.get("remove"));
      if (!rule) throw Error(ErrorKind::bad_input, "bad_field", "Unknown rule");
      svc->remove_routing_rule(actor, *rule, req.remote_address);
    } else {
      int64_t agency = text::parse_int(form.get("agency_id")).value_or(0);
      svc->add_routing_rule(actor, form.get("category"), form.get("unit_code"), agency,
                            req.remote_address);
    }
    return http::redirect(req, "/quan-tri/phan-anh");
  });

  // Stored photos: re-encoded JPEGs whose names are unguessable.
  router.get("/anh/{path:*}", [svc](Request& req) {
    const std::string& path = req.path_param("path");
    bool safe =
        path.starts_with("reports/") && path.ends_with(".jpg") &&
        path.find("..") == std::string::npos && std::all_of(path.begin(), path.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '.';
        });
    if (!safe) throw Error(ErrorKind::not_found, "not_found", "Not found");
    std::ifstream in(svc->uploads_dir() / path, std::ios::binary);
    if (!in) throw Error(ErrorKind::not_found, "not_found", "Not found");
    std::stringstream ss;
    ss << in.rdbuf();
    Response res = http::make_response(req, Status::ok, ss.str(), "image/jpeg");
    res.set(http::beast_http::field::cache_control, "public, max-age=31536000, immutable");
    return res;
  });
}

}  // namespace cds::feedback
