// Field reports (phản ánh hiện trường): what a citizen files, where it goes, and the states
// it passes through until it is answered and rated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cds::feedback {

struct Choice {
  std::string key, label_vi, label_en;
};

// Choices as the data files and the database write them: "key=Nhãn|Label;key2=…".
std::vector<Choice> parse_choices(const std::string& text);
std::string format_choices(const std::vector<Choice>& choices);

struct Question {
  std::string code, label_vi, label_en;
  std::string kind;  // text | number | date | single | multi
  bool required = false;
  std::vector<Choice> choices;
};

struct Category {
  int64_t id = 0;
  std::string code;  // Open311 service_code
  std::string name_vi, name_en, group_vi, group_en, description_vi, description_en;
  int deadline_days = 5;
  bool active = true;
  std::vector<Question> questions;
};

struct Event {
  int64_t id = 0;
  std::string at, kind, from_status, to_status, body;
  bool is_public = true;
  int64_t actor_account = 0;
};

struct AnswerTemplate {
  int64_t id = 0;
  std::string category_code;  // "" for every category
  std::string title, body;
};

struct Photo {
  std::string kind;  // report | answer
  std::string path, thumb_path;
  int width = 0, height = 0;
};

struct Report {
  int64_t id = 0;
  std::string public_id;
  int64_t category_id = 0;
  std::string category_code;
  std::string description, unit_code, address_text, status, source;
  std::optional<double> lat, lon;
  int64_t agency_id = 0;
  int64_t reporter_account = 0;
  bool show_name = false;
  std::string reporter_name;  // filled only when the reporter chose to be named
  int support_count = 0;
  std::string received_at, deadline_on, resolved_at, updated_at, answer;
  int64_t duplicate_of = 0;
  std::optional<int> rating;
  std::string rating_comment;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<Photo> photos;
};

// A report that came with only a pin outside every loaded boundary: it waits in the province's
// triage queue, without a deadline, until an officer places it in a commune.
inline bool awaiting_place(const Report& r) { return r.deadline_on.empty(); }

// The reference a person reads out over the phone: "PA-" and at least six digits, one per
// report ("PA-000123"). The public id stays the report's address.
inline std::string report_reference(int64_t id) {
  std::string digits = std::to_string(id);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return "PA-" + digits;
}
// The report number in a reference as people may type it ("PA-000123", "pa 123", "000123").
std::optional<int64_t> parse_report_reference(std::string_view text);

// Photos a report (or an answer) takes at most.
inline constexpr size_t kMaxPhotos = 5;

struct ReportFilter {
  std::string unit_code, category_code, status, query_folded;  // empty = any
  std::vector<std::string> statuses;                           // any of these (Open311 open/closed)
  std::string received_from, received_to;                      // ISO UTC bounds
  std::string updated_after, updated_before;
  std::vector<std::string> public_ids;
  int64_t agency_id = 0;
  std::vector<int64_t> agency_ids;  // with unit_codes: reports of any of these agencies or units
  std::vector<std::string> unit_codes;       // any of these (an officer's units)
  bool deadline_order = false;               // inbox: open first by deadline
  std::string deadline_before, deadline_on;  // yyyy-mm-dd; reports with a deadline only
  std::string after;  // keyset pagination: the public id of the last report of the page before
  size_t limit = 50, offset = 0;
  bool operator==(const ReportFilter&) const = default;
};

// The cache scopes (core/cache.h) that reports' representations depend on. Every write below
// touches the ones it changes.
inline constexpr const char* kAllReportsScope = "reports";
inline constexpr const char* kCategoriesScope = "feedback:categories";
inline constexpr const char* kHolidaysScope = "feedback:holidays";
inline constexpr const char* kRoutingScope = "feedback:routing";
inline std::string report_scope(int64_t id) { return "report:" + std::to_string(id); }
inline std::string unit_scope(const std::string& code) { return "unit:" + code; }

// A routing rule: reports of a category (or any) in a unit go to an agency.
struct RoutingRule {
  int64_t id = 0;
  std::string category_code;  // "" for every category
  std::string unit_code;
  int64_t agency_id = 0;
  bool agency_active = true;  // a rule to a deactivated agency routes nothing
};
}  // namespace cds::feedback
