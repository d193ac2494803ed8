// Handling a report: the officers' actions and the reporter's (reopen, rate), me-too and following;
// each authorised, in one transaction with its audit entry and notifications.

#include <spdlog/spdlog.h>

#include <algorithm>

#include "accounts/service.h"
#include "core/error.h"
#include "core/text.h"
#include "feedback/commands.h"
#include "feedback/internal.h"
#include "feedback/permissions.h"
#include "feedback/service.h"
#include "feedback/store.h"
#include "feedback/workflow.h"
#include "http/response.h"
#include "live/events.h"
#include "notify/inbox.h"

namespace cds::feedback {
using accounts::Actor;

void FeedbackService::record_change(db::Connection& c, Report& r, const Event& event,
                                    const std::string& message_key) {
  store::update_report(c, r);
  store::insert_event(c, r.id, event);
  if (!event.is_public) return;
  // The reporter and the followers hear of every public change (in-app notifications), and
  // at once on the pages they have open (a live event for each of them).
  live::Event update{.kind = "report",
                     .audience = {},
                     .data = http::json_text(boost::json::object{
                         {"report", r.public_id}, {"status", r.status}, {"link", report_link(r)}})};
  for (int64_t follower : store::followers(c, r.id)) {
    if (follower == event.actor_account) continue;
    notify::post(c, follower, message_key, r.public_id, report_link(r));
    update.audience.push_back(live::person_key(follower));
  }
  if (!update.audience.empty()) live::publish(c, update);
}

namespace {

// The report of this public id, in the caller's transaction; 404 when there is none.
Report load_report(db::Connection& c, const std::string& public_id) {
  auto found = store::report_by_public_id(c, public_id);
  if (!found) throw Error(ErrorKind::not_found, "report_not_found", "No such report");
  return *found;
}

// The same, for its reporter alone (reopening, rating).
Report reporters_report(db::Connection& c, const Actor& actor, const std::string& public_id,
                        const accounts::UnitParent& unit_parent) {
  Report r = load_report(c, public_id);
  accounts::require(actor, actions::act_as_reporter, {r.unit_code, r.agency_id, r.reporter_account},
                    unit_parent);
  return r;
}

}  // namespace

Report FeedbackService::act(const Actor& actor, const std::string& public_id,
                            const OfficerAction& a, const std::string& ip) {
  const OfficerCommand* command = officer_command(a.kind);
  if (!command) throw Error(ErrorKind::bad_input, "bad_action", "Unknown action");
  if (a.photos.size() > kMaxPhotos)
    throw Error(ErrorKind::bad_input, "too_many_photos", "At most 5 photos");
  if (!a.photos.empty() && !command->takes_photos)
    throw Error(ErrorKind::bad_input, "bad_action", "Photos go with an answer");
  if (!a.photos.empty() && !find(public_id))
    throw Error(ErrorKind::not_found, "report_not_found", "No such report");
  std::string text = text::nfc(text::trim(a.text));
  if (char_count(text) > kMaxDescriptionChars)
    throw Error(ErrorKind::bad_input, "bad_text", "The text is too long");
  std::vector<Photo> photos = save_photos(public_id, "answer", 0, a.photos);
  Report changed;
  try {
    changed = db_.write([&](db::Connection& c) {
      Report r = load_report(c, public_id);
      accounts::require(actor, actions::handle_report,
                        {r.unit_code, r.agency_id, r.reporter_account}, unit_parent_);
      std::string to = command->to ? std::string(name(*command->to)) : r.status;
      if (command->to && !officer_may_move(r.status, to))
        throw Error(ErrorKind::conflict, "bad_transition",
                    "A report in state " + r.status + " cannot become " + to);
      Event e{0, now(), "status", r.status, to, "", command->is_public, actor.account_id};
      CommandStep step{
          c, r, e, a, text, photos, actor, *this, units_, unit_parent_, province_code_};
      command->apply(step);
      r.status = to;
      record_change(
          c, r, e,
          command->notice.empty() ? "notify.report." + e.to_status : std::string(command->notice));
      audit_report(c, actor, "report." + a.kind, r, ip);
      return *store::report_by_id(c, r.id);
    });
  } catch (...) {
    remove_files(photos);
    throw;
  }
  if (command->is_public && command->texts_reporter)
    text_reporter(changed);  // after the commit: a slow gateway never holds the database
  return changed;
}

void FeedbackService::text_reporter(const Report& r) {
  if (!sms_ || !catalogues_ || !r.reporter_account) return;
  auto phone = db_.read([&](db::Connection& c) {
    return accounts::phone_if_consented(c, r.reporter_account, "notifications");
  });
  if (phone.empty()) return;
  std::string text = catalogues_->text("vi", "sms.report." + r.status);
  if (auto at = text.find("{id}"); at != std::string::npos) text.replace(at, 4, r.public_id);
  try {
    sms_->send(phone, text);
  } catch (const std::exception& e) {
    spdlog::warn("status text for report {} not sent: {}", r.public_id,
                 e.what());  // the change itself stands
  }
}

Report FeedbackService::reopen(const Actor& actor, const std::string& public_id,
                               const std::string& reason, const std::string& ip) {
  return db_.write([&](db::Connection& c) {
    Report r = reporters_report(c, actor, public_id, unit_parent_);
    // resolved_at is UTC; the 7 days count in Vietnam's calendar.
    timeutil::Date resolved_on{};
    if (auto at = timeutil::parse_w3c(r.resolved_at)) resolved_on = timeutil::vietnam_date(*at);
    if (!may_reopen(r.status, resolved_on, today()))
      throw Error(ErrorKind::conflict, "cannot_reopen",
                  "Only a report resolved in the last 7 days can be reopened");
    std::string reopened(name(State::reopened));
    Event e{0,    now(),           "status", r.status, reopened, text::nfc(text::trim(reason)),
            true, actor.account_id};
    r.status = reopened;
    r.resolved_at.clear();
    record_change(c, r, e, "notify.report.reopened");
    audit_report(c, actor, "report.reopen", r, ip);
    return *store::report_by_id(c, r.id);
  });
}

Report FeedbackService::rate(const Actor& actor, const std::string& public_id, int64_t stars,
                             const std::string& comment, const std::string& ip) {
  if (stars < 1 || stars > 5) throw Error(ErrorKind::bad_input, "bad_rating", "Give 1 to 5 stars");
  std::string text = text::nfc(text::trim(comment));
  if (char_count(text) > 1000)
    throw Error(ErrorKind::bad_input, "bad_text", "The comment is too long");
  return db_.write([&](db::Connection& c) {
    Report r = reporters_report(c, actor, public_id, unit_parent_);
    if (state_of(r.status) != State::resolved)
      throw Error(ErrorKind::conflict, "cannot_rate", "Only a resolved report can be rated");
    r.rating = stars;
    r.rating_comment = text;
    record_change(
        c, r,
        {0, now(), "rating", r.status, r.status, std::to_string(stars), true, actor.account_id},
        "notify.report.rated");
    audit_report(c, actor, "report.rate", r, ip);
    return *store::report_by_id(c, r.id);
  });
}

Report FeedbackService::support(const Actor& actor, const std::string& public_id,
                                const std::string& ip) {
  accounts::require(actor, actions::follow_report, {}, unit_parent_);
  return db_.write([&](db::Connection& c) {
    Report r = load_report(c, public_id);
    if (!is_open(r.status))
      throw Error(ErrorKind::conflict, "report_closed", "This report is already closed");
    if (r.reporter_account != actor.account_id && store::add_supporter(c, r.id, actor.account_id)) {
      ++r.support_count;
      store::update_report(c, r);
      store::add_follower(c, r.id, actor.account_id);
      audit_report(c, actor, "report.support", r, ip);
    }
    return *store::report_by_id(c, r.id);
  });
}

void FeedbackService::follow(const Actor& actor, const std::string& public_id,
                             const std::string& ip) {
  accounts::require(actor, actions::follow_report, {}, unit_parent_);
  db_.write([&](db::Connection& c) {
    Report r = load_report(c, public_id);
    store::add_follower(c, r.id, actor.account_id);
    audit_report(c, actor, "report.follow", r, ip);
  });
}

void FeedbackService::unfollow(const Actor& actor, const std::string& public_id,
                               const std::string& ip) {
  accounts::require(actor, actions::follow_report, {}, unit_parent_);
  db_.write([&](db::Connection& c) {
    Report r = load_report(c, public_id);
    if (store::remove_follower(c, r.id, actor.account_id))
      audit_report(c, actor, "report.unfollow", r, ip);
  });
}

std::pair<bool, bool> FeedbackService::following_and_support(const Actor& actor,
                                                             const Report& r) const {
  if (!actor.signed_in()) return {false, false};
  return db_.read(
      [&](db::Connection& c) { return store::following_and_support(c, r.id, actor.account_id); });
}

FeedbackService::MyReports FeedbackService::my_reports(const Actor& actor) const {
  accounts::require(actor, actions::follow_report, {}, unit_parent_);
  return db_.read([&](db::Connection& c) {
    MyReports mine;
    mine.filed = store::reports_by_reporter(c, actor.account_id);
    auto followed = store::followed_reports(c, actor.account_id);
    for (const auto& id : followed)
      if (auto r = store::report_by_public_id(c, id); r && r->reporter_account != actor.account_id)
        mine.followed.push_back(*r);
    auto newest = [](const Report& a, const Report& b) { return a.updated_at > b.updated_at; };
    std::sort(mine.filed.begin(), mine.filed.end(), newest);
    std::sort(mine.followed.begin(), mine.followed.end(), newest);
    return mine;
  });
}

}  // namespace cds::feedback
