// Villages' households and notice boards as the module keeps them (plain structs).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cds::community {

// The cache scope of a board (a village's or a commune's): touched by every change to its
// notices, named by the board's cached page.
inline std::string board_scope(const std::string& unit_code) { return "notices:" + unit_code; }

struct Member {
  int64_t id = 0;
  int64_t account_id = 0;  // 0: listed without an account
  std::string name;        // the account's name, or the first name given
  std::optional<int64_t> birth_year;
  bool head = false;
  std::string joined_at;
};

struct Household {
  int64_t id = 0;
  std::string village_code, commune_code, address;
  std::string head_name;  // the head's: their account's name, or as recorded
  std::string invite_code;
  bool confirmed = false;
  std::string confirmed_at, created_at;
  bool dissolved = false;
  std::vector<Member> members;  // current ones, the head first
};

struct HouseholdEvent {
  std::string at, what;
  int64_t account_id = 0;
};

inline constexpr const char* kNormal = "normal";
inline constexpr const char* kImportant = "important";
inline constexpr const char* kPublic = "public";
inline constexpr const char* kResidents = "residents";

// A question a notice asks: its choices (positions from 1), one answer per household or per
// person, until closes_at; results live or after closing.
struct Poll {
  std::string question, per = "household", closes_at, results = "live";
  std::vector<std::string> choices;
  bool closed(const std::string& now_utc) const { return closes_at <= now_utc; }
};

// A file joined to a notice: a photo (re-encoded, with a thumbnail) or a PDF.
struct Attachment {
  int64_t id = 0, notice_id = 0;
  std::string kind;  // image | pdf
  std::string path, thumb, name;
  int64_t bytes = 0;
};

struct Notice {
  int64_t id = 0;
  std::string unit_code, commune_code;  // a village's notice: its code and its commune's
  std::string title, body_md, body_html;
  std::string priority = kNormal, visibility = kPublic;
  bool pinned = false;
  std::string expires_at, ack_due_at;  // UTC ISO, "" for none
  int64_t author_id = 0;
  std::string published_at, updated_at, withdrawn_at;
  // Its text messages (important notices): '' none, pending, sending, done; sent and failed.
  std::string sms_state;
  int64_t sms_sent = 0, sms_failed = 0;
  std::optional<Poll> poll;
  std::vector<Attachment> attachments;
  bool important() const { return priority == kImportant; }
  bool for_residents() const { return visibility == kResidents; }
};

// What residents consent to for a village's important notices by text message.
inline constexpr std::string_view kTextsConsent = "village_texts";

// Who has been reached by a notice, counted by household (never named).
struct Coverage {
  int64_t households = 0;       // in the board's unit, not dissolved
  int64_t read = 0;             // a member opened it (or acknowledged)
  int64_t acknowledged = 0;     // a member said "Gia đình tôi đã biết"
  int64_t visited = 0;          // told in person, not acknowledged
  int64_t unreached = 0;        // neither acknowledged nor visited
  int64_t without_members = 0;  // no member has an account: only a visit reaches them
};

// One door to knock on: a household that neither acknowledged nor was visited.
struct VisitRow {
  int64_t household_id = 0;
  std::string village_code, address, head_name;
  int64_t members = 0;
  bool on_platform = false;  // a member has an account
};

}  // namespace cds::community
