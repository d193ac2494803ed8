// Settings as data: categories and their questions, routing rules, holidays, answer templates; each
// change authorised and audited.

#include "feedback/settings.h"

#include <algorithm>
#include <tuple>

#include "accounts/audit.h"
#include "accounts/service.h"
#include "agencies/service.h"
#include "audit/service.h"
#include "core/cache.h"
#include "core/error.h"
#include "core/text.h"
#include "feedback/internal.h"
#include "feedback/permissions.h"
#include "feedback/store.h"
#include "feedback/workflow.h"
#include "units/service.h"

namespace cds::feedback {
using accounts::Actor;

Settings::Settings(db::Database& db, const units::UnitService& units,
                   accounts::UnitParent unit_parent)
    : db_(db), units_(units), unit_parent_(std::move(unit_parent)), agency_names_(db) {}

std::vector<Category> Settings::categories() const {
  refresh();
  std::lock_guard lock(mutex_);
  return categories_;
}

std::optional<Category> Settings::category(const std::string& code) const {
  refresh();
  std::lock_guard lock(mutex_);
  auto it = category_index_.find(code);
  if (it == category_index_.end()) return std::nullopt;
  return categories_[it->second];
}

std::optional<int64_t> Settings::route(const std::string& category_code,
                                       const std::string& unit_code,
                                       const std::string& province_code) const {
  refresh();
  std::lock_guard lock(mutex_);
  return store::pick_route(routing_, category_code, unit_code, province_code);
}

std::shared_ptr<const std::map<int64_t, std::string>> Settings::agency_names() const {
  return agency_names_.get();
}

std::shared_ptr<const std::map<int64_t, std::string>> Settings::active_agencies() const {
  return agency_names_.active();
}

std::string Settings::deadline_from_today(int working_days) const {
  return timeutil::iso_date(deadline(today(), working_days, holidays()));
}

timeutil::Date Settings::today() const { return timeutil::vietnam_date(timeutil::Clock::now()); }

bool Settings::overdue(const Report& r) const {
  auto due = timeutil::parse_iso_date(r.deadline_on);  // none while awaiting its commune
  return due && is_overdue(r.status, *due, today());
}

std::set<timeutil::Date> Settings::holidays() const {
  refresh();
  std::lock_guard lock(mutex_);
  return holidays_;
}

void Settings::refresh() const {
  static const std::vector<uint32_t> slots = {
      cache::Versions::slot(kCategoriesScope), cache::Versions::slot(kHolidaysScope),
      cache::Versions::slot(kRoutingScope), cache::Versions::slot(agencies::kScope)};
  {
    std::lock_guard lock(mutex_);
    if (since_ && cache::versions().current(since_, slots)) return;
  }
  uint64_t since = cache::versions().now();
  auto [cats, days, rules] = db_.read([](db::Connection& c) {
    return std::tuple(store::categories(c), store::holidays(c), store::routing_rules(c));
  });
  std::lock_guard lock(mutex_);
  categories_ = std::move(cats);
  holidays_ = std::move(days);
  routing_ = std::move(rules);
  category_index_.clear();
  for (size_t n = 0; n < categories_.size(); ++n) category_index_[categories_[n].code] = n;
  since_ = since;
}

void Settings::add_routing_rule(const Actor& actor, const std::string& category_code,
                                const std::string& unit_code, int64_t agency_id,
                                const std::string& ip) {
  accounts::require(actor, actions::manage_categories, {unit_code}, unit_parent_);
  std::optional<int64_t> category_id;
  if (!category_code.empty()) {
    auto k = category(category_code);
    if (!k) throw Error(ErrorKind::bad_input, "bad_category", "Unknown category");
    category_id = k->id;
  }
  if (!units_.find(units::kGeneration2025, unit_code))
    throw Error(ErrorKind::bad_input, "bad_unit", "Unknown unit");
  db_.write([&](db::Connection& c) {
    auto agency = agencies::find(c, agency_id);
    if (!agency || !agency->active)
      throw Error(ErrorKind::bad_input, "bad_agency", "Unknown agency");
    store::insert_rule(c, category_id, unit_code, agency_id);
    accounts::record_by(c, actor,
                        {.action = "routing.added",
                         .detail = (category_code.empty() ? "*" : category_code) + " " + unit_code +
                                   " -> " + std::to_string(agency_id),
                         .ip = ip,
                         .unit_code = unit_code});
  });
}

void Settings::save_category(const Actor& actor, const Category& given, const std::string& ip) {
  accounts::require(actor, actions::manage_categories, {}, unit_parent_);
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
    accounts::record_by(c, actor,
                        {.action = exists ? "category.updated" : "category.created",
                         .detail = "category=" + k.code,
                         .ip = ip});
  });
}

void Settings::add_question(const Actor& actor, const std::string& category_code,
                            const Question& given, const std::string& ip) {
  accounts::require(actor, actions::manage_categories, {}, unit_parent_);
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
    accounts::record_by(c, actor,
                        {.action = "category.question_added",
                         .detail = "category=" + k->code + " question=" + q.code,
                         .ip = ip});
  });
}

void Settings::add_holiday(const Actor& actor, const std::string& day, const std::string& name,
                           const std::string& ip) {
  accounts::require(actor, actions::manage_categories, {}, unit_parent_);
  if (!timeutil::parse_iso_date(day))
    throw Error(ErrorKind::bad_input, "bad_date", "Write the day as yyyy-mm-dd");
  std::string clean = text::nfc(text::trim(name));
  if (clean.empty() || char_count(clean) > 100)
    throw Error(ErrorKind::bad_input, "bad_name", "Name the holiday");
  db_.write([&](db::Connection& c) {
    store::insert_holiday(c, day, clean);
    accounts::record_by(c, actor, {.action = "holiday.added", .detail = day, .ip = ip});
  });
}

void Settings::remove_holiday(const Actor& actor, const std::string& day, const std::string& ip) {
  accounts::require(actor, actions::manage_categories, {}, unit_parent_);
  db_.write([&](db::Connection& c) {
    store::delete_holiday(c, day);
    accounts::record_by(c, actor, {.action = "holiday.removed", .detail = day, .ip = ip});
  });
}

std::vector<std::pair<std::string, std::string>> Settings::holiday_list() const {
  return db_.read([](db::Connection& c) { return store::holiday_list(c); });
}

AnswerTemplate Settings::add_answer_template(const Actor& actor, const std::string& category_code,
                                             const std::string& title, const std::string& body,
                                             const std::string& ip) {
  accounts::require(actor, actions::manage_categories, {}, unit_parent_);
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
    accounts::record_by(c, actor,
                        {.action = "answer_template.added",
                         .detail = "template=" + std::to_string(t.id),
                         .ip = ip});
  });
  return t;
}

std::vector<AnswerTemplate> Settings::all_answer_templates() const {
  return db_.read([](db::Connection& c) { return store::answer_templates(c); });
}

std::vector<AnswerTemplate> Settings::answer_templates(const std::string& category_code) const {
  auto all = db_.read([](db::Connection& c) { return store::answer_templates(c); });
  std::erase_if(all, [&](const AnswerTemplate& t) {
    return !t.category_code.empty() && t.category_code != category_code;
  });
  return all;
}

std::vector<store::RoutingRule> Settings::routing_rules() const {
  return db_.read([](db::Connection& c) { return store::routing_rules(c); });
}

void Settings::remove_routing_rule(const Actor& actor, int64_t id, const std::string& ip) {
  accounts::require(actor, actions::manage_categories, {}, unit_parent_);
  db_.write([&](db::Connection& c) {
    if (!store::delete_rule(c, id)) throw Error(ErrorKind::not_found, "not_found", "No such rule");
    accounts::record_by(c, actor,
                        {.action = "routing.removed", .detail = std::to_string(id), .ip = ip});
  });
}

}  // namespace cds::feedback
