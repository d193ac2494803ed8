#include "feedback/service.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <map>

#include "accounts/service.h"
#include "agencies/service.h"
#include "audit/service.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "feedback/workflow.h"
#include "units/service.h"

namespace cds::feedback {
using accounts::Action;
using accounts::Actor;
using accounts::Decision;
namespace json = boost::json;

namespace {

constexpr size_t kMaxDescriptionChars = 4000;

size_t char_count(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string now() { return timeutil::iso_utc(timeutil::Clock::now()); }

bool parse_number(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end && *end == '\0';
}

void check_attributes(const Category& k,
                      const std::vector<std::pair<std::string, std::string>>& given) {
  for (const auto& answer : given) {
    // Named references, not a structured binding: the lambdas below capture them.
    const std::string& code = answer.first;
    const std::string& value = answer.second;
    auto q = std::find_if(k.questions.begin(), k.questions.end(),
                          [&](const Question& x) { return x.code == code; });
    if (q == k.questions.end())
      throw Error(ErrorKind::bad_input, "bad_attribute", "This category does not ask " + code);
    auto is_choice = [&](const std::string& v) {
      return std::any_of(q->choices.begin(), q->choices.end(),
                         [&](const Choice& c) { return c.key == v; });
    };
    bool ok = q->kind == "text"     ? char_count(value) <= 500
              : q->kind == "number" ? parse_number(value)
              : q->kind == "date"   ? timeutil::parse_iso_date(value).has_value()
                                    : is_choice(value);
    if (!ok)
      throw Error(ErrorKind::bad_input, "bad_attribute", "The answer to " + code + " is not valid");
    if (q->kind != "multi" && std::count_if(given.begin(), given.end(),
                                            [&](const auto& p) { return p.first == code; }) > 1)
      throw Error(ErrorKind::bad_input, "bad_attribute", code + " takes one answer");
  }
  for (const auto& q : k.questions) {
    bool answered =
        std::any_of(given.begin(), given.end(), [&](const auto& p) { return p.first == q.code; });
    if (q.required && !answered)
      throw Error(ErrorKind::bad_input, "attribute_required", "Please answer: " + q.label_vi);
  }
}

}  // namespace

std::string new_public_id() {
  static constexpr char kAlphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";  // no 0/o, 1/l/i
  std::string id;
  for (int i = 0; i < 10; ++i) id.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
  return id;
}

FeedbackService::FeedbackService(db::Database& db, const units::UnitService& units,
                                 accounts::UnitParent unit_parent,
                                 std::filesystem::path uploads_dir)
    : db_(db),
      units_(units),
      unit_parent_(std::move(unit_parent)),
      uploads_dir_(std::move(uploads_dir)) {}

std::vector<Photo> FeedbackService::save_photos(const std::string& public_id,
                                                const std::string& kind, size_t first_position,
                                                const std::vector<media::ProcessedImage>& images) {
  std::vector<Photo> saved;
  if (images.empty()) return saved;
  std::string shard = public_id.substr(0, 2);
  std::filesystem::create_directories(uploads_dir_ / "reports" / shard);
  try {
    for (size_t i = 0; i < images.size(); ++i) {
      // A random part keeps names unguessable and lets a report gain photos later.
      std::string stem = "reports/" + shard + "/" + public_id + "-" + kind + "-" +
                         std::to_string(first_position + i) + "-" + new_public_id();
      Photo p{kind, stem + ".jpg", stem + "-thumb.jpg", images[i].width, images[i].height};
      for (const auto& [rel, bytes] :
           {std::pair{p.path, &images[i].jpeg}, std::pair{p.thumb_path, &images[i].thumb}}) {
        std::ofstream out(uploads_dir_ / rel, std::ios::binary);
        out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
        if (!out)
          throw Error(ErrorKind::unavailable, "storage_failed", "The photo could not be stored");
      }
      saved.push_back(p);
    }
  } catch (...) {
    remove_files(saved);
    throw;
  }
  return saved;
}

void FeedbackService::remove_files(const std::vector<Photo>& photos) {
  std::error_code ec;
  for (const auto& p : photos) {
    std::filesystem::remove(uploads_dir_ / p.path, ec);
    std::filesystem::remove(uploads_dir_ / p.thumb_path, ec);
  }
}

void FeedbackService::seed_defaults(const std::filesystem::path& dir) {
  db_.write([&](db::Connection& c) {
    if (store::count(c, "categories") == 0) {
      auto table = csv::read_file((dir / "categories.csv").string());
      auto col = [&](const std::vector<std::string>& row, const char* name) {
        return text::nfc(table.field(row, name));
      };
      std::map<std::string, int64_t> ids;
      int position = 0;
      for (const auto& row : table.rows) {
        Category k;
        k.code = col(row, "code");
        k.group_vi = col(row, "group_vi");
        k.group_en = col(row, "group_en");
        k.name_vi = col(row, "name_vi");
        k.name_en = col(row, "name_en");
        k.description_vi = col(row, "description_vi");
        k.description_en = col(row, "description_en");
        k.deadline_days = std::stoi(col(row, "deadline_days"));
        ids[k.code] = store::insert_category(c, k, position++);
      }
      auto questions = csv::read_file((dir / "questions.csv").string());
      auto qcol = [&](const std::vector<std::string>& row, const char* name) {
        return text::nfc(questions.field(row, name));
      };
      int qpos = 0;
      for (const auto& row : questions.rows) {
        auto id = ids.find(qcol(row, "category"));
        if (id == ids.end()) continue;
        Question q{
            qcol(row, "code"), qcol(row, "label_vi"),        qcol(row, "label_en"),
            qcol(row, "kind"), qcol(row, "required") == "1", parse_choices(qcol(row, "choices"))};
        store::insert_question(c, id->second, q, qpos++);
      }
    }
    if (store::count(c, "holidays") == 0) {
      auto table = csv::read_file((dir / "holidays.csv").string());
      for (const auto& row : table.rows)
        if (row.size() >= 2 && timeutil::parse_iso_date(row[0]))
          store::insert_holiday(c, row[0], text::nfc(row[1]));
    }
  });
  reload_reference_data();
}

void FeedbackService::load_demo(const std::filesystem::path& dir) {
  auto agencies = csv::read_file((dir / "agencies.csv").string());
  auto rules = csv::read_file((dir / "routing.csv").string());
  auto reports = csv::read_file((dir / "reports.csv").string());
  auto cell = [](const csv::Table& t, const std::vector<std::string>& row, const char* name) {
    return text::nfc(t.field(row, name));
  };
  std::set<timeutil::Date> days;
  {
    std::lock_guard lock(mutex_);
    days = holidays_;
  }
  db_.write([&](db::Connection& c) {
    if (store::count(c, "agencies") > 0 || store::count(c, "reports") > 0) return;
    std::map<std::string, int64_t> agency_ids;
    for (const auto& row : agencies.rows) {
      accounts::Agency a{0, cell(agencies, row, "name"), cell(agencies, row, "name_en"),
                         cell(agencies, row, "unit_code")};
      agency_ids[a.name] = agencies::insert(c, a);
    }
    for (const auto& row : rules.rows) {
      std::optional<int64_t> category_id;
      if (auto k = category(cell(rules, row, "category"))) category_id = k->id;
      auto agency = agency_ids.find(cell(rules, row, "agency"));
      if (agency != agency_ids.end())
        store::insert_rule(c, category_id, cell(rules, row, "unit_code"), agency->second);
    }
    for (const auto& row : reports.rows) {
      auto k = category(cell(reports, row, "category"));
      auto unit = units_.find(units::kGeneration2025, cell(reports, row, "unit_code"));
      if (!k || !unit) continue;
      auto received = timeutil::Clock::now() -
                      std::chrono::hours(24 * std::stoi(cell(reports, row, "days_ago")) + 3);
      Report r;
      r.public_id = new_public_id();
      r.category_id = k->id;
      r.description = cell(reports, row, "description");
      r.unit_code = unit->code;
      r.address_text = cell(reports, row, "address");
      r.lat = std::stod(cell(reports, row, "lat"));
      r.lon = std::stod(cell(reports, row, "lon"));
      r.status = "received";
      r.source = "web";
      r.received_at = timeutil::iso_utc(received);
      r.deadline_on =
          timeutil::iso_date(deadline(timeutil::vietnam_date(received), k->deadline_days, days));
      if (auto agency = store::route(c, k->id, unit->code, unit->parent_code))
        r.agency_id = *agency;
      r.id = store::insert_report(c, r, text::fold(r.description));
      store::insert_event(c, r.id, {0, r.received_at, "status", "", "received", "", true, 0});
      std::string status = cell(reports, row, "status"), answer = cell(reports, row, "answer");
      if (status == "received") continue;
      std::string at = timeutil::iso_utc(received + std::chrono::hours(20));
      r.status = status;
      if (!answer.empty()) r.answer = answer;
      if (status == "resolved") r.resolved_at = at;
      store::update_report(c, r);
      store::insert_event(
          c, r.id,
          {0, at, status == "resolved" ? "answer" : "status", "received", status, answer, true, 0});
    }
  });
}

void FeedbackService::reload_reference_data() {
  auto [cats, days] = db_.read(
      [](db::Connection& c) { return std::make_pair(store::categories(c), store::holidays(c)); });
  std::lock_guard lock(mutex_);
  categories_ = std::move(cats);
  holidays_ = std::move(days);
  category_index_.clear();
  for (size_t n = 0; n < categories_.size(); ++n) category_index_[categories_[n].code] = n;
}

std::vector<Category> FeedbackService::categories() const {
  std::lock_guard lock(mutex_);
  return categories_;
}

std::optional<Category> FeedbackService::category(const std::string& code) const {
  std::lock_guard lock(mutex_);
  auto it = category_index_.find(code);
  if (it == category_index_.end()) return std::nullopt;
  return categories_[it->second];
}

void FeedbackService::add_routing_rule(const Actor& actor, const std::string& category_code,
                                       const std::string& unit_code, int64_t agency_id,
                                       const std::string& ip) {
  accounts::require(actor, Action::manage_categories, {unit_code}, unit_parent_);
  std::optional<int64_t> category_id;
  if (!category_code.empty()) {
    auto k = category(category_code);
    if (!k) throw Error(ErrorKind::bad_input, "bad_category", "Unknown category");
    category_id = k->id;
  }
  if (!units_.find(units::kGeneration2025, unit_code))
    throw Error(ErrorKind::bad_input, "bad_unit", "Unknown unit");
  db_.write([&](db::Connection& c) {
    if (!agencies::find(c, agency_id))
      throw Error(ErrorKind::bad_input, "bad_agency", "Unknown agency");
    store::insert_rule(c, category_id, unit_code, agency_id);
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "routing.added",
                      .detail = (category_code.empty() ? "*" : category_code) + " " + unit_code +
                                " -> " + std::to_string(agency_id),
                      .ip = ip});
  });
}

std::map<int64_t, std::string> FeedbackService::agency_names() const {
  std::map<int64_t, std::string> out;
  for (const auto& a : db_.read([](db::Connection& c) { return agencies::all(c); }))
    out[a.id] = a.name;
  return out;
}

void FeedbackService::save_category(const Actor& actor, const Category& given,
                                    const std::string& ip) {
  accounts::require(actor, Action::manage_categories, {}, unit_parent_);
  Category k = given;
  auto clean = [](std::string& s, size_t max) {
    s = text::nfc(text::trim(s));
    if (char_count(s) > max) throw Error(ErrorKind::bad_input, "bad_field", "A field is too long");
  };
  for (auto* f : {&k.name_vi, &k.name_en, &k.group_vi, &k.group_en}) clean(*f, 100);
  clean(k.description_vi, 500);
  clean(k.description_en, 500);
  bool code_ok = !k.code.empty() && k.code.size() <= 40 &&
                 std::all_of(k.code.begin(), k.code.end(), [](char ch) {
                   return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
                 });
  if (!code_ok)
    throw Error(ErrorKind::bad_input, "bad_code", "The code is lowercase letters, digits and _");
  if (k.name_vi.empty())
    throw Error(ErrorKind::bad_input, "bad_name", "The category needs a Vietnamese name");
  if (k.name_en.empty()) k.name_en = k.name_vi;
  if (k.deadline_days < 1 || k.deadline_days > 90)
    throw Error(ErrorKind::bad_input, "bad_deadline", "The deadline is 1 to 90 working days");
  bool exists = category(k.code).has_value();
  db_.write([&](db::Connection& c) {
    if (exists)
      store::update_category(c, k);
    else
      store::insert_category(c, k, static_cast<int>(store::count(c, "categories")));
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = exists ? "category.updated" : "category.created",
                      .detail = "category=" + k.code,
                      .ip = ip});
  });
  reload_reference_data();
}

void FeedbackService::add_question(const Actor& actor, const std::string& category_code,
                                   const Question& given, const std::string& ip) {
  accounts::require(actor, Action::manage_categories, {}, unit_parent_);
  auto k = category(category_code);
  if (!k) throw Error(ErrorKind::bad_input, "bad_category", "Unknown category");
  Question q = given;
  static const std::set<std::string> kinds = {"text", "number", "date", "single", "multi"};
  if (!kinds.contains(q.kind))
    throw Error(ErrorKind::bad_input, "bad_field", "Unknown question kind");
  if (q.code.empty() || q.code.size() > 40 || q.label_vi.empty())
    throw Error(ErrorKind::bad_input, "bad_field", "A question needs a code and a label");
  if ((q.kind == "single" || q.kind == "multi") && q.choices.empty())
    throw Error(ErrorKind::bad_input, "bad_field", "A choice question needs its choices");
  if (std::any_of(k->questions.begin(), k->questions.end(),
                  [&](const Question& x) { return x.code == q.code; }))
    throw Error(ErrorKind::conflict, "duplicate_code", "This category already asks that");
  db_.write([&](db::Connection& c) {
    store::insert_question(c, k->id, q, static_cast<int>(k->questions.size()));
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "category.question_added",
                      .detail = "category=" + k->code + " question=" + q.code,
                      .ip = ip});
  });
  reload_reference_data();
}

void FeedbackService::add_holiday(const Actor& actor, const std::string& day,
                                  const std::string& name, const std::string& ip) {
  accounts::require(actor, Action::manage_categories, {}, unit_parent_);
  if (!timeutil::parse_iso_date(day))
    throw Error(ErrorKind::bad_input, "bad_date", "Write the day as yyyy-mm-dd");
  std::string clean = text::nfc(text::trim(name));
  if (clean.empty() || char_count(clean) > 100)
    throw Error(ErrorKind::bad_input, "bad_name", "Name the holiday");
  db_.write([&](db::Connection& c) {
    store::insert_holiday(c, day, clean);
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "holiday.added",
                      .detail = day,
                      .ip = ip});
  });
  reload_reference_data();
}

void FeedbackService::remove_holiday(const Actor& actor, const std::string& day,
                                     const std::string& ip) {
  accounts::require(actor, Action::manage_categories, {}, unit_parent_);
  db_.write([&](db::Connection& c) {
    store::delete_holiday(c, day);
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "holiday.removed",
                      .detail = day,
                      .ip = ip});
  });
  reload_reference_data();
}

std::vector<std::pair<std::string, std::string>> FeedbackService::holiday_list() const {
  return db_.read([](db::Connection& c) { return store::holiday_list(c); });
}

AnswerTemplate FeedbackService::add_answer_template(const Actor& actor,
                                                    const std::string& category_code,
                                                    const std::string& title,
                                                    const std::string& body,
                                                    const std::string& ip) {
  accounts::require(actor, Action::manage_categories, {}, unit_parent_);
  std::optional<int64_t> category_id;
  if (!category_code.empty()) {
    auto k = category(category_code);
    if (!k) throw Error(ErrorKind::bad_input, "bad_category", "Unknown category");
    category_id = k->id;
  }
  AnswerTemplate t{0, category_code, text::nfc(text::trim(title)), text::nfc(text::trim(body))};
  if (t.title.empty() || char_count(t.title) > 100 || t.body.empty() ||
      char_count(t.body) > kMaxDescriptionChars)
    throw Error(ErrorKind::bad_input, "bad_field", "A template needs a title and a text");
  db_.write([&](db::Connection& c) {
    t.id = store::insert_answer_template(c, category_id, t.title, t.body);
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "answer_template.added",
                      .detail = "template=" + std::to_string(t.id),
                      .ip = ip});
  });
  return t;
}

std::vector<AnswerTemplate> FeedbackService::all_answer_templates() const {
  return db_.read([](db::Connection& c) { return store::answer_templates(c); });
}

std::vector<AnswerTemplate> FeedbackService::answer_templates(
    const std::string& category_code) const {
  auto all = db_.read([](db::Connection& c) { return store::answer_templates(c); });
  std::erase_if(all, [&](const AnswerTemplate& t) {
    return !t.category_code.empty() && t.category_code != category_code;
  });
  return all;
}

std::vector<store::RoutingRule> FeedbackService::routing_rules() const {
  return db_.read([](db::Connection& c) { return store::routing_rules(c); });
}

void FeedbackService::remove_routing_rule(const Actor& actor, int64_t id, const std::string& ip) {
  accounts::require(actor, Action::manage_categories, {}, unit_parent_);
  db_.write([&](db::Connection& c) {
    if (!store::delete_rule(c, id)) throw Error(ErrorKind::not_found, "not_found", "No such rule");
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "routing.removed",
                      .detail = std::to_string(id),
                      .ip = ip});
  });
}

timeutil::Date FeedbackService::today() const {
  return timeutil::vietnam_date(timeutil::Clock::now());
}

bool FeedbackService::overdue(const Report& r) const {
  auto due = timeutil::parse_iso_date(r.deadline_on);
  return due && is_overdue(r.status, *due, today());
}

Report FeedbackService::file(const Actor& actor, const NewReport& req, const std::string& ip) {
  accounts::require(actor, Action::file_report, {req.unit_code}, unit_parent_);
  auto k = category(req.category_code);
  if (!k || !k->active) throw Error(ErrorKind::bad_input, "bad_category", "Choose a category");
  std::string description = text::nfc(text::trim(req.description));
  if (description.empty() || char_count(description) > kMaxDescriptionChars)
    throw Error(ErrorKind::bad_input, "bad_description",
                "Describe the problem in at most 4,000 characters");
  auto unit = units_.find(units::kGeneration2025, req.unit_code);
  if (!unit || unit->level != "commune")
    throw Error(ErrorKind::bad_input, "bad_unit", "Choose a commune or ward");
  if (req.lat.has_value() != req.lon.has_value() ||
      (req.lat && (!std::isfinite(*req.lat) || !std::isfinite(*req.lon) || *req.lat < 8 ||
                   *req.lat > 24 || *req.lon < 102 || *req.lon > 110)))
    throw Error(ErrorKind::bad_input, "bad_location", "The place must be in Vietnam");
  std::string address = text::nfc(text::trim(req.address_text));
  if (char_count(address) > 300)
    throw Error(ErrorKind::bad_input, "bad_address", "The address is too long");
  check_attributes(*k, req.attributes);
  if (req.photos.size() > kMaxPhotos)
    throw Error(ErrorKind::bad_input, "too_many_photos", "At most 5 photos");

  std::set<timeutil::Date> holidays;
  {
    std::lock_guard lock(mutex_);
    holidays = holidays_;
  }
  Report r;
  r.category_id = k->id;
  r.category_code = k->code;
  r.description = description;
  r.unit_code = unit->code;
  r.address_text = address;
  // Six decimals is about 10 cm: more is noise from the device, and keeps numbers readable.
  auto six = [](std::optional<double> v) -> std::optional<double> {
    if (!v) return v;
    return std::round(*v * 1e6) / 1e6;
  };
  r.lat = six(req.lat);
  r.lon = six(req.lon);
  r.status = "received";
  r.source = req.source;
  r.reporter_account = actor.account_id;
  r.show_name = req.show_name && actor.account_id != 0;
  r.received_at = now();
  r.deadline_on = timeutil::iso_date(deadline(today(), k->deadline_days, holidays));
  r.public_id = new_public_id();
  // Files first, rows second; if the transaction fails the files go too: nothing half-made.
  std::vector<Photo> photos = save_photos(r.public_id, "report", 0, req.photos);
  try {
    return db_.write([&](db::Connection& c) {
      if (auto agency = store::route(c, k->id, unit->code, unit->parent_code))
        r.agency_id = *agency;
      r.id = store::insert_report(c, r, text::fold(description));
      for (size_t i = 0; i < photos.size(); ++i)
        store::insert_photo(c, r.id, photos[i], static_cast<int>(i));
      for (const auto& [code, value] : req.attributes)
        store::insert_attribute(c, r.id, code, text::nfc(value));
      store::insert_event(c, r.id,
                          {0, r.received_at, "status", "", "received", "", true, actor.account_id});
      if (actor.account_id) store::add_follower(c, r.id, actor.account_id);
      audit::record(c, {.actor_account = actor.account_id,
                        .actor_api_key = actor.api_key_id,
                        .action = "report.filed",
                        .detail = "report=" + r.public_id,
                        .ip = ip});
      return *store::report_by_id(c, r.id);
    });
  } catch (...) {
    remove_files(photos);
    throw;
  }
}

std::optional<Report> FeedbackService::find(const std::string& public_id) const {
  if (public_id.empty() || public_id.size() > 32) return std::nullopt;
  return db_.read([&](db::Connection& c) { return store::report_by_public_id(c, public_id); });
}

void FeedbackService::add_media_url(const Report& report, const std::string& url) {
  if (url.size() > 2000) throw Error(ErrorKind::bad_input, "media_url", "media_url is too long");
  db_.write([&](db::Connection& c) { store::insert_attribute(c, report.id, "media_url", url); });
}

std::vector<Event> FeedbackService::timeline(const Report& report, bool include_internal) const {
  return db_.read([&](db::Connection& c) { return store::events(c, report.id, include_internal); });
}

ReportPage FeedbackService::list(const ReportFilter& filter) const {
  return db_.read([&](db::Connection& c) {
    return ReportPage{store::reports(c, filter), store::count_reports(c, filter)};
  });
}

std::vector<Report> FeedbackService::nearby_open(const std::string& category_code, double lat,
                                                 double lon, double meters) const {
  // A box of the right size first (cheap in SQL), then the true distance.
  ReportFilter f;
  f.category_code = category_code;
  f.statuses = {"received", "assigned", "in_progress", "reopened"};
  f.limit = 500;
  auto candidates = db_.read([&](db::Connection& c) { return store::reports(c, f); });
  std::vector<Report> out;
  constexpr double kEarthRadius = 6371000.0;
  for (auto& r : candidates) {
    if (!r.lat || !r.lon) continue;
    double dlat = (*r.lat - lat) * M_PI / 180, dlon = (*r.lon - lon) * M_PI / 180;
    double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
               std::cos(lat * M_PI / 180) * std::cos(*r.lat * M_PI / 180) * std::sin(dlon / 2) *
                   std::sin(dlon / 2);
    if (2 * kEarthRadius * std::asin(std::sqrt(a)) <= meters) out.push_back(std::move(r));
  }
  return out;
}

std::vector<Notification> FeedbackService::notifications(const Actor& actor) {
  accounts::require(actor, Action::use_own_account, {}, unit_parent_);
  return db_.write([&](db::Connection& c) {
    auto list = store::notifications(c, actor.account_id, 100);
    store::mark_notifications_read(c, actor.account_id);
    return list;
  });
}

size_t FeedbackService::escalate_overdue() {
  return db_.write([&](db::Connection& c) {
    auto overdue = store::overdue_unescalated(c, timeutil::iso_date(today()), 1000);
    for (const auto& r : overdue) {
      std::vector<std::string> units{r.unit_code};
      if (auto u = units_.find(units::kGeneration2025, r.unit_code); u && !u->parent_code.empty())
        units.push_back(u->parent_code);
      auto admins = accounts::role_holders(c, accounts::Role::unit_admin, units);
      for (int64_t admin : admins) store::notify(c, admin, r.id, "notify.report.overdue");
      store::insert_event(
          c, r.id,
          {0, now(), "escalated", r.status, r.status, std::to_string(admins.size()), false, 0});
      store::mark_escalated(c, r.id);
      audit::record(
          c, {.action = "report.escalated", .detail = "report=" + r.public_id, .ip = "system"});
    }
    return overdue.size();
  });
}

ReportFilter FeedbackService::scope_of(const Actor& actor, ReportFilter f) const {
  accounts::require(actor, Action::work_reports, {}, unit_parent_);
  if (accounts::decide(actor, Action::manage_categories, {}, unit_parent_) == Decision::allow)
    return f;  // the province
  for (const auto& s : actor.scopes) {
    if (s.agency_id) f.agency_ids.push_back(*s.agency_id);
    if (s.unit_code.empty()) continue;
    auto unit = units_.find(units::kGeneration2025, s.unit_code);
    if (unit && unit->level == "province")
      for (const auto& c : units_.children(units::kGeneration2025, unit->code))
        f.unit_codes.push_back(c.code);
    else
      f.unit_codes.push_back(s.unit_code);
  }
  if (f.agency_ids.empty() && f.unit_codes.empty())
    f.unit_codes.push_back("-");  // nothing in scope
  return f;
}

ReportPage FeedbackService::inbox(const Actor& actor, ReportFilter extra) const {
  ReportFilter f = scope_of(actor, std::move(extra));
  f.deadline_order = true;
  return list(f);
}

std::string FeedbackService::inbox_csv(const Actor& actor, ReportFilter extra) const {
  ReportFilter f = scope_of(actor, std::move(extra));
  f.deadline_order = true;
  f.limit = 100000;
  f.offset = 0;
  auto agencies = agency_names();
  std::string out =
      csv::format_row({"id", "category", "unit_code", "status", "received_at", "deadline_on",
                       "overdue", "agency", "support_count", "rating", "description"});
  for (const auto& r : list(f).reports) {
    auto agency = agencies.find(r.agency_id);
    out += csv::format_row({r.public_id, r.category_code, r.unit_code, r.status, r.received_at,
                            r.deadline_on, overdue(r) ? "yes" : "no",
                            agency == agencies.end() ? "" : agency->second,
                            std::to_string(r.support_count),
                            r.rating ? std::to_string(*r.rating) : "", r.description});
  }
  return out;
}

std::vector<AgencyPerformance> FeedbackService::performance(const Actor& actor) const {
  ReportFilter f = scope_of(actor, {});
  auto rows = db_.read([&](db::Connection& c) { return store::performance_rows(c, f); });
  auto names = agency_names();
  std::map<int64_t, AgencyPerformance> by_agency;
  std::map<int64_t, double> hours_sum, rating_sum;
  auto vietnam_day = [](const std::string& iso) -> std::optional<timeutil::Date> {
    auto t = timeutil::parse_w3c(iso);
    return t ? std::optional(timeutil::vietnam_date(*t)) : std::nullopt;
  };
  timeutil::Date now_day = today();
  for (const auto& row : rows) {
    auto& p = by_agency[row.agency_id];
    p.agency_id = row.agency_id;
    ++p.received;
    auto due = timeutil::parse_iso_date(row.deadline_on);
    if (is_open(row.status)) {
      ++p.open;
      if (due && is_overdue(row.status, *due, now_day)) ++p.overdue;
    }
    if (row.status == "resolved" && !row.resolved_at.empty()) {
      ++p.resolved;
      auto resolved_day = vietnam_day(row.resolved_at);
      if (resolved_day && due && *resolved_day <= *due) ++p.resolved_on_time;
      auto a = timeutil::parse_w3c(row.received_at), b = timeutil::parse_w3c(row.resolved_at);
      if (a && b)
        hours_sum[row.agency_id] +=
            std::chrono::duration<double, std::ratio<3600>>(*b - *a).count();
    }
    if (row.rating) {
      ++p.rated;
      rating_sum[row.agency_id] += *row.rating;
    }
  }
  std::vector<AgencyPerformance> out;
  for (auto& [id, p] : by_agency) {
    auto name = names.find(id);
    p.agency_name = name == names.end() ? "" : name->second;
    if (p.resolved) p.average_hours_to_resolve = hours_sum[id] / static_cast<double>(p.resolved);
    if (p.rated) p.average_rating = rating_sum[id] / static_cast<double>(p.rated);
    out.push_back(p);
  }
  return out;
}

BulkResult FeedbackService::bulk_assign(const Actor& actor,
                                        const std::vector<std::string>& public_ids,
                                        int64_t agency_id, const std::string& reason,
                                        const std::string& ip) {
  accounts::require(actor, Action::work_reports, {}, unit_parent_);
  if (public_ids.size() > 500)
    throw Error(ErrorKind::bad_input, "too_many", "At most 500 reports at a time");
  BulkResult result;
  for (const auto& id : public_ids) {
    try {
      OfficerAction a;
      a.kind = "assign";
      a.agency_id = agency_id;
      a.text = reason;
      act(actor, id, a, ip);  // each report on its own: one refusal does not undo the others
      ++result.done;
    } catch (const Error& e) {
      result.refused.push_back(id + ": " + e.code);
    }
  }
  return result;
}

json::object FeedbackService::personal_export(db::Connection& c, int64_t account) {
  json::array filed, ratings, follows, supports;
  for (const auto& r : store::reports_by_reporter(c, account)) {
    json::object o{
        {"id", r.public_id},        {"category", r.category_code},  {"description", r.description},
        {"unit_code", r.unit_code}, {"address", r.address_text},    {"show_name", r.show_name},
        {"status", r.status},       {"received_at", r.received_at}, {"answer", r.answer}};
    o["lat"] = r.lat ? json::value(*r.lat) : json::value(nullptr);
    o["lon"] = r.lon ? json::value(*r.lon) : json::value(nullptr);
    json::object attributes;
    for (const auto& [code, value] : r.attributes) attributes[code] = value;
    o["attributes"] = std::move(attributes);
    if (r.rating)
      ratings.push_back(json::object{
          {"report", r.public_id}, {"stars", *r.rating}, {"comment", r.rating_comment}});
    filed.push_back(std::move(o));
  }
  for (auto& id : store::followed_reports(c, account)) follows.push_back(json::string(id));
  for (auto& id : store::supported_reports(c, account)) supports.push_back(json::string(id));
  return json::object{{"reports", std::move(filed)},
                      {"ratings", std::move(ratings)},
                      {"follows", std::move(follows)},
                      {"me_too", std::move(supports)}};
}

bool FeedbackService::may_handle(const Actor& actor, const Report& r) const {
  return accounts::decide(actor, Action::handle_report,
                          {r.unit_code, r.agency_id, r.reporter_account},
                          unit_parent_) == Decision::allow;
}

void FeedbackService::record_change(db::Connection& c, Report& r, const Event& event,
                                    const std::string& message_key) {
  store::update_report(c, r);
  store::insert_event(c, r.id, event);
  if (!event.is_public) return;
  // The reporter and the followers hear of every public change (in-app notifications).
  for (int64_t follower : store::followers(c, r.id))
    if (follower != event.actor_account) store::notify(c, follower, r.id, message_key);
}

Report FeedbackService::act(const Actor& actor, const std::string& public_id,
                            const OfficerAction& a, const std::string& ip) {
  if (a.photos.size() > kMaxPhotos)
    throw Error(ErrorKind::bad_input, "too_many_photos", "At most 5 photos");
  if (!a.photos.empty() && a.kind != "resolve")
    throw Error(ErrorKind::bad_input, "bad_action", "Photos go with an answer");
  if (!a.photos.empty() && !find(public_id))
    throw Error(ErrorKind::not_found, "report_not_found", "No such report");
  std::vector<Photo> photos = save_photos(public_id, "answer", 0, a.photos);
  Report changed;
  try {
    changed = db_.write([&](db::Connection& c) {
      auto found = store::report_by_public_id(c, public_id);
      if (!found) throw Error(ErrorKind::not_found, "report_not_found", "No such report");
      Report r = *found;
      accounts::require(actor, Action::handle_report,
                        {r.unit_code, r.agency_id, r.reporter_account}, unit_parent_);
      std::string text = text::nfc(text::trim(a.text));
      if (char_count(text) > kMaxDescriptionChars)
        throw Error(ErrorKind::bad_input, "bad_text", "The text is too long");
      Event e{0, now(), "status", r.status, "", "", true, actor.account_id};
      if (a.kind == "note") {
        if (text.empty()) throw Error(ErrorKind::bad_input, "text_required", "Write the note");
        e.kind = "note";
        e.is_public = false;
        e.body = text;
        e.to_status = r.status;
      } else {
        std::string to = a.kind == "assign"      ? "assigned"
                         : a.kind == "start"     ? "in_progress"
                         : a.kind == "resolve"   ? "resolved"
                         : a.kind == "reject"    ? "rejected"
                         : a.kind == "duplicate" ? "duplicate"
                                                 : "";
        if (to.empty()) throw Error(ErrorKind::bad_input, "bad_action", "Unknown action");
        if (!officer_may_move(r.status, to))
          throw Error(ErrorKind::conflict, "bad_transition",
                      "A report in state " + r.status + " cannot become " + to);
        e.to_status = to;
        if (a.kind == "assign") {
          auto agency = agencies::find(c, a.agency_id);
          if (!agency) throw Error(ErrorKind::bad_input, "bad_agency", "Unknown agency");
          bool moving = r.agency_id != 0 && r.agency_id != a.agency_id;
          if (moving && text.empty())
            throw Error(ErrorKind::bad_input, "reason_required",
                        "Say why the report goes to another agency");
          e.kind = moving ? "reassigned" : "status";
          e.body = agency->name;  // public: which agency now handles it
          if (moving)
            store::insert_event(
                c, r.id, {0, e.at, "note", r.status, r.status, text, false, actor.account_id});
          r.agency_id = a.agency_id;
        } else if (a.kind == "resolve") {
          if (text.empty())
            throw Error(ErrorKind::bad_input, "answer_required",
                        "Write the answer for the citizen");
          e.kind = "answer";
          e.body = text;
          r.answer = text;
          r.resolved_at = e.at;
          size_t first = r.photos.size();
          for (size_t i = 0; i < photos.size(); ++i)
            store::insert_photo(c, r.id, photos[i], static_cast<int>(first + i));
        } else if (a.kind == "reject") {
          if (text.empty())
            throw Error(ErrorKind::bad_input, "reason_required", "Say why the report is rejected");
          e.body = text;
          std::string suggested = text::nfc(text::trim(a.suggested_agency));
          if (!suggested.empty()) e.body += "\n→ " + suggested;
          r.answer = e.body;
        } else if (a.kind == "duplicate") {
          auto original = store::report_by_public_id(c, a.duplicate_of);
          if (!original || original->id == r.id)
            throw Error(ErrorKind::bad_input, "bad_duplicate", "Name the original report");
          r.duplicate_of = original->id;
          e.body = original->public_id;
        }
        r.status = to;
      }
      record_change(c, r, e, "notify.report." + e.to_status);
      audit::record(c, {.actor_account = actor.account_id,
                        .actor_api_key = actor.api_key_id,
                        .action = "report." + a.kind,
                        .detail = "report=" + r.public_id,
                        .ip = ip});
      return *store::report_by_id(c, r.id);
    });
  } catch (...) {
    remove_files(photos);
    throw;
  }
  if (a.kind != "note")
    text_reporter(changed);  // after the commit: a slow gateway never holds the database
  return changed;
}

void FeedbackService::text_reporter(const Report& r) {
  if (!sms_ || !catalogues_ || !r.reporter_account) return;
  auto phone = db_.read([&](db::Connection& c) {
    return accounts::phone_if_consented(c, r.reporter_account, "notifications");
  });
  if (phone.empty()) return;
  std::string text = catalogues_->text("vi", "sms.report." + r.status);
  if (auto at = text.find("{id}"); at != std::string::npos) text.replace(at, 4, r.public_id);
  try {
    sms_->send(phone, text);
  } catch (const std::exception& e) {
    spdlog::warn("status text for report {} not sent: {}", r.public_id,
                 e.what());  // the change itself stands
  }
}

Report FeedbackService::reopen(const Actor& actor, const std::string& public_id,
                               const std::string& reason, const std::string& ip) {
  return db_.write([&](db::Connection& c) {
    auto found = store::report_by_public_id(c, public_id);
    if (!found) throw Error(ErrorKind::not_found, "report_not_found", "No such report");
    Report r = *found;
    accounts::require(actor, Action::act_as_reporter,
                      {r.unit_code, r.agency_id, r.reporter_account}, unit_parent_);
    // resolved_at is UTC; the 7 days count in Vietnam's calendar.
    timeutil::Date resolved_on{};
    if (auto at = timeutil::parse_w3c(r.resolved_at)) resolved_on = timeutil::vietnam_date(*at);
    if (!may_reopen(r.status, resolved_on, today()))
      throw Error(ErrorKind::conflict, "cannot_reopen",
                  "Only a report resolved in the last 7 days can be reopened");
    Event e{0,    now(),           "status", r.status, "reopened", text::nfc(text::trim(reason)),
            true, actor.account_id};
    r.status = "reopened";
    r.resolved_at.clear();
    record_change(c, r, e, "notify.report.reopened");
    audit::record(c, {.actor_account = actor.account_id,
                      .action = "report.reopen",
                      .detail = "report=" + r.public_id,
                      .ip = ip});
    return *store::report_by_id(c, r.id);
  });
}

Report FeedbackService::rate(const Actor& actor, const std::string& public_id, int64_t stars,
                             const std::string& comment, const std::string& ip) {
  if (stars < 1 || stars > 5) throw Error(ErrorKind::bad_input, "bad_rating", "Give 1 to 5 stars");
  std::string text = text::nfc(text::trim(comment));
  if (char_count(text) > 1000)
    throw Error(ErrorKind::bad_input, "bad_text", "The comment is too long");
  return db_.write([&](db::Connection& c) {
    auto found = store::report_by_public_id(c, public_id);
    if (!found) throw Error(ErrorKind::not_found, "report_not_found", "No such report");
    Report r = *found;
    accounts::require(actor, Action::act_as_reporter,
                      {r.unit_code, r.agency_id, r.reporter_account}, unit_parent_);
    if (r.status != "resolved")
      throw Error(ErrorKind::conflict, "cannot_rate", "Only a resolved report can be rated");
    r.rating = stars;
    r.rating_comment = text;
    record_change(
        c, r,
        {0, now(), "rating", r.status, r.status, std::to_string(stars), true, actor.account_id},
        "notify.report.rated");
    audit::record(c, {.actor_account = actor.account_id,
                      .action = "report.rate",
                      .detail = "report=" + r.public_id,
                      .ip = ip});
    return *store::report_by_id(c, r.id);
  });
}

Report FeedbackService::support(const Actor& actor, const std::string& public_id) {
  if (!actor.signed_in())
    throw Error(ErrorKind::unauthenticated, "sign_in_required", "Sign in first");
  return db_.write([&](db::Connection& c) {
    auto found = store::report_by_public_id(c, public_id);
    if (!found) throw Error(ErrorKind::not_found, "report_not_found", "No such report");
    Report r = *found;
    if (!is_open(r.status))
      throw Error(ErrorKind::conflict, "report_closed", "This report is already closed");
    if (r.reporter_account != actor.account_id && store::add_supporter(c, r.id, actor.account_id)) {
      ++r.support_count;
      store::update_report(c, r);
      store::add_follower(c, r.id, actor.account_id);
    }
    return *store::report_by_id(c, r.id);
  });
}

void FeedbackService::follow(const Actor& actor, const std::string& public_id) {
  if (!actor.signed_in())
    throw Error(ErrorKind::unauthenticated, "sign_in_required", "Sign in first");
  db_.write([&](db::Connection& c) {
    auto r = store::report_by_public_id(c, public_id);
    if (!r) throw Error(ErrorKind::not_found, "report_not_found", "No such report");
    store::add_follower(c, r->id, actor.account_id);
  });
}

}  // namespace cds::feedback
