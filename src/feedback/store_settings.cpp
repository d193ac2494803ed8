// SQL for what a province configures for field reports: categories and their questions,
// holidays, ready-made answers and routing rules. Reports themselves are in store.cpp.
#include <tuple>

#include "core/time.h"
#include "feedback/store.h"

namespace cds::feedback::store {

using db::Value;

int64_t count(db::Connection& c, const std::string& table) {
  return c.query("SELECT COUNT(*) FROM " + table).rows.at(0).integer(0);
}

int64_t insert_category(db::Connection& c, const Category& k, int position) {
  c.touch(kCategoriesScope);
  return c
      .query(
          "INSERT INTO categories (code, name_vi, name_en, group_vi, group_en, description_vi, "
          "description_en, "
          "deadline_days, active, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
          "RETURNING id",
          {k.code, k.name_vi, k.name_en, k.group_vi, k.group_en, k.description_vi, k.description_en,
           int64_t{k.deadline_days}, int64_t{k.active ? 1 : 0}, int64_t{position}})
      .rows.at(0)
      .integer(0);
}

void insert_question(db::Connection& c, int64_t category_id, const Question& q, int position) {
  c.touch(kCategoriesScope);
  c.query(
      "INSERT INTO category_questions (category_id, code, label_vi, label_en, kind, required, "
      "choices, position) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {category_id, q.code, q.label_vi, q.label_en, q.kind, int64_t{q.required ? 1 : 0},
       format_choices(q.choices), int64_t{position}});
}

std::vector<Category> categories(db::Connection& c) {
  std::vector<Category> out;
  for (const auto& r :
       c.query("SELECT id, code, name_vi, name_en, group_vi, group_en, description_vi, "
               "description_en, deadline_days, active FROM categories ORDER BY position, id")
           .rows) {
    Category k;
    k.id = r.integer(0);
    k.code = r.text(1);
    k.name_vi = r.text(2);
    k.name_en = r.text(3);
    k.group_vi = r.text(4);
    k.group_en = r.text(5);
    k.description_vi = r.text(6);
    k.description_en = r.text(7);
    k.deadline_days = static_cast<int>(r.integer(8));
    k.active = r.integer(9) != 0;
    out.push_back(std::move(k));
  }
  for (const auto& r :
       c.query("SELECT category_id, code, label_vi, label_en, kind, required, choices "
               "FROM category_questions ORDER BY position, id")
           .rows) {
    for (auto& k : out)
      if (k.id == r.integer(0))
        k.questions.push_back({r.text(1), r.text(2), r.text(3), r.text(4), r.integer(5) != 0,
                               parse_choices(r.text(6))});
  }
  return out;
}

void insert_holiday(db::Connection& c, const std::string& day, const std::string& name) {
  c.touch(kHolidaysScope);
  c.query("INSERT INTO holidays (day, name) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING",
          {day, name});
}

std::set<timeutil::Date> holidays(db::Connection& c) {
  std::set<timeutil::Date> out;
  for (const auto& r : c.query("SELECT day FROM holidays").rows)
    if (auto d = timeutil::parse_iso_date(r.text(0))) out.insert(*d);
  return out;
}

void update_category(db::Connection& c, const Category& k) {
  c.touch(kCategoriesScope);
  c.query(
      "UPDATE categories SET name_vi = $2, name_en = $3, group_vi = $4, group_en = $5, "
      "description_vi = $6, "
      "description_en = $7, deadline_days = $8, active = $9 WHERE code = $1",
      {k.code, k.name_vi, k.name_en, k.group_vi, k.group_en, k.description_vi, k.description_en,
       int64_t{k.deadline_days}, int64_t{k.active ? 1 : 0}});
}

void delete_holiday(db::Connection& c, const std::string& day) {
  c.touch(kHolidaysScope);
  c.query("DELETE FROM holidays WHERE day = $1", {day});
}

std::vector<std::pair<std::string, std::string>> holiday_list(db::Connection& c) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : c.query("SELECT day, name FROM holidays ORDER BY day").rows)
    out.emplace_back(r.text(0), r.text(1));
  return out;
}

int64_t insert_answer_template(db::Connection& c, std::optional<int64_t> category_id,
                               const std::string& title, const std::string& body) {
  return c
      .query(
          "INSERT INTO answer_templates (category_id, title, body, created_at) VALUES ($1, $2, $3, "
          "$4) RETURNING id",
          {category_id ? Value(*category_id) : db::null(), title, body,
           timeutil::iso_utc(timeutil::Clock::now())})
      .rows.at(0)
      .integer(0);
}

std::vector<AnswerTemplate> answer_templates(db::Connection& c) {
  std::vector<AnswerTemplate> out;
  for (const auto& r :
       c.query("SELECT t.id, k.code, t.title, t.body FROM answer_templates t "
               "LEFT JOIN categories k ON k.id = t.category_id ORDER BY t.title, t.id")
           .rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3)});
  return out;
}

std::vector<RoutingRule> routing_rules(db::Connection& c) {
  std::vector<RoutingRule> out;
  for (const auto& r :
       c.query("SELECT g.id, k.code, g.unit_code, g.agency_id, a.active FROM routing_rules g "
               "LEFT JOIN categories k ON k.id = g.category_id "
               "JOIN agencies a ON a.id = g.agency_id ORDER BY g.unit_code, k.code, g.id")
           .rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.integer(3), r.integer(4) != 0});
  return out;
}

bool delete_rule(db::Connection& c, int64_t id) {
  c.touch(kRoutingScope);
  return c.query("DELETE FROM routing_rules WHERE id = $1", {id}).affected > 0;
}

void insert_rule(db::Connection& c, std::optional<int64_t> category_id,
                 const std::string& unit_code, int64_t agency) {
  c.touch(kRoutingScope);
  c.query("INSERT INTO routing_rules (category_id, unit_code, agency_id) VALUES ($1, $2, $3)",
          {category_id ? Value(*category_id) : db::null(), unit_code, agency});
}

std::optional<int64_t> pick_route(const std::vector<RoutingRule>& rules,
                                  const std::string& category_code, const std::string& unit_code,
                                  const std::string& province_code) {
  const RoutingRule* best = nullptr;
  auto rank = [&](const RoutingRule& g) {
    return std::tuple(g.category_code.empty() ? 1 : 0, g.unit_code == unit_code ? 0 : 1, g.id);
  };
  for (const auto& g : rules) {
    if (!g.agency_active) continue;
    if (!g.category_code.empty() && g.category_code != category_code) continue;
    if (g.unit_code != unit_code && g.unit_code != province_code) continue;
    if (!best || rank(g) < rank(*best)) best = &g;
  }
  if (!best) return std::nullopt;
  return best->agency_id;
}

}  // namespace cds::feedback::store
