// The community module's public face: households (who lives together, in which village) and
// the notice boards of villages and communes, with what reached each household. Built together
// by the module; every change and every officer's read writes its audit entry in the same
// transaction.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "accounts/authz.h"
#include "community/model.h"
#include "db/connection.h"

namespace cds::units {
class UnitService;
struct Village;
struct Unit;
}  // namespace cds::units

namespace cds::notify {
class SmsSender;
}
namespace cds::i18n {
class Catalogues;
}

namespace cds::community {

using accounts::Actor;

struct HouseholdInput {
  std::string village_code, address;
};
// Someone listed without an account: first name and birth year only.
struct ListedMember {
  std::string first_name, birth_year;
};

class Households {
 public:
  Households(db::Database& db, const units::UnitService& units, accounts::UnitParent unit_parent);

  // ---- one's own ----
  std::optional<Household> mine(const Actor& actor) const;
  // Creates a household in a village and makes its creator the head; their home becomes the
  // village. 409 already_in_household when they belong to one.
  Household create(const Actor& actor, const HouseholdInput& input, const std::string& ip);
  // Joins the household whose invite code this is (case and spaces aside).
  Household join(const Actor& actor, const std::string& invite_code, const std::string& ip);
  void leave(const Actor& actor, const std::string& ip);
  // The head lists someone without an account, or takes a member off the list.
  Household add_member(const Actor& actor, const ListedMember& m, const std::string& ip);
  Household remove_member(const Actor& actor, int64_t member_id, const std::string& ip);
  // The head: the household moved (a new address, maybe another village); every member's
  // home follows; recorded, and confirmed again in a new village.
  Household move(const Actor& actor, const HouseholdInput& input, const std::string& ip);
  std::vector<HouseholdEvent> history(const Actor& actor) const;

  // ---- officers of the village and commune ----
  // A village's (or a commune's) households, with members: an audited read.
  std::vector<Household> in_unit(const Actor& actor, const std::string& unit_code,
                                 const std::string& ip) const;
  Household view(const Actor& actor, int64_t id, const std::string& ip) const;
  Household confirm(const Actor& actor, int64_t id, const std::string& ip);
  // A household recorded in person (nobody in it has an account): its head's name, address,
  // and those listed; confirmed at once.
  Household record(const Actor& actor, const HouseholdInput& input, const std::string& head_name,
                   const std::vector<ListedMember>& members, const std::string& ip);
  // How many households a unit has, and how many wait for confirmation (a tile).
  std::pair<int64_t, int64_t> counts(const std::string& unit_code) const;

 private:
  units::Village village_of(const std::string& village_code) const;
  db::Database& db_;
  const units::UnitService& units_;
  accounts::UnitParent unit_parent_;
};

struct NoticeInput {
  std::string unit_code;  // a village's code or a commune's
  std::string title, body;
  std::string priority, visibility;  // none chosen: refused (a choice with consequences)
  bool pinned = false;
  std::string expires_at, ack_due_at;  // RFC 3339 or the form's local time; "" for none
  // A question (optional): 2 to 8 choices, one answer per "household" or "person" (none
  // chosen: refused), until poll_closes_at, results "live" or "after_close".
  std::string poll_question;
  std::vector<std::string> poll_choices;
  std::string poll_per, poll_closes_at, poll_results;
};

// A notice's question as one reader sees it: the answers for each choice when the results
// may be shown (live, closed, or to its officers), and the reader's own answer.
struct PollView {
  bool closed = false, results_shown = false, may_answer = false;
  std::vector<int64_t> counts;  // empty when not shown
  int64_t total = 0;
  std::optional<int64_t> mine;
};

// What a signed-in reader has done with a notice.
struct ReaderState {
  int64_t household = 0;  // theirs, when it is on the notice's board
  bool read = false, acknowledged = false;
};

class Notices {
 public:
  static constexpr size_t kBoardSize = 50;
  Notices(db::Database& db, const units::UnitService& units, accounts::UnitParent unit_parent);

  // The notice as it would be published, checked (the form's preview); nothing is written.
  Notice prepare(const Actor& actor, const NoticeInput& input) const;
  Notice publish(const Actor& actor, const NoticeInput& input, const std::string& ip);
  // Whom a board reaches: its households, and those with a member on the platform.
  std::pair<int64_t, int64_t> audience(const std::string& unit_code) const;
  // The boards an officer or village head may write on: villages and communes, by name.
  std::vector<units::Unit> boards(const Actor& actor) const;
  Notice withdraw(const Actor& actor, int64_t id, const std::string& ip);

  // ---- readers ----
  // May this reader see the notice: public, or they live there, or they work there.
  bool may_read(const Actor& actor, const Notice& n) const;
  // A board's live notices for this reader (anonymous: the public ones).
  std::vector<Notice> board(const Actor& actor, const std::string& unit_code) const;
  // The notice, when this reader may see it and it is live (404 notice_not_found otherwise).
  Notice readable(const Actor& actor, int64_t id) const;
  // Opening it: a signed-in reader's read is recorded (once).
  ReaderState open(const Actor& actor, const Notice& n);
  ReaderState state(const Actor& actor, const Notice& n) const;
  // "Gia đình tôi đã biết": for the reader's household, on an important notice of its board.
  ReaderState acknowledge(const Actor& actor, int64_t id, const std::string& ip);
  // The notice's question for this reader; answering it (a household's, or a resident's own
  // answer, as the notice says; changed by answering again until it closes).
  PollView poll(const Actor& actor, const Notice& n) const;
  PollView answer(const Actor& actor, int64_t id, int64_t choice, const std::string& ip);

  // ---- authors and officers ----
  std::vector<Notice> desk(const Actor& actor) const;
  Notice for_officer(const Actor& actor, int64_t id) const;
  Coverage coverage(const Actor& actor, int64_t id) const;
  // The households to visit: neither acknowledged nor visited. An audited read (addresses
  // and heads' names); only once the acknowledgement deadline has passed (409 before).
  std::vector<VisitRow> visit_list(const Actor& actor, int64_t id, const std::string& ip) const;
  void mark_visited(const Actor& actor, int64_t id, int64_t household, const std::string& ip);
  // A file joined to a notice by one who writes on its board: a photo (described, for those who
  // cannot see it) through the photo pipeline, or a PDF, by content; at most 5 a notice.
  Attachment attach(const Actor& actor, int64_t id, const std::string& file_name,
                    const std::string& bytes, const std::string& description,
                    const std::string& ip);
  // A notice's file for a reader who may read the notice (404 otherwise).
  Attachment attachment(const Actor& actor, int64_t id, int64_t attachment_id) const;
  void set_uploads_dir(std::filesystem::path dir) { uploads_dir_ = std::move(dir); }
  const std::filesystem::path& uploads_dir() const { return uploads_dir_; }

  // The notices-expired job: boards whose notices expired are refreshed. Returns how many.
  size_t refresh_expired();
  // The notice-texts job: important notices texted to their boards' residents who consented
  // (village_texts), a batch at a time, resumable. Returns how many texts went out.
  void set_text_messages(notify::SmsSender& sms, const i18n::Catalogues& catalogues,
                         std::string public_url);
  size_t send_texts();

 private:
  db::Database& db_;
  const units::UnitService& units_;
  accounts::UnitParent unit_parent_;
  notify::SmsSender* sms_ = nullptr;
  const i18n::Catalogues* catalogues_ = nullptr;
  std::string public_url_, text_holder_;
  std::filesystem::path uploads_dir_;
};

struct Services {
  Services(db::Database& db, const units::UnitService& units, accounts::UnitParent unit_parent);
  Households households;
  Notices notices;
};

}  // namespace cds::community
