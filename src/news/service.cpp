#include "news/service.h"

#include <algorithm>
#include <fstream>

#include "accounts/audit.h"
#include "audit/service.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "http/response.h"
#include "live/events.h"
#include "news/markdown.h"
#include "news/permissions.h"
#include "news/store.h"
#include "units/service.h"

namespace cds::news {
using accounts::Actor;

namespace {

std::string now_utc() { return timeutil::iso_utc(timeutil::Clock::now()); }

std::string clean(const std::string& s, size_t max, const char* field, bool required) {
  std::string out = text::nfc(text::trim(s));
  if ((required && out.empty()) || text::char_count(out) > max)
    throw Error(
        ErrorKind::bad_input, std::string("bad_") + field,
        std::string(field) + " is required and at most " + std::to_string(max) + " characters");
  return out;
}

// "" → now; the form's "2026-11-29T18:00" is Vietnam time; otherwise RFC 3339.
std::string publish_time(const std::string& given) {
  if (given.empty()) return now_utc();
  std::string full = given.size() == 16 ? given + ":00+07:00" : given;
  auto t = timeutil::parse_w3c(full);
  if (!t)
    throw Error(ErrorKind::bad_input, "bad_publish_at",
                "publish_at is like 2026-11-29T08:00, in the years " +
                    std::to_string(timeutil::kFirstYear) + "–" +
                    std::to_string(timeutil::kLastYear));
  return timeutil::iso_utc(*t);
}

void audit_news(db::Connection& c, const Actor& actor, const std::string& action, const Article& a,
                const std::string& ip) {
  accounts::record_by(c, actor,
                      {.action = action,
                       .detail = "news=" + std::to_string(a.id),
                       .ip = ip,
                       .unit_code = a.unit_codes.size() == 1 ? a.unit_codes.front() : ""});
}

// Readers following the article's communes (or everyone, for the province) hear of it.
void tell_live_readers(db::Connection& c, const Article& a) {
  boost::json::object data{{"id", a.id},
                           {"title", a.title},
                           {"summary", a.summary},
                           {"link", "/tin-tuc/" + std::to_string(a.id)}};
  live::Event event{.kind = "news", .audience = {live::kEveryone}, .data = http::json_text(data)};
  for (const auto& u : a.unit_codes) event.audience.push_back(live::unit_key(u));
  live::publish(c, event);
}

void announce(db::Connection& c, const Article& a) {
  tell_live_readers(c, a);
  store::mark_announced(c, a.id);
}

}  // namespace

NewsService::NewsService(db::Database& db, const units::UnitService& units,
                         accounts::UnitParent unit_parent, std::string province_code,
                         std::filesystem::path uploads_dir)
    : db_(db),
      units_(units),
      unit_parent_(std::move(unit_parent)),
      province_code_(std::move(province_code)),
      uploads_dir_(std::move(uploads_dir)) {}

void NewsService::require_units(const Actor& actor, const std::vector<std::string>& units) const {
  for (const auto& u : units) accounts::require(actor, actions::publish_news, {u}, unit_parent_);
}

std::pair<std::string, std::string> NewsService::save_cover(const media::ProcessedImage& image) {
  std::filesystem::create_directories(uploads_dir_ / "news");
  std::string stem = "news/" + crypto::random_token(12);  // unguessable
  for (const auto& [rel, bytes] :
       {std::pair{stem + ".jpg", &image.jpeg}, std::pair{stem + "-thumb.jpg", &image.thumb}}) {
    std::ofstream out(uploads_dir_ / rel, std::ios::binary);
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    if (!out)
      throw Error(ErrorKind::unavailable, "storage_failed", "The photo could not be stored");
  }
  return {stem + ".jpg", stem + "-thumb.jpg"};
}

void NewsService::remove_cover_files(const Article& a) const {
  std::error_code ec;
  for (const auto* rel : {&a.cover, &a.cover_thumb})
    if (!rel->empty()) std::filesystem::remove(uploads_dir_ / *rel, ec);
}

Article NewsService::checked(const Actor& actor, const ArticleInput& input) const {
  accounts::require(actor, actions::publish_news, {}, unit_parent_);  // 401/403 before 400
  Article a;
  a.title = clean(input.title, 200, "title", true);
  a.summary = clean(input.summary, 500, "summary", false);
  a.body_md = clean(input.body, 20000, "body", true);
  if (input.cover_alt) a.cover_alt = clean(*input.cover_alt, 300, "cover_alt", false);
  a.body_html = markdown_html(a.body_md);
  for (const auto& code : input.unit_codes) {
    auto unit = units_.find(units::kGeneration2025, code);
    if (!unit || (code != province_code_ && unit->parent_code != province_code_))
      throw Error(ErrorKind::bad_input, "bad_unit", "A commune of the province, or the province");
    // A unit named twice is one reader group.
    if (std::find(a.unit_codes.begin(), a.unit_codes.end(), code) == a.unit_codes.end())
      a.unit_codes.push_back(code);
  }
  if (a.unit_codes.empty())
    throw Error(ErrorKind::bad_input, "units_required", "Choose whom the article is for");
  require_units(actor, a.unit_codes);
  return a;
}

Article NewsService::create(const Actor& actor, const ArticleInput& input,
                            const std::optional<media::ProcessedImage>& cover,
                            const std::string& ip) {
  Article a = checked(actor, input);
  a.publish_at = publish_time(input.publish_at);
  a.state = input.publish ? State::published : State::draft;
  a.author_id = actor.account_id;
  a.created_at = now_utc();
  if (cover && a.cover_alt.empty())
    throw Error(ErrorKind::bad_input, "cover_alt_required", "Say what the cover photo shows");
  if (cover) std::tie(a.cover, a.cover_thumb) = save_cover(*cover);
  if (!cover) a.cover_alt.clear();
  return db_.write([&](db::Connection& c) {
    a.id = store::insert(c, a);
    audit_news(c, actor, input.publish ? "news.published" : "news.drafted", a, ip);
    if (input.publish && a.publish_at <= a.created_at) announce(c, a);
    return a;
  });
}

Article NewsService::update(const Actor& actor, int64_t id, const ArticleInput& input,
                            const std::optional<media::ProcessedImage>& cover,
                            const std::string& ip) {
  Article edited = checked(actor, input);
  std::string publish_at = input.publish_at.empty() ? "" : publish_time(input.publish_at);
  if (cover) std::tie(edited.cover, edited.cover_thumb) = save_cover(*cover);
  Article before;
  try {
    edited = db_.write([&](db::Connection& c) {
      auto found = store::find(c, id);
      if (!found) throw Error(ErrorKind::not_found, "news_not_found", "No such article");
      before = *found;
      require_units(actor, before.unit_codes);
      require_editable(before);
      if (before.state == State::published && !input.publish)
        throw Error(ErrorKind::bad_input, "news_published",
                    "A published article stays published; archive it to take it down");
      Article a = edited;
      a.id = id;
      a.author_id = before.author_id;
      a.created_at = before.created_at;
      a.updated_at = now_utc();
      a.state = input.publish ? State::published : State::draft;
      a.publish_at = publish_at.empty() ? before.publish_at : publish_at;
      if (!cover && !input.remove_cover) {
        a.cover = before.cover;
        a.cover_thumb = before.cover_thumb;
      }
      // The description goes with the cover: kept when not given, gone with the photo, and
      // a photo is not kept without one.
      if (!input.cover_alt) a.cover_alt = before.cover_alt;
      if (a.cover.empty()) a.cover_alt.clear();
      if (!a.cover.empty() && a.cover_alt.empty())
        throw Error(ErrorKind::bad_input, "cover_alt_required", "Say what the cover photo shows");
      store::update(c, a);
      audit_news(c, actor, before.state == a.state ? "news.edited" : "news.published", a, ip);
      if (before.state == State::draft && a.readable(a.updated_at)) announce(c, a);
      return a;
    });
  } catch (...) {
    if (cover) remove_cover_files(edited);  // nothing was kept
    throw;
  }
  if (before.cover != edited.cover) remove_cover_files(before);
  return edited;
}

Article NewsService::change_state(const Actor& actor, int64_t id, State state,
                                  const std::string& ip) {
  return db_.write([&](db::Connection& c) {
    auto a = store::find(c, id);
    if (!a) throw Error(ErrorKind::not_found, "news_not_found", "No such article");
    require_units(actor, a->unit_codes);
    if (a->state == state) return *a;  // nothing changes
    std::string now = now_utc();
    store::set_state(c, id, state, now);
    a->state = state;
    audit_news(c, actor, "news." + std::string(state_name(state)), *a, ip);
    if (a->readable(now)) announce(c, *a);
    return *a;
  });
}

Article NewsService::publish(const Actor& actor, int64_t id, const std::string& ip) {
  return change_state(actor, id, State::published, ip);
}

Article NewsService::archive(const Actor& actor, int64_t id, const std::string& ip) {
  return change_state(actor, id, State::archived, ip);
}

size_t NewsService::announce_due() {
  auto now = timeutil::Clock::now();
  std::string hour_ago = timeutil::iso_utc(now - std::chrono::hours(1));
  std::string now_text = timeutil::iso_utc(now);
  // Read first: most runs find nothing, and need not queue for the writer.
  if (db_.read([&](db::Connection& c) { return store::due_unannounced(c, now_text, 1).empty(); }))
    return 0;
  return db_.write([&](db::Connection& c) {
    auto due = store::due_unannounced(c, now_text, 100);
    for (const auto& a : due) {
      // An article whose time passed long ago (before an upgrade, or while the job was down)
      // is listed quietly rather than pushed to every open page as if new.
      if (a.publish_at >= hour_ago) tell_live_readers(c, a);
      store::mark_announced(c, a.id);
    }
    return due.size();
  });
}

std::vector<Article> NewsService::published(const std::string& unit_code, size_t page,
                                            size_t page_size) {
  std::vector<std::string> units;
  if (!unit_code.empty()) units = {unit_code, province_code_};
  size_t offset = (std::max<size_t>(page, 1) - 1) * page_size;
  return db_.read(
      [&](db::Connection& c) { return store::published(c, units, now_utc(), page_size, offset); });
}

std::optional<Article> NewsService::published_article(int64_t id) {
  auto a = db_.read([&](db::Connection& c) { return store::find(c, id); });
  if (!a || !a->readable(now_utc())) return std::nullopt;
  return a;
}

std::vector<Article> NewsService::desk(const Actor& actor) {
  accounts::require(actor, actions::publish_news, {}, unit_parent_);
  std::vector<std::string> mine;
  for (const auto& u : units_.children(units::kGeneration2025, province_code_))
    if (accounts::decide(actor, actions::publish_news, {u.code}, unit_parent_) ==
        accounts::Decision::allow)
      mine.push_back(u.code);
  if (accounts::decide(actor, actions::publish_news, {province_code_}, unit_parent_) ==
      accounts::Decision::allow)
    mine.push_back(province_code_);
  return db_.read([&](db::Connection& c) { return store::for_units(c, mine, 100); });
}

Article NewsService::find_for_officer(const Actor& actor, int64_t id) {
  auto a = db_.read([&](db::Connection& c) { return store::find(c, id); });
  if (!a) throw Error(ErrorKind::not_found, "news_not_found", "No such article");
  require_units(actor, a->unit_codes);
  return *a;
}

Article NewsService::editable(const Actor& actor, int64_t id) {
  Article a = find_for_officer(actor, id);
  require_editable(a);
  return a;
}

void NewsService::require_editable(const Article& a) {
  if (!a.editable())
    throw Error(ErrorKind::conflict, "news_archived", "An archived article is not edited");
}

std::string NewsService::unit_names(const Article& a) const {
  std::string out;
  for (const auto& code : a.unit_codes) {
    auto u = units_.find(units::kGeneration2025, code);
    out += (out.empty() ? "" : ", ") + (u ? u->name : code);
  }
  return out;
}

}  // namespace cds::news
