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
#include "core/error.h"
#include "db/connection.h"

namespace cds::units {
class UnitService;
}
namespace cds::notify {
class SmsSender;
}
namespace cds::i18n {
class Catalogues;
}

namespace cds::alerts {
struct CommandInput;  // commands.h

// An approval named a version of the alert's content that is no longer the current one (409).
struct StaleVersion : Error {
  explicit StaleVersion(int64_t now)
      : Error(ErrorKind::conflict, "alert_changed",
              "The alert changed since it was read: read it again before approving"),
        current(now) {}
  int64_t current;
};

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
  int64_t updates = 0;    // an alert in force this one replaces (CAP msgType Update)
};

// A resident's answer to an alert.
struct AnswerInput {
  std::string answer;  // safe | need_help
  std::string note;
  std::optional<double> lat, lon;
};

// What officers see of an alert's answers, per commune they cover.
struct CommuneFigures {
  std::string unit_code, unit_name;
  int64_t residents = 0;  // active accounts whose home it is
  int64_t connected = 0;  // open live pages of the commune when the alert went out
  int64_t safe = 0, need_help = 0;
};
struct CallForHelp {
  int64_t id = 0;
  std::string unit_name, name, phone, note, answered_at, handled_at;
  std::optional<double> lat, lon;
};
struct Answers {
  std::vector<CommuneFigures> communes;
  std::vector<CallForHelp> calls;  // unhandled first
};

class AlertService {
 public:
  AlertService(db::Database& db, const units::UnitService& units, accounts::UnitParent unit_parent,
               std::string province_code, std::string sender);

  Record draft(const accounts::Actor& actor, const Draft& draft, const std::string& ip);
  // A draft rewritten, with the same checks as a new one, by an officer of its area, who
  // becomes its drafter (so cannot also approve it). Only a draft.
  Record revise(const accounts::Actor& actor, int64_t id, const Draft& draft,
                const std::string& ip);
  // An alert waiting for approval goes back to be redrafted, with the reason (1–500
  // characters), shown to its drafter. By any officer of its area; its drafter may take it
  // back without a reason.
  Record send_back(const accounts::Actor& actor, int64_t id, const std::string& reason,
                   const std::string& ip);
  // A draft that will not be sent leaves the desks (kept, for the audit log).
  Record discard(const accounts::Actor& actor, int64_t id, const std::string& ip);
  // An Exercise or Test goes out at once; an Actual one waits for a second officer.
  Record submit(const accounts::Actor& actor, int64_t id, const std::string& ip);
  // By an officer with the alert role on the area who neither wrote the content as it stands
  // nor submitted it, naming the version they read (StaleVersion when it changed since): the
  // alert goes out.
  Record approve(const accounts::Actor& actor, int64_t id, int64_t version, const std::string& ip);
  // What the second officer reads before approving an Actual alert waiting for them: the alert
  // as residents will see it, who wrote and who submitted it, how many residents will be
  // texted. Only for an officer of its area who may approve it (not its authors).
  struct Review {
    Record record;
    std::string drafted_by, submitted_by;  // names
    int64_t texts = 0;
  };
  Review review(const accounts::Actor& actor, int64_t id);
  // A Cancel message referring to the alert goes out at once; the alert stops being in force.
  Record cancel(const accounts::Actor& actor, int64_t id, const std::string& ip);
  // The alert an Update would replace, for its form: in force, in the actor's area.
  Record updatable(const accounts::Actor& actor, int64_t id) const;
  // A draft, for its form: in the actor's area.
  Record revisable(const accounts::Actor& actor, int64_t id) const;

  // Drafts and waiting alerts only for officers who may issue them; messages that went out
  // for everyone (they are public).
  Record find(const accounts::Actor& actor, int64_t id) const;
  std::optional<Record> published(int64_t id);
  std::vector<Record> went_out(size_t limit);
  // Alerts in force for a commune (and its province).
  std::vector<Record> in_force(const std::string& unit_code);
  // The drafts and waiting alerts whose area this actor covers: their own drafts, and the
  // Actual alerts others drafted that wait for a second officer.
  // to_approve: Actual alerts others wrote that wait for a second officer; waiting: those this
  // actor wrote or submitted, waiting for someone else; drafts: their own drafts.
  struct Desk {
    std::vector<Record> to_approve, waiting, drafts;
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
  // ---- residents' answers (responses.cpp) ----
  // A signed-in resident of the area answers an alert in force; a new answer replaces theirs.
  void answer(const accounts::Actor& actor, int64_t id, const AnswerInput& input,
              const std::string& ip);
  // The actor's answer ("safe", "need_help" or ""), and when an officer took a call for help.
  struct MyAnswer {
    std::string answer, handled_at;  // handled_at: UTC, "" until taken
  };
  MyAnswer my_answer(const accounts::Actor& actor, int64_t id);
  // Calls for help nobody has taken yet, per alert in force and commune the actor follows.
  struct OpenCalls {
    int64_t alert_id = 0;
    std::string headline, unit_name;
    int64_t count = 0;
  };
  std::vector<OpenCalls> open_calls(const accounts::Actor& actor);
  // Whether the actor lives in the alert's area (and may answer while it is in force).
  bool in_area(const accounts::Actor& actor, const Record& r) const;
  // Per commune the actor follows; the calls for help with names and phones (an audited read).
  Answers answers(const accounts::Actor& actor, int64_t id, const std::string& ip);
  void mark_handled(const accounts::Actor& actor, int64_t id, int64_t answer_id,
                    const std::string& ip);
  // The communes of an alert's area (a province stands for its communes; a drawn area alone
  // for the whole province).
  std::vector<std::string> area_communes(const Alert& alert) const;

  // ---- text messages (texts.cpp) ----
  void set_text_messages(notify::SmsSender& sms, const i18n::Catalogues& catalogues,
                         std::string public_url);
  // The scheduler's job: texts the consenting residents of queued alerts, a batch at a time,
  // counting sent and failed; how many texts it sent.
  size_t send_texts();

  // serve --demo: the alerts of data/demo/alerts.csv, once, into a database without alerts.
  void load_demo(const std::filesystem::path& dir);
  const std::string& sender() const { return sender_; }

 private:
  // The runner of the officers' commands (commands.h): load, area, state, the command, audit,
  // live event and texts, in one transaction.
  Record act(const accounts::Actor& actor, int64_t id, std::string_view command,
             const CommandInput& input, const std::string& ip);
  // In the transaction of a resident's call for help: the commune's officers get a notice and
  // a live event on their open pages.
  void tell_officers_of_call(db::Connection& c, const Record& r, const std::string& unit);
  // The units the actor must cover: the area's, or the province for a drawn area alone.
  void require_area(const accounts::Actor& actor, const Alert& alert) const;
  bool covers_area(const accounts::Actor& actor, const Alert& alert) const;
  Record load(db::Connection& c, int64_t id) const;
  // The record a draft makes, checked (CAP rules, area the actor's), not yet stored.
  Record compose(const accounts::Actor& actor, const Draft& draft) const;

  db::Database& db_;
  const units::UnitService& units_;
  accounts::UnitParent unit_parent_;
  std::string province_code_, sender_;
  mutable std::mutex banner_mutex_;
  mutable std::shared_ptr<const InForce> banner_;
  mutable uint64_t banner_since_ = 0;
  mutable std::string banner_until_;  // the first expiry among them (UTC), "" for none
  notify::SmsSender* sms_ = nullptr;
  const i18n::Catalogues* catalogues_ = nullptr;
  std::string public_url_;
  std::string text_holder_;  // this process, as the holder of a lease on an alert's texts
};

}  // namespace cds::alerts
