// Field reports (phản ánh hiện trường): what a citizen files, where it goes, and the states
// it passes through until it is answered and rated.
#pragma once

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

}  // namespace cds::feedback
