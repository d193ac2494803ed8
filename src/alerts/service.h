// Emergency alerts: officers with the alert role draft them for the units of their scopes;
// an Actual alert goes out only when a second officer approves it (the two-person rule), an
// Exercise or Test when its drafter sends it; Cancel and Update refer to the alert they
// change. Everything is audited; alerts expire by themselves (expire_due, a scheduler job).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "accounts/authz.h"
#include "alerts/model.h"
#include "db/connection.h"

namespace cds::units {
class UnitService;
}

namespace cds::alerts {

// What an officer gives for a new alert; the service adds identifier, sender and times.
struct Draft {
  std::string status = "Actual", event;
  std::vector<std::string> categories, response_types;
  std::string urgency = "Expected", severity = "Severe", certainty = "Likely";
  std::string effective, onset, expires;  // RFC 3339; effective defaults to now
  std::vector<Text> texts;                // vi-VN required
  std::vector<std::string> unit_codes;    // 2025 units
  std::vector<Point> polygon;
  std::optional<Circle> circle;
  std::string area_desc;  // for a drawn area alone (with units, their names are used)
};

class AlertService {
 public:
  AlertService(db::Database& db, const units::UnitService& units, accounts::UnitParent unit_parent,
               std::string province_code, std::string sender);

  Record draft(const accounts::Actor& actor, const Draft& draft, const std::string& ip);
  // An Exercise or Test goes out at once; an Actual one waits for a second officer.
  Record submit(const accounts::Actor& actor, int64_t id, const std::string& ip);
  // By an officer other than the drafter, with the alert role on the area: the alert goes out.
  Record approve(const accounts::Actor& actor, int64_t id, const std::string& ip);
  // A Cancel message referring to the alert goes out at once; the alert stops being in force.
  Record cancel(const accounts::Actor& actor, int64_t id, const std::string& ip);

  // Drafts and waiting alerts only for officers who may issue them; messages that went out
  // for everyone (they are public).
  Record find(const accounts::Actor& actor, int64_t id);
  std::optional<Record> published(int64_t id);
  std::vector<Record> went_out(size_t limit);
  // Alerts in force for a commune (and its province).
  std::vector<Record> in_force(const std::string& unit_code);
  // The drafts and waiting alerts whose area this actor covers: their own drafts, and the
  // Actual alerts others drafted that wait for a second officer.
  struct Desk {
    std::vector<Record> to_approve, drafts;
  };
  Desk desk(const accounts::Actor& actor);
  // Every alert in force in the province.
  std::vector<Record> all_in_force();
  // The same, held in memory for the banner every page shows: read again after a change to
  // alerts commits (in any process) or when the first of them expires. last_event is the
  // newest live event then: a page's script follows events from there.
  struct InForce {
    std::vector<Record> alerts;
    int64_t last_event = 0;
  };
  std::shared_ptr<const InForce> in_force_now() const;
  // Whether an alert concerns a commune: it names it or its province, or has no units.
  bool concerns(const Alert& alert, const std::string& unit_code) const;
  size_t expire_due();
  // serve --demo: the alerts of data/demo/alerts.csv, once, into a database without alerts.
  void load_demo(const std::filesystem::path& dir);
  const std::string& sender() const { return sender_; }

 private:
  // The units the actor must cover: the area's, or the province for a drawn area alone.
  void require_area(const accounts::Actor& actor, const Alert& alert) const;
  bool covers_area(const accounts::Actor& actor, const Alert& alert) const;
  Record load(db::Connection& c, int64_t id) const;

  db::Database& db_;
  const units::UnitService& units_;
  accounts::UnitParent unit_parent_;
  std::string province_code_, sender_;
  mutable std::mutex banner_mutex_;
  mutable std::shared_ptr<const InForce> banner_;
  mutable uint64_t banner_since_ = 0;
  mutable std::string banner_until_;  // the first expiry among them (UTC), "" for none
};

}  // namespace cds::alerts
