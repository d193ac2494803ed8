#include "news/store.h"

#include <map>

namespace cds::news::store {

using db::Value;

namespace {

constexpr const char* kColumns =
    "SELECT n.id, n.title, n.summary, n.body_md, n.body_html, n.cover, n.cover_thumb, n.state, "
    "n.publish_at, n.author_id, n.created_at, n.updated_at, n.cover_alt FROM news n ";

// The articles the clause selects, with their units: two queries however many there are.
std::vector<Article> articles(db::Connection& c, const std::string& clause,
                              const std::vector<Value>& params) {
  std::vector<Article> out;
  for (const auto& r : c.query(std::string(kColumns) + clause, params).rows) {
    Article a;
    a.id = r.integer(0);
    a.title = r.text(1);
    a.summary = r.text(2);
    a.body_md = r.text(3);
    a.body_html = r.text(4);
    a.cover = r.text(5);
    a.cover_thumb = r.text(6);
    a.state = parse_state(r.text(7));
    a.publish_at = r.text(8);
    a.author_id = r.integer(9);
    a.cover_alt = r.text(12);
    a.created_at = r.text(10);
    a.updated_at = r.text(11);
    out.push_back(std::move(a));
  }
  if (out.empty()) return out;
  std::string ids;
  std::map<int64_t, Article*> by_id;
  for (auto& a : out) {
    ids += (ids.empty() ? "" : ", ") + std::to_string(a.id);  // integers: no injection
    by_id[a.id] = &a;
  }
  for (const auto& r : c.query("SELECT news_id, unit_code FROM news_units WHERE news_id IN (" +
                               ids + ") ORDER BY unit_code")
                           .rows)
    by_id.at(r.integer(0))->unit_codes.push_back(r.text(1));
  return out;
}

void insert_units(db::Connection& c, int64_t id, const std::vector<std::string>& units) {
  for (const auto& u : units)
    c.query("INSERT INTO news_units (news_id, unit_code) VALUES ($1, $2)", {id, u});
}

}  // namespace

int64_t insert(db::Connection& c, const Article& a) {
  c.touch(kScope);
  int64_t id =
      c.query(
           "INSERT INTO news (title, summary, body_md, body_html, cover, cover_thumb, "
           "state, publish_at, author_id, created_at, updated_at, cover_alt) VALUES ($1, "
           "$2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id",
           {a.title, a.summary, a.body_md, a.body_html, a.cover, a.cover_thumb,
            std::string(state_name(a.state)), a.publish_at, a.author_id, a.created_at, a.cover_alt})
          .rows.at(0)
          .integer(0);
  insert_units(c, id, a.unit_codes);
  return id;
}

std::optional<Article> find(db::Connection& c, int64_t id) {
  auto list = articles(c, "WHERE n.id = $1", {id});
  if (list.empty()) return std::nullopt;
  return std::move(list.front());
}

void set_state(db::Connection& c, int64_t id, State state, const std::string& now) {
  c.touch(kScope);
  c.query("UPDATE news SET state = $2, updated_at = $3 WHERE id = $1",
          {id, std::string(state_name(state)), now});
}

void update(db::Connection& c, const Article& a) {
  c.touch(kScope);
  c.query(
      "UPDATE news SET title = $2, summary = $3, body_md = $4, body_html = $5, cover = $6, "
      "cover_thumb = $7, state = $8, publish_at = $9, updated_at = $10, cover_alt = $11 "
      "WHERE id = $1",
      {a.id, a.title, a.summary, a.body_md, a.body_html, a.cover, a.cover_thumb,
       std::string(state_name(a.state)), a.publish_at, a.updated_at, a.cover_alt});
  c.query("DELETE FROM news_units WHERE news_id = $1", {a.id});
  insert_units(c, a.id, a.unit_codes);
}

std::vector<Article> due_unannounced(db::Connection& c, const std::string& now, size_t limit) {
  return articles(
      c,
      "WHERE n.announced = 0 AND " + readable_sql("n", 1) + " ORDER BY n.publish_at, n.id LIMIT $2",
      {now, static_cast<int64_t>(limit)});
}

void mark_announced(db::Connection& c, int64_t id) {
  c.touch(kScope);
  c.query("UPDATE news SET announced = 1 WHERE id = $1", {id});
}

std::vector<Article> published(db::Connection& c, const std::vector<std::string>& units,
                               const std::string& now, size_t limit, size_t offset) {
  std::vector<Value> params{now, static_cast<int64_t>(limit), static_cast<int64_t>(offset)};
  std::string clause = "WHERE " + readable_sql("n", 1) + " ";
  if (!units.empty())
    clause += "AND n.id IN (SELECT news_id FROM news_units WHERE unit_code IN (" +
              db::in_list(units, params) + ")) ";
  return articles(c, clause + "ORDER BY n.publish_at DESC, n.id DESC LIMIT $2 OFFSET $3", params);
}

std::vector<Article> for_units(db::Connection& c, const std::vector<std::string>& units,
                               size_t limit) {
  std::vector<Value> params{static_cast<int64_t>(limit)};
  if (units.empty()) return {};
  return articles(c,
                  "WHERE n.id IN (SELECT news_id FROM news_units WHERE unit_code IN (" +
                      db::in_list(units, params) +
                      ")) ORDER BY n.updated_at DESC, n.id DESC LIMIT $1",
                  params);
}

bool any(db::Connection& c) { return !c.query("SELECT id FROM news LIMIT 1").empty(); }

}  // namespace cds::news::store
