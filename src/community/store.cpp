#include "community/store.h"

#include "accounts/service.h"
#include "core/time.h"

namespace cds::community::store {

using db::Value;

std::string now() { return timeutil::iso_utc(timeutil::Clock::now()); }

namespace {

Value opt_text(const std::string& s) { return s.empty() ? db::null() : Value(s); }

void touch_household(db::Connection& c, int64_t id) { c.touch("household:" + std::to_string(id)); }

constexpr const char* kHouseholdColumns =
    "id, village_code, commune_code, address, head_name, invite_code, confirmed_at, created_at, "
    "dissolved_at";

Household household_from(const db::Row& r) {
  Household h;
  h.id = r.integer(0);
  h.village_code = r.text(1);
  h.commune_code = r.text(2);
  h.address = r.text(3);
  h.head_name = r.text(4);
  h.invite_code = r.text(5);
  h.confirmed = !r.is_null(6);
  h.confirmed_at = r.text(6);
  h.created_at = r.text(7);
  h.dissolved = !r.is_null(8);
  return h;
}

// Current members, the head first, then by when they joined; names from their accounts.
std::vector<Member> members_of(db::Connection& c, int64_t household) {
  std::vector<Member> out;
  auto rows = c.query(
      "SELECT id, account_id, first_name, birth_year, is_head, joined_at FROM household_members "
      "WHERE household_id = $1 AND left_at IS NULL ORDER BY is_head DESC, id",
      {household});
  for (const auto& r : rows.rows) {
    Member m{r.integer(0), r.integer(1), r.text(2), std::nullopt, r.integer(4) != 0, r.text(5)};
    if (!r.is_null(3)) m.birth_year = r.integer(3);
    if (m.account_id) m.name = accounts::name_and_phone(c, m.account_id).first;
    out.push_back(std::move(m));
  }
  return out;
}

constexpr const char* kNoticeColumns =
    "id, unit_code, commune_code, title, body_md, body_html, priority, visibility, pinned, "
    "expires_at, ack_due_at, author_id, published_at, updated_at, withdrawn_at, sms_state, "
    "sms_sent, sms_failed";

Notice notice_from(const db::Row& r) {
  Notice n;
  n.id = r.integer(0);
  n.unit_code = r.text(1);
  n.commune_code = r.text(2);
  n.title = r.text(3);
  n.body_md = r.text(4);
  n.body_html = r.text(5);
  n.priority = r.text(6);
  n.visibility = r.text(7);
  n.pinned = r.integer(8) != 0;
  n.expires_at = r.text(9);
  n.ack_due_at = r.text(10);
  n.author_id = r.integer(11);
  n.published_at = r.text(12);
  n.updated_at = r.text(13);
  n.withdrawn_at = r.text(14);
  n.sms_state = r.text(15);
  n.sms_sent = r.integer(16);
  n.sms_failed = r.integer(17);
  return n;
}

void load_attachments(db::Connection& c, Notice& n) {
  for (const auto& r : c.query("SELECT id, kind, path, thumb, name, bytes FROM notice_attachments "
                               "WHERE notice_id = $1 ORDER BY id",
                               {n.id})
                           .rows)
    n.attachments.push_back(
        {r.integer(0), n.id, r.text(1), r.text(2), r.text(3), r.text(4), r.integer(5)});
}

// The notice's question (and its files), when it asks one.
void load_poll(db::Connection& c, Notice& n) {
  load_attachments(c, n);
  auto r = c.query(
      "SELECT question, per, closes_at, results FROM notice_polls WHERE notice_id = $1", {n.id});
  if (r.empty()) return;
  Poll p{r.rows[0].text(0), r.rows[0].text(1), r.rows[0].text(2), r.rows[0].text(3), {}};
  for (const auto& row : c.query("SELECT label FROM notice_poll_choices WHERE notice_id = $1 "
                                 "ORDER BY position",
                                 {n.id})
                             .rows)
    p.choices.push_back(row.text(0));
  n.poll = std::move(p);
}

}  // namespace

// ---- households ----

int64_t insert_household(db::Connection& c, const NewHousehold& h) {
  std::string at = now();
  int64_t id = c.query(
                    "INSERT INTO households (village_code, commune_code, address, head_name, "
                    "invite_code, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
                    "$6, $7, $7) RETURNING id",
                    {h.village_code, h.commune_code, h.address, h.head_name, h.invite_code,
                     h.created_by, at})
                   .rows.at(0)
                   .integer(0);
  touch_household(c, id);
  return id;
}

int64_t insert_member(db::Connection& c, int64_t household, int64_t account,
                      const std::string& first_name, std::optional<int64_t> birth_year, bool head) {
  touch_household(c, household);
  return c
      .query(
          "INSERT INTO household_members (household_id, account_id, first_name, birth_year, "
          "is_head, joined_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          {household, account ? Value(account) : db::null(), first_name,
           birth_year ? Value(*birth_year) : db::null(), static_cast<int64_t>(head ? 1 : 0), now()})
      .rows.at(0)
      .integer(0);
}

void household_event(db::Connection& c, int64_t household, const std::string& what, int64_t account,
                     const std::string& detail) {
  c.query(
      "INSERT INTO household_events (household_id, at, what, account_id, detail) VALUES ($1, $2, "
      "$3, $4, $5)",
      {household, now(), what, account ? Value(account) : db::null(), detail});
}

std::optional<Household> household(db::Connection& c, int64_t id) {
  auto r =
      c.query(std::string("SELECT ") + kHouseholdColumns + " FROM households WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  Household h = household_from(r.rows[0]);
  h.members = members_of(c, id);
  for (const auto& m : h.members)
    if (m.head && m.account_id) h.head_name = m.name;
  return h;
}

std::optional<int64_t> household_by_invite(db::Connection& c, const std::string& code) {
  auto r =
      c.query("SELECT id FROM households WHERE invite_code = $1 AND dissolved_at IS NULL", {code});
  if (r.empty()) return std::nullopt;
  return r.rows[0].integer(0);
}

std::optional<Membership> membership_of(db::Connection& c, int64_t account) {
  auto r = c.query(
      "SELECT household_id, id, is_head FROM household_members WHERE account_id = $1 AND "
      "left_at IS NULL",
      {account});
  if (r.empty()) return std::nullopt;
  return Membership{r.rows[0].integer(0), r.rows[0].integer(1), r.rows[0].integer(2) != 0};
}

std::optional<Member> member(db::Connection& c, int64_t household, int64_t member_id) {
  for (auto& m : members_of(c, household))
    if (m.id == member_id) return m;
  return std::nullopt;
}

void end_membership(db::Connection& c, int64_t household, int64_t member_id,
                    const std::string& reason) {
  std::string at = now();
  touch_household(c, household);
  auto was_head = c.query(
      "UPDATE household_members SET left_at = $3, left_reason = $4, is_head = 0 WHERE id = $1 "
      "AND household_id = $2 AND left_at IS NULL RETURNING is_head",
      {member_id, household, at, reason});
  (void)was_head;
  auto heads = c.query(
      "SELECT COUNT(*) FROM household_members WHERE household_id = $1 AND left_at IS NULL AND "
      "is_head = 1",
      {household});
  if (heads.rows.at(0).integer(0) == 0) {
    // The longest-standing member with an account heads it now.
    auto next = c.query(
        "SELECT id FROM household_members WHERE household_id = $1 AND left_at IS NULL AND "
        "account_id IS NOT NULL ORDER BY id LIMIT 1",
        {household});
    if (!next.empty())
      c.query("UPDATE household_members SET is_head = 1 WHERE id = $1", {next.rows[0].integer(0)});
  }
  auto left = c.query(
      "SELECT COUNT(*) FROM household_members WHERE household_id = $1 AND left_at IS NULL "
      "AND account_id IS NOT NULL",
      {household});
  auto recorded =
      c.query("SELECT created_by, head_name FROM households WHERE id = $1", {household});
  // A household nobody on the platform belongs to any more is dissolved, unless an officer
  // recorded it (its head then has no account).
  bool officer_kept = !recorded.empty() && !recorded.rows[0].text(1).empty();
  if (left.rows.at(0).integer(0) == 0 && !officer_kept)
    c.query("UPDATE households SET dissolved_at = $2, updated_at = $2 WHERE id = $1",
            {household, at});
}

void confirm(db::Connection& c, int64_t household, int64_t by) {
  touch_household(c, household);
  std::string at = now();
  c.query(
      "UPDATE households SET confirmed_at = $2, confirmed_by = $3, updated_at = $2 WHERE id = $1",
      {household, at, by});
}

void move(db::Connection& c, int64_t household, const std::string& village_code,
          const std::string& commune_code, const std::string& address) {
  touch_household(c, household);
  // A household that moved is confirmed again where it lives now.
  c.query(
      "UPDATE households SET village_code = $2, commune_code = $3, address = $4, updated_at = $5, "
      "confirmed_at = CASE WHEN village_code = $2 THEN confirmed_at ELSE NULL END, "
      "confirmed_by = CASE WHEN village_code = $2 THEN confirmed_by ELSE NULL END WHERE id = $1",
      {household, village_code, commune_code, address, now()});
}

std::vector<Household> households_in(db::Connection& c, const std::string& unit_code) {
  auto rows = c.query(std::string("SELECT ") + kHouseholdColumns +
                          " FROM households WHERE dissolved_at IS NULL AND (village_code = $1 OR "
                          "commune_code = $1) ORDER BY village_code, address, id",
                      {unit_code});
  std::vector<Household> out;
  for (const auto& r : rows.rows) {
    Household h = household_from(r);
    h.members = members_of(c, h.id);
    for (const auto& m : h.members)
      if (m.head && m.account_id) h.head_name = m.name;
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<HouseholdEvent> household_events(db::Connection& c, int64_t household) {
  std::vector<HouseholdEvent> out;
  for (const auto& r :
       c.query("SELECT at, what, account_id FROM household_events WHERE household_id = $1 ORDER "
               "BY id",
               {household})
           .rows)
    out.push_back({r.text(0), r.text(1), r.integer(2)});
  return out;
}

std::vector<int64_t> member_accounts(db::Connection& c, int64_t household) {
  std::vector<int64_t> out;
  for (const auto& r : c.query("SELECT account_id FROM household_members WHERE household_id = $1 "
                               "AND left_at IS NULL AND account_id IS NOT NULL ORDER BY id",
                               {household})
                           .rows)
    out.push_back(r.integer(0));
  return out;
}

int64_t count_households(db::Connection& c, const std::string& unit_code, bool unconfirmed_only) {
  return c
      .query(std::string("SELECT COUNT(*) FROM households WHERE dissolved_at IS NULL AND "
                         "(village_code = $1 OR commune_code = $1)") +
                 (unconfirmed_only ? " AND confirmed_at IS NULL" : ""),
             {unit_code})
      .rows.at(0)
      .integer(0);
}

std::pair<int64_t, int64_t> board_audience(db::Connection& c, const std::string& unit_code) {
  auto r = c.query(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM household_members m WHERE "
      "m.household_id = h.id AND m.left_at IS NULL AND m.account_id IS NOT NULL) THEN 1 ELSE 0 "
      "END), 0) FROM households h WHERE h.dissolved_at IS NULL AND (h.village_code = $1 OR "
      "h.commune_code = $1)",
      {unit_code});
  return {r.rows.at(0).integer(0), r.rows.at(0).integer(1)};
}

// ---- notices ----

int64_t insert_notice(db::Connection& c, const Notice& n) {
  c.touch(board_scope(n.unit_code));
  std::string at = now();
  return c
      .query(
          "INSERT INTO notices (unit_code, commune_code, title, body_md, body_html, priority, "
          "visibility, pinned, expires_at, ack_due_at, author_id, published_at, updated_at, "
          "sms_state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) "
          "RETURNING id",
          {n.unit_code, n.commune_code, n.title, n.body_md, n.body_html, n.priority, n.visibility,
           static_cast<int64_t>(n.pinned ? 1 : 0), opt_text(n.expires_at), opt_text(n.ack_due_at),
           n.author_id, n.published_at.empty() ? at : n.published_at, n.sms_state})
      .rows.at(0)
      .integer(0);
}

std::optional<Notice> notice(db::Connection& c, int64_t id) {
  auto r = c.query(std::string("SELECT ") + kNoticeColumns + " FROM notices WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  Notice n = notice_from(r.rows[0]);
  load_poll(c, n);
  return n;
}

std::vector<Notice> board(db::Connection& c, const std::vector<std::string>& units,
                          const std::string& at, bool with_residents, size_t limit) {
  std::vector<Notice> out;
  if (units.empty()) return out;
  std::vector<Value> params{at, static_cast<int64_t>(limit)};
  std::string in = db::in_list(units, params);
  auto rows =
      c.query(std::string("SELECT ") + kNoticeColumns + " FROM notices WHERE unit_code IN (" + in +
                  ") AND withdrawn_at IS NULL AND (expires_at IS NULL OR expires_at > $1)" +
                  (with_residents ? "" : " AND visibility = 'public'") +
                  " ORDER BY pinned DESC, published_at DESC, id DESC LIMIT $2",
              params);
  for (const auto& r : rows.rows) {
    out.push_back(notice_from(r));
    load_poll(c, out.back());
  }
  return out;
}

std::vector<Notice> desk(db::Connection& c, const std::vector<std::string>& units, size_t limit) {
  std::vector<Notice> out;
  if (units.empty()) return out;
  std::vector<Value> params{static_cast<int64_t>(limit)};
  std::string in = db::in_list(units, params);
  auto rows =
      c.query(std::string("SELECT ") + kNoticeColumns + " FROM notices WHERE unit_code IN (" + in +
                  ") OR commune_code IN (" + db::in_list(units, params) +
                  ") ORDER BY published_at DESC, id DESC LIMIT $1",
              params);
  for (const auto& r : rows.rows) {
    out.push_back(notice_from(r));
    load_poll(c, out.back());
  }
  return out;
}

void withdraw(db::Connection& c, const Notice& n) {
  c.touch(board_scope(n.unit_code));
  std::string at = now();
  c.query("UPDATE notices SET withdrawn_at = $2, updated_at = $2 WHERE id = $1", {n.id, at});
}

bool record_read(db::Connection& c, int64_t notice, int64_t account) {
  return c.query(
              "INSERT INTO notice_reads (notice_id, account_id, read_at) VALUES ($1, $2, $3) "
              "ON CONFLICT DO NOTHING",
              {notice, account, now()})
             .affected > 0;
}

bool has_read(db::Connection& c, int64_t notice, int64_t account) {
  return !c.query("SELECT 1 FROM notice_reads WHERE notice_id = $1 AND account_id = $2",
                  {notice, account})
              .empty();
}

bool acknowledge(db::Connection& c, int64_t notice, int64_t household, int64_t account) {
  return c.query(
              "INSERT INTO notice_acks (notice_id, household_id, account_id, acked_at) VALUES "
              "($1, $2, $3, $4) ON CONFLICT DO NOTHING",
              {notice, household, account, now()})
             .affected > 0;
}

bool acknowledged(db::Connection& c, int64_t notice, int64_t household) {
  return !c.query("SELECT 1 FROM notice_acks WHERE notice_id = $1 AND household_id = $2",
                  {notice, household})
              .empty();
}

bool visit(db::Connection& c, int64_t notice, int64_t household, int64_t by) {
  return c.query(
              "INSERT INTO notice_visits (notice_id, household_id, visited_by, visited_at) "
              "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
              {notice, household, by, now()})
             .affected > 0;
}

std::vector<Reach> reach(db::Connection& c, const Notice& n) {
  auto rows = c.query(
      "SELECT h.id, h.village_code, h.address, h.head_name, "
      "(SELECT COUNT(*) FROM household_members m WHERE m.household_id = h.id AND m.left_at IS "
      "NULL), "
      "(SELECT COUNT(*) FROM household_members m WHERE m.household_id = h.id AND m.left_at IS "
      "NULL AND m.account_id IS NOT NULL), "
      "(SELECT m.account_id FROM household_members m WHERE m.household_id = h.id AND m.left_at "
      "IS NULL AND m.is_head = 1 AND m.account_id IS NOT NULL LIMIT 1), "
      "CASE WHEN EXISTS (SELECT 1 FROM household_members m JOIN notice_reads r ON r.account_id = "
      "m.account_id WHERE r.notice_id = $1 AND m.household_id = h.id AND m.left_at IS NULL) THEN "
      "1 ELSE 0 END, "
      "CASE WHEN EXISTS (SELECT 1 FROM notice_acks k WHERE k.notice_id = $1 AND k.household_id = "
      "h.id) THEN 1 ELSE 0 END, "
      "CASE WHEN EXISTS (SELECT 1 FROM notice_visits v WHERE v.notice_id = $1 AND v.household_id "
      "= h.id) THEN 1 ELSE 0 END "
      "FROM households h WHERE h.dissolved_at IS NULL AND (h.village_code = $2 OR "
      "h.commune_code = $2) ORDER BY h.village_code, h.address, h.id",
      {n.id, n.unit_code});
  std::vector<Reach> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) {
    Reach x;
    x.row = {r.integer(0), r.text(1), r.text(2), r.text(3), r.integer(4), r.integer(5) > 0};
    x.head_account = r.integer(6);
    x.acked = r.integer(8) != 0;
    x.read = r.integer(7) != 0 || x.acked;
    x.visited = r.integer(9) != 0;
    out.push_back(std::move(x));
  }
  return out;
}

int64_t insert_attachment(db::Connection& c, const Notice& n, const Attachment& a) {
  c.touch(board_scope(n.unit_code));
  return c
      .query(
          "INSERT INTO notice_attachments (notice_id, kind, path, thumb, name, bytes, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          {n.id, a.kind, a.path, a.thumb, a.name, a.bytes, now()})
      .rows.at(0)
      .integer(0);
}

int64_t attachment_count(db::Connection& c, int64_t notice) {
  return c.query("SELECT COUNT(*) FROM notice_attachments WHERE notice_id = $1", {notice})
      .rows.at(0)
      .integer(0);
}

void insert_poll(db::Connection& c, int64_t notice, const Poll& poll) {
  c.query(
      "INSERT INTO notice_polls (notice_id, question, per, closes_at, results) VALUES ($1, $2, $3, "
      "$4, $5)",
      {notice, poll.question, poll.per, poll.closes_at, poll.results});
  for (size_t i = 0; i < poll.choices.size(); ++i)
    c.query("INSERT INTO notice_poll_choices (notice_id, position, label) VALUES ($1, $2, $3)",
            {notice, static_cast<int64_t>(i + 1), poll.choices[i]});
}

void vote(db::Connection& c, const Notice& n, const std::string& voter, int64_t account,
          int64_t position) {
  c.touch(board_scope(n.unit_code));
  c.query(
      "INSERT INTO notice_votes (notice_id, voter, account_id, position, voted_at) VALUES ($1, "
      "$2, $3, $4, $5) ON CONFLICT (notice_id, voter) DO UPDATE SET position = "
      "excluded.position, account_id = excluded.account_id, voted_at = excluded.voted_at",
      {n.id, voter, account, position, now()});
}

std::optional<int64_t> vote_of(db::Connection& c, int64_t notice, const std::string& voter) {
  auto r = c.query("SELECT position FROM notice_votes WHERE notice_id = $1 AND voter = $2",
                   {notice, voter});
  if (r.empty()) return std::nullopt;
  return r.rows[0].integer(0);
}

std::vector<int64_t> tally(db::Connection& c, int64_t notice, size_t choices) {
  std::vector<int64_t> out(choices, 0);
  for (const auto& r : c.query("SELECT position, COUNT(*) FROM notice_votes WHERE notice_id = $1 "
                               "GROUP BY position",
                               {notice})
                           .rows) {
    int64_t p = r.integer(0);
    if (p >= 1 && static_cast<size_t>(p) <= choices) out[p - 1] = r.integer(1);
  }
  return out;
}

std::vector<int64_t> texts_due(db::Connection& c) {
  std::vector<int64_t> out;
  for (const auto& r :
       c.query("SELECT id FROM notices WHERE sms_state IN ('pending', 'sending') ORDER BY id").rows)
    out.push_back(r.integer(0));
  return out;
}

bool claim_texts(db::Connection& c, int64_t id, const std::string& holder, const std::string& now,
                 const std::string& until) {
  return c.query(
              "UPDATE notices SET sms_state = 'sending', sms_holder = $2, sms_lease = $4 "
              "WHERE id = $1 AND (sms_state = 'pending' OR (sms_state = 'sending' AND "
              "(sms_holder = $2 OR sms_lease <= $3)))",
              {id, holder, now, until})
             .affected == 1;
}

int64_t texts_after(db::Connection& c, int64_t id) {
  auto r = c.query("SELECT sms_after FROM notices WHERE id = $1", {id});
  return r.empty() ? 0 : r.rows[0].integer(0);
}

void note_texts(db::Connection& c, int64_t id, int64_t after, int64_t sent, int64_t failed,
                bool done) {
  c.query(
      "UPDATE notices SET sms_after = $2, sms_sent = sms_sent + $3, sms_failed = sms_failed + $4, "
      "sms_state = $5 WHERE id = $1",
      {id, after, sent, failed, std::string(done ? "done" : "sending")});
}

std::vector<Notice> newly_expired(db::Connection& c, const std::string& at) {
  std::vector<Notice> out;
  auto rows = c.query(std::string("SELECT ") + kNoticeColumns +
                          " FROM notices WHERE expiry_known = 0 AND expires_at IS NOT NULL AND "
                          "expires_at <= $1 ORDER BY id LIMIT 500",
                      {at});
  for (const auto& r : rows.rows) {
    out.push_back(notice_from(r));
    c.touch(board_scope(out.back().unit_code));
    c.query("UPDATE notices SET expiry_known = 1 WHERE id = $1", {out.back().id});
  }
  return out;
}

// ---- a person's data ----

std::vector<std::pair<int64_t, std::string>> reads_of(db::Connection& c, int64_t account) {
  std::vector<std::pair<int64_t, std::string>> out;
  for (const auto& r : c.query("SELECT notice_id, read_at FROM notice_reads WHERE account_id = $1 "
                               "ORDER BY read_at",
                               {account})
                           .rows)
    out.emplace_back(r.integer(0), r.text(1));
  return out;
}

std::vector<std::tuple<int64_t, int64_t, std::string>> votes_of(db::Connection& c,
                                                                int64_t account) {
  std::vector<std::tuple<int64_t, int64_t, std::string>> out;
  for (const auto& r : c.query("SELECT notice_id, position, voted_at FROM notice_votes WHERE "
                               "account_id = $1 ORDER BY voted_at",
                               {account})
                           .rows)
    out.emplace_back(r.integer(0), r.integer(1), r.text(2));
  return out;
}

void erase_person(db::Connection& c, int64_t account) {
  if (auto m = membership_of(c, account)) {
    household_event(c, m->household, "left", 0, "erased");
    end_membership(c, m->household, m->member, "erased");
  }
  // Past memberships keep the household's history without the person.
  c.query("UPDATE household_members SET account_id = NULL, first_name = '' WHERE account_id = $1",
          {account});
  c.query("DELETE FROM notice_reads WHERE account_id = $1", {account});
  c.query("UPDATE notice_acks SET account_id = NULL WHERE account_id = $1", {account});
  c.query("UPDATE household_events SET account_id = NULL WHERE account_id = $1", {account});
  // A person's own answer goes; a household's stays, as the household's.
  c.query("DELETE FROM notice_votes WHERE account_id = $1 AND voter LIKE 'person:%'", {account});
  c.query("UPDATE notice_votes SET account_id = NULL WHERE account_id = $1", {account});
}

}  // namespace cds::community::store
