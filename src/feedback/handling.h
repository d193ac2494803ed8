// The officers' side of one field report: their commands (assign, start, resolve, reject,
// duplicate, note, place; feedback/commands.h) run once each through act(), with the status
// text to a consenting reporter after the commit; and the escalation of overdue reports to
// the unit administrators.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "accounts/authz.h"
#include "core/i18n.h"
#include "db/connection.h"
#include "feedback/model.h"
#include "media/images.h"
#include "notify/sms.h"

namespace cds::units {
class UnitService;
}

namespace cds::feedback {

class Settings;

// What an officer does to a report.
struct OfficerAction {
  std::string kind;       // assign | start | resolve | reject | duplicate | note | place
  int64_t agency_id = 0;  // assign: the agency taking it (reassignment needs a reason)
  std::string text;       // resolve: the public answer; reject: the reason; note: internal text
  std::string suggested_agency;               // reject: who is responsible instead
  std::string duplicate_of;                   // duplicate: the original's public id
  std::string unit_code;                      // place: the commune a triaged report goes to
  std::vector<media::ProcessedImage> photos;  // resolve: photos of the work done
};

class Handling {
 public:
  Handling(db::Database& db, const units::UnitService& units, accounts::UnitParent unit_parent,
           const Settings& settings, std::filesystem::path uploads_dir, std::string province_code);

  Report act(const accounts::Actor& actor, const std::string& public_id,
             const OfficerAction& action, const std::string& ip);

  // Status changes are also texted to reporters who consented to notifications.
  void set_text_messages(notify::SmsSender& sms, const i18n::Catalogues& catalogues) {
    sms_ = &sms;
    catalogues_ = &catalogues;
  }

  // Open reports past their deadline go, once, to the unit administrators of their commune
  // and province (an in-app notice and an internal timeline entry). Returns how many.
  size_t escalate_overdue();

 private:
  void text_reporter(const Report& report);

  db::Database& db_;
  const units::UnitService& units_;
  accounts::UnitParent unit_parent_;
  const Settings& settings_;
  std::filesystem::path uploads_dir_;
  std::string province_code_;
  notify::SmsSender* sms_ = nullptr;
  const i18n::Catalogues* catalogues_ = nullptr;
};

}  // namespace cds::feedback
