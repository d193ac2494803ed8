// The province's settings for field reports, as data its administrators edit: categories and
// their questions, routing rules (which agency a category in a unit goes to), holidays and the
// deadlines they make, answer templates. Kept in memory and reloaded once a change commits
// (in any process: core/cache.h); each change authorised and audited.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "accounts/authz.h"
#include "agencies/service.h"
#include "core/time.h"
#include "db/connection.h"
#include "feedback/model.h"

namespace cds::units {
class UnitService;
}

namespace cds::feedback {

class Settings {
 public:
  Settings(db::Database& db, const units::UnitService& units, accounts::UnitParent unit_parent);

  // Loads the default categories, questions and holidays from data/feedback when the database
  // has none: a starting point the province's administrators then edit.
  void seed_defaults(const std::filesystem::path& feedback_dir);

  std::vector<Category> categories() const;
  std::optional<Category> category(const std::string& code) const;
  // Adds the category, or updates it when its code exists.
  void save_category(const accounts::Actor& actor, const Category& category, const std::string& ip);
  void add_question(const accounts::Actor& actor, const std::string& category_code,
                    const Question& question, const std::string& ip);

  // Routing rules: a category (or all, when empty) in a unit goes to an agency.
  void add_routing_rule(const accounts::Actor& actor, const std::string& category_code,
                        const std::string& unit_code, int64_t agency_id, const std::string& ip);
  void remove_routing_rule(const accounts::Actor& actor, int64_t id, const std::string& ip);
  std::vector<RoutingRule> routing_rules() const;
  // The agency a report of this category in this commune goes to (routing rules in memory).
  std::optional<int64_t> route(const std::string& category_code, const std::string& unit_code,
                               const std::string& province_code) const;
  // Agency names by id, for showing who handles a report (kept in memory, reloaded on change).
  std::shared_ptr<const std::map<int64_t, std::string>> agency_names() const;
  // The agencies in service, which the forms offer for assignment and routing.
  std::shared_ptr<const std::map<int64_t, std::string>> active_agencies() const;

  void add_holiday(const accounts::Actor& actor, const std::string& day, const std::string& name,
                   const std::string& ip);
  void remove_holiday(const accounts::Actor& actor, const std::string& day, const std::string& ip);
  std::vector<std::pair<std::string, std::string>> holiday_list() const;
  std::set<timeutil::Date> holidays() const;
  timeutil::Date today() const;
  // The due date of something received today: that many working days later, skipping
  // weekends and the province's holidays (yyyy-mm-dd).
  std::string deadline_from_today(int working_days) const;
  bool overdue(const Report& report) const;

  AnswerTemplate add_answer_template(const accounts::Actor& actor, const std::string& category_code,
                                     const std::string& title, const std::string& body,
                                     const std::string& ip);
  std::vector<AnswerTemplate> all_answer_templates() const;
  // Templates for a category (and those for every category).
  std::vector<AnswerTemplate> answer_templates(const std::string& category_code) const;

 private:
  void refresh() const;

  db::Database& db_;
  const units::UnitService& units_;
  accounts::UnitParent unit_parent_;
  agencies::NameTable agency_names_;
  mutable std::mutex mutex_;  // guards the reference data below
  mutable uint64_t since_ = 0;
  mutable std::vector<Category> categories_;
  mutable std::map<std::string, size_t, std::less<>> category_index_;
  mutable std::set<timeutil::Date> holidays_;
  mutable std::vector<RoutingRule> routing_;
};

}  // namespace cds::feedback
