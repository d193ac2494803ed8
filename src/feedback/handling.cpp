// Handling a report: the officers' commands, run once each, in one transaction with the audit
// entry and the followers' notices; and what every change of a report writes.

#include "feedback/handling.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "accounts/service.h"
#include "audit/service.h"
#include "core/error.h"
#include "core/text.h"
#include "feedback/commands.h"
#include "feedback/internal.h"
#include "feedback/permissions.h"
#include "feedback/settings.h"
#include "feedback/store.h"
#include "feedback/workflow.h"
#include "http/response.h"
#include "live/events.h"
#include "notify/inbox.h"
#include "units/service.h"

namespace cds::feedback {
using accounts::Actor;

Handling::Handling(db::Database& db, const units::UnitService& units,
                   accounts::UnitParent unit_parent, const Settings& settings,
                   std::filesystem::path uploads_dir, std::string province_code)
    : db_(db),
      units_(units),
      unit_parent_(std::move(unit_parent)),
      settings_(settings),
      uploads_dir_(std::move(uploads_dir)),
      province_code_(std::move(province_code)) {}

void record_change(db::Connection& c, Report& r, const Event& event,
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

Report load_report(db::Connection& c, const std::string& public_id) {
  auto found = store::report_by_public_id(c, public_id);
  if (!found) throw Error(ErrorKind::not_found, "report_not_found", "No such report");
  return *found;
}

Report Handling::act(const Actor& actor, const std::string& public_id, const OfficerAction& a,
                     const std::string& ip) {
  const OfficerCommand* command = officer_command(a.kind);
  if (!command) throw Error(ErrorKind::bad_input, "bad_action", "Unknown action");
  if (a.photos.size() > kMaxPhotos)
    throw Error(ErrorKind::bad_input, "too_many_photos", "At most 5 photos");
  if (!a.photos.empty() && !command->takes_photos)
    throw Error(ErrorKind::bad_input, "bad_action", "Photos go with an answer");
  if (!a.photos.empty() && !db_.read([&](db::Connection& c) {
        return store::report_by_public_id(c, public_id).has_value();
      }))
    throw Error(ErrorKind::not_found, "report_not_found", "No such report");
  std::string text = text::nfc(text::trim(a.text));
  if (char_count(text) > kMaxDescriptionChars)
    throw Error(ErrorKind::bad_input, "bad_text", "The text is too long");
  std::vector<Photo> photos = save_photos(uploads_dir_, public_id, "answer", 0, a.photos);
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
          c, r, e, a, text, photos, actor, settings_, units_, unit_parent_, province_code_};
      command->apply(step);
      r.status = to;
      record_change(
          c, r, e,
          command->notice.empty() ? "notify.report." + e.to_status : std::string(command->notice));
      audit_report(c, actor, "report." + a.kind, r, ip);
      return *store::report_by_id(c, r.id);
    });
  } catch (...) {
    remove_files(uploads_dir_, photos);
    throw;
  }
  if (command->is_public && command->texts_reporter)
    text_reporter(changed);  // after the commit: a slow gateway never holds the database
  return changed;
}

void Handling::text_reporter(const Report& r) {
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

size_t Handling::escalate_overdue() {
  return db_.write([&](db::Connection& c) {
    auto overdue = store::overdue_unescalated(c, timeutil::iso_date(settings_.today()), 1000);
    for (const auto& r : overdue) {
      std::vector<std::string> units{r.unit_code};
      if (auto u = units_.find(units::kGeneration2025, r.unit_code); u && !u->parent_code.empty())
        units.push_back(u->parent_code);
      auto admins = accounts::role_holders(c, accounts::Role::unit_admin, units);
      for (int64_t admin : admins)
        notify::post(c, admin, "notify.report.overdue", r.public_id, report_link(r));
      store::insert_event(
          c, r.id,
          {0, now(), "escalated", r.status, r.status, std::to_string(admins.size()), false, 0});
      store::mark_escalated(c, r.id);
      audit::record(c, {.action = "report.escalated",
                        .detail = "report=" + r.public_id,
                        .ip = "system",
                        .unit_code = r.unit_code});
    }
    return overdue.size();
  });
}

}  // namespace cds::feedback
