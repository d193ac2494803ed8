// SQL for households and notice boards, private to the module. Inside the caller's
// transaction; every change touches the cache scope of the board or household it changes.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "community/model.h"
#include "db/connection.h"

namespace cds::community::store {

std::string now();

// ---- households ----
struct NewHousehold {
  std::string village_code, commune_code, address, head_name, invite_code;
  int64_t created_by = 0;
};
int64_t insert_household(db::Connection& c, const NewHousehold& h);
int64_t insert_member(db::Connection& c, int64_t household, int64_t account,
                      const std::string& first_name, std::optional<int64_t> birth_year, bool head);
void household_event(db::Connection& c, int64_t household, const std::string& what, int64_t account,
                     const std::string& detail = "");
// The household (members with their names) or none; dissolved ones too.
std::optional<Household> household(db::Connection& c, int64_t id);
std::optional<int64_t> household_by_invite(db::Connection& c, const std::string& code);
// The household a person belongs to now, and their member row.
struct Membership {
  int64_t household = 0, member = 0;
  bool head = false;
};
std::optional<Membership> membership_of(db::Connection& c, int64_t account);
// A current member of the household, or none.
std::optional<Member> member(db::Connection& c, int64_t household, int64_t member_id);
// Ends a membership; when the head leaves, the longest-standing member with an account heads
// it; when nobody is left, the household is dissolved.
void end_membership(db::Connection& c, int64_t household, int64_t member_id,
                    const std::string& reason);
void confirm(db::Connection& c, int64_t household, int64_t by);
void move(db::Connection& c, int64_t household, const std::string& village_code,
          const std::string& commune_code, const std::string& address);
// Households of a village (or of every village of a commune), not dissolved, by address.
std::vector<Household> households_in(db::Connection& c, const std::string& unit_code);
std::vector<HouseholdEvent> household_events(db::Connection& c, int64_t household);
// Account ids of the household's current members.
std::vector<int64_t> member_accounts(db::Connection& c, int64_t household);
int64_t count_households(db::Connection& c, const std::string& unit_code, bool unconfirmed_only);
// A board's households, and those with a member on the platform.
std::pair<int64_t, int64_t> board_audience(db::Connection& c, const std::string& unit_code);

// ---- notices ----
int64_t insert_notice(db::Connection& c, const Notice& n);
std::optional<Notice> notice(db::Connection& c, int64_t id);
// Live notices of these boards (not withdrawn, not expired at `at`), pinned first, newest
// first; residents' ones only when `with_residents`.
std::vector<Notice> board(db::Connection& c, const std::vector<std::string>& units,
                          const std::string& at, bool with_residents, size_t limit);
// Notices of these boards, withdrawn and expired ones too, newest first (the officers' desk).
std::vector<Notice> desk(db::Connection& c, const std::vector<std::string>& units, size_t limit);
void withdraw(db::Connection& c, const Notice& n);
// True when the read is new.
bool record_read(db::Connection& c, int64_t notice, int64_t account);
bool has_read(db::Connection& c, int64_t notice, int64_t account);
// True when the acknowledgement is new.
bool acknowledge(db::Connection& c, int64_t notice, int64_t household, int64_t account);
bool acknowledged(db::Connection& c, int64_t notice, int64_t household);
bool visit(db::Connection& c, int64_t notice, int64_t household, int64_t by);

// Each household of the notice's board with what reached it.
struct Reach {
  VisitRow row;
  int64_t head_account = 0;
  bool read = false, acked = false, visited = false;
};
std::vector<Reach> reach(db::Connection& c, const Notice& n);
// A notice's files (read with it, as its question is).
int64_t insert_attachment(db::Connection& c, const Notice& n, const Attachment& a);
// Files are kept whole: the total a notice holds, to bound it.
int64_t attachment_count(db::Connection& c, int64_t notice);

// A notice's question: written with the notice; read with it (notice(), board(), desk()).
void insert_poll(db::Connection& c, int64_t notice, const Poll& poll);
// One answer per voter ("household:12" / "person:7"), changed by a second one.
void vote(db::Connection& c, const Notice& n, const std::string& voter, int64_t account,
          int64_t position);
std::optional<int64_t> vote_of(db::Connection& c, int64_t notice, const std::string& voter);
// The answers for each choice, in the order of the choices.
std::vector<int64_t> tally(db::Connection& c, int64_t notice, size_t choices);

// Important notices' text messages, as warnings' (alerts): those with texts to send, the
// lease of the process sending (taken when free, expired or its own), the cursor, the counts.
std::vector<int64_t> texts_due(db::Connection& c);
bool claim_texts(db::Connection& c, int64_t id, const std::string& holder, const std::string& now,
                 const std::string& until);
int64_t texts_after(db::Connection& c, int64_t id);
void note_texts(db::Connection& c, int64_t id, int64_t after, int64_t sent, int64_t failed,
                bool done);
// Notices whose expiry passed and whose boards' pages have not been refreshed since: marked.
std::vector<Notice> newly_expired(db::Connection& c, const std::string& at);

// ---- a person's data ----
std::vector<std::pair<int64_t, std::string>> reads_of(db::Connection& c, int64_t account);
// The answers a person gave: notice, choice, when.
std::vector<std::tuple<int64_t, int64_t, std::string>> votes_of(db::Connection& c, int64_t account);
void erase_person(db::Connection& c, int64_t account);

}  // namespace cds::community::store
