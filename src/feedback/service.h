// Field reports end to end: the categories and routing a province configures, filing a
// report (by a signed-in citizen, or through Open311 by a machine client), the officers'
// workflow against the deadline, the reporter's reopening and rating, following, and the
// public record that never shows who reported unless they chose to be named.
#pragma once

#include <boost/json/object.hpp>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "accounts/authz.h"
#include "agencies/service.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/connection.h"
#include "feedback/model.h"
#include "media/images.h"
#include "notify/sms.h"
#include "units/model.h"

namespace cds::units {
class UnitService;
}

namespace cds::feedback {

struct NewReport {
  std::string category_code, description, unit_code, address_text;
  std::optional<double> lat, lon;
  bool show_name = false;
  std::vector<std::pair<std::string, std::string>> attributes;  // question code → value
  std::string source = "web";                                   // web | api | open311
  std::vector<media::ProcessedImage> photos;  // already checked and re-encoded, at most 5
};

// What an officer does to a report.
struct OfficerAction {
  std::string kind;       // assign | start | resolve | reject | duplicate | note | place
  int64_t agency_id = 0;  // assign: the agency taking it (reassignment needs a reason)
  std::string text;       // resolve: the public answer; reject: the reason; note: internal text
  std::string suggested_agency;               // reject: who is responsible instead
  std::string duplicate_of;                   // duplicate: the original's public id
  std::string unit_code;                      // place: the commune a triaged report goes to
  std::vector<media::ProcessedImage> photos;  // resolve: photos of the work done
};

struct ReportPage {
  std::vector<Report> reports;
  int64_t total = 0;
};

struct AgencyPerformance {
  int64_t agency_id = 0;  // 0: not yet routed to an agency
  std::string agency_name;
  int64_t received = 0, open = 0, overdue = 0, resolved = 0, resolved_on_time = 0, rated = 0;
  double average_hours_to_resolve = 0, average_rating = 0;
};

// What waits for an officer within their scope (the tile on their landing page).
struct Workload {
  int64_t open = 0, overdue = 0, due_today = 0;
};

struct BulkResult {
  int64_t done = 0;
  std::vector<std::string> refused;  // "id: reason"
};

class FeedbackService {
 public:
  // province_code: the 2025 province whose triage queue takes reports placed nowhere else.
  FeedbackService(db::Database& db, const units::UnitService& units,
                  accounts::UnitParent unit_parent, std::filesystem::path uploads_dir,
                  std::string province_code);
  static constexpr size_t kMaxPhotos = 5;
  const std::filesystem::path& uploads_dir() const { return uploads_dir_; }
  // The jurisdiction_id Open311 clients send (serve --open311-jurisdiction).
  const std::string& open311_jurisdiction() const { return jurisdiction_; }
  void set_open311_jurisdiction(std::string id) { jurisdiction_ = std::move(id); }

  // What a person's data export holds from field reports: the reports they filed (with the
  // answers and their ratings), the reports they follow and those they said "me too" to.
  static boost::json::object personal_export(db::Connection& c, int64_t account);

  // Loads the default categories, questions and holidays from data/feedback when the database
  // has none: a starting point the province's administrators then edit.
  void seed_defaults(const std::filesystem::path& feedback_dir);

  // With serve --demo: agencies, routing rules and a handful of reports of Lào Cai / Yên Bái
  // from data/demo, only into a database that has no agencies and no reports yet. The
  // reports have no author: no personal data is invented.
  void load_demo(const std::filesystem::path& demo_dir);

  std::vector<Category> categories() const;
  std::optional<Category> category(const std::string& code) const;
  // Routing rules: a category (or all, when empty) in a unit goes to an agency.
  void add_routing_rule(const accounts::Actor& actor, const std::string& category_code,
                        const std::string& unit_code, int64_t agency_id, const std::string& ip);

  // ---- administrators: categories, questions, holidays, routing (all data, no code) ----
  // Adds the category, or updates it when its code exists.
  void save_category(const accounts::Actor& actor, const Category& category, const std::string& ip);
  void add_question(const accounts::Actor& actor, const std::string& category_code,
                    const Question& question, const std::string& ip);
  void add_holiday(const accounts::Actor& actor, const std::string& day, const std::string& name,
                   const std::string& ip);
  void remove_holiday(const accounts::Actor& actor, const std::string& day, const std::string& ip);
  std::vector<std::pair<std::string, std::string>> holiday_list() const;
  std::vector<RoutingRule> routing_rules() const;
  AnswerTemplate add_answer_template(const accounts::Actor& actor, const std::string& category_code,
                                     const std::string& title, const std::string& body,
                                     const std::string& ip);
  std::vector<AnswerTemplate> all_answer_templates() const;
  // Templates for a category (and those for every category).
  std::vector<AnswerTemplate> answer_templates(const std::string& category_code) const;
  void remove_routing_rule(const accounts::Actor& actor, int64_t id, const std::string& ip);

  // The place is the commune named; without one, the commune whose boundary holds the pin;
  // with a pin outside every loaded boundary, the province's triage queue.
  Report file(const accounts::Actor& actor, const NewReport& request, const std::string& ip);
  std::optional<Report> find(const std::string& public_id) const;
  // By the reference read out over the phone ("PA-000123").
  std::optional<Report> find_by_reference(std::string_view reference) const;
  // A link to a photo hosted elsewhere (Open311 media_url), kept with the report.
  void add_media_url(const Report& report, const std::string& url);
  std::vector<Event> timeline(const Report& report, bool include_internal) const;
  ReportPage list(const ReportFilter& filter) const;
  // Open reports of the same category within `meters` of a point, for "me too" before filing.
  std::vector<Report> nearby_open(const std::string& category_code, double lat, double lon,
                                  double meters) const;

  Report act(const accounts::Actor& actor, const std::string& public_id,
             const OfficerAction& action, const std::string& ip);
  Report reopen(const accounts::Actor& actor, const std::string& public_id,
                const std::string& reason, const std::string& ip);
  Report rate(const accounts::Actor& actor, const std::string& public_id, int64_t stars,
              const std::string& comment, const std::string& ip);
  Report support(const accounts::Actor& actor, const std::string& public_id, const std::string& ip);
  void follow(const accounts::Actor& actor, const std::string& public_id, const std::string& ip);
  void unfollow(const accounts::Actor& actor, const std::string& public_id, const std::string& ip);
  // Whether this person follows the report and said "me too" to it (false, false for anyone
  // not signed in).
  std::pair<bool, bool> following_and_support(const accounts::Actor& actor, const Report& r) const;
  // "Phản ánh của tôi": what this person filed, and what they follow, newest first.
  struct MyReports {
    std::vector<Report> filed, followed;
  };
  MyReports my_reports(const accounts::Actor& actor) const;

  // Status changes are also texted to reporters who consented to notifications.
  void set_text_messages(notify::SmsSender& sms, const i18n::Catalogues& catalogues) {
    sms_ = &sms;
    catalogues_ = &catalogues;
  }

  // Open reports past their deadline go, once, to the unit administrators of their commune
  // and province (an in-app notice and an internal timeline entry). Returns how many.
  size_t escalate_overdue();

  // ---- the officers' console ----
  // The reports this officer works on (their agencies' or their units'), open ones first by
  // deadline; extra narrows it (status, category, unit).
  ReportPage inbox(const accounts::Actor& actor, ReportFilter extra) const;
  std::string inbox_csv(const accounts::Actor& actor, ReportFilter extra) const;
  Workload workload(const accounts::Actor& actor) const;
  std::vector<AgencyPerformance> performance(const accounts::Actor& actor) const;
  BulkResult bulk_assign(const accounts::Actor& actor, const std::vector<std::string>& public_ids,
                         int64_t agency_id, const std::string& reason, const std::string& ip);

  // May this actor handle (answer, reassign, see internal notes of) this report?
  bool may_handle(const accounts::Actor& actor, const Report& report) const;

  // Agency names by id, for showing who handles a report (kept in memory, reloaded on change).
  std::shared_ptr<const std::map<int64_t, std::string>> agency_names() const;
  // The agencies in service, which the forms offer for assignment and routing.
  std::shared_ptr<const std::map<int64_t, std::string>> active_agencies() const;

  timeutil::Date today() const;
  // The due date of something received today: that many working days later, skipping
  // weekends and the province's holidays (yyyy-mm-dd).
  std::string deadline_from_today(int working_days) const;
  bool overdue(const Report& report) const;
  // The agency a report of this category in this commune goes to (routing rules in memory).
  std::optional<int64_t> route(const std::string& category_code, const std::string& unit_code,
                               const std::string& province_code) const;

 private:
  // Categories, holidays and routing rules are kept in memory and reloaded once a change to them
  // commits (in any process: see core/cache.h).
  void refresh_reference_data() const;
  // Where a new report goes (see file()); throws bad_unit / bad_location.
  units::Unit place_of(const NewReport& request) const;
  void text_reporter(const Report& report);
  // The part of the reports this actor may work on, as a filter.
  ReportFilter scope_of(const accounts::Actor& actor, ReportFilter extra) const;
  void record_change(db::Connection& c, Report& report, const Event& event,
                     const std::string& message_key);
  // Writes the photos' files; the caller records them in its transaction and removes the
  // files again if that transaction fails.
  std::vector<Photo> save_photos(const std::string& public_id, const std::string& kind,
                                 size_t first_position,
                                 const std::vector<media::ProcessedImage>& images);
  void remove_files(const std::vector<Photo>& photos);

  db::Database& db_;
  const units::UnitService& units_;
  accounts::UnitParent unit_parent_;
  std::filesystem::path uploads_dir_;
  std::string province_code_;
  std::string jurisdiction_ = "laocai.gov.vn";
  notify::SmsSender* sms_ = nullptr;
  const i18n::Catalogues* catalogues_ = nullptr;
  agencies::NameTable agency_names_;
  mutable std::mutex mutex_;  // guards the reference data below
  mutable uint64_t reference_since_ = 0;
  mutable std::vector<Category> categories_;
  mutable std::map<std::string, size_t, std::less<>> category_index_;
  mutable std::set<timeutil::Date> holidays_;
  mutable std::vector<RoutingRule> routing_;
};

// 10 characters from an unambiguous alphabet: unguessable enough for a public link.
std::string new_public_id();

}  // namespace cds::feedback
