#include "feedback/commands.h"

#include <algorithm>
#include <iterator>

#include "agencies/service.h"
#include "core/error.h"
#include "feedback/internal.h"
#include "feedback/permissions.h"
#include "feedback/store.h"
#include "feedback/workflow.h"
#include "units/service.h"

namespace cds::feedback {
namespace {

void require_text(const CommandStep& s, const char* code, const char* message) {
  if (s.text.empty()) throw Error(ErrorKind::bad_input, code, message);
}

void note(CommandStep& s) {
  require_text(s, "text_required", "Write the note");
  s.event.kind = "note";
  s.event.body = s.text;
}

void assign(CommandStep& s) {
  auto agency = agencies::find(s.c, s.action.agency_id);
  if (!agency || !agency->active)
    throw Error(ErrorKind::bad_input, "bad_agency", "Unknown or deactivated agency");
  Report& r = s.report;
  bool moving = r.agency_id != 0 && r.agency_id != s.action.agency_id;
  if (moving) {
    require_text(s, "reason_required", "Say why the report goes to another agency");
    // The reason stays internal; the public timeline says only who handles it now.
    store::insert_event(
        s.c, r.id, {0, s.event.at, "note", r.status, r.status, s.text, false, s.actor.account_id});
  }
  s.event.kind = moving ? "reassigned" : "status";
  s.event.body = agency->name;
  r.agency_id = s.action.agency_id;
}

void start(CommandStep&) {}

void resolve(CommandStep& s) {
  require_text(s, "answer_required", "Write the answer for the citizen");
  Report& r = s.report;
  s.event.kind = "answer";
  s.event.body = s.text;
  r.answer = s.text;
  r.resolved_at = s.event.at;
  size_t first = r.photos.size();
  for (size_t i = 0; i < s.photos.size(); ++i)
    store::insert_photo(s.c, r.id, s.photos[i], static_cast<int>(first + i));
}

void reject(CommandStep& s) {
  require_text(s, "reason_required", "Say why the report is rejected");
  s.event.body = s.text;
  std::string suggested = text::nfc(text::trim(s.action.suggested_agency));
  if (!suggested.empty()) s.event.body += "\n→ " + suggested;
  s.report.answer = s.event.body;
}

void duplicate(CommandStep& s) {
  auto original = store::report_by_public_id(s.c, s.action.duplicate_of);
  if (!original || original->id == s.report.id)
    throw Error(ErrorKind::bad_input, "bad_duplicate", "Name the original report");
  s.report.duplicate_of = original->id;
  s.event.body = original->public_id;
}

// A report that came with only a pin outside every known boundary waits in the province's
// triage queue; an officer places it in a commune, and its deadline starts that day.
void place(CommandStep& s) {
  Report& r = s.report;
  if (!awaiting_place(r))
    throw Error(ErrorKind::conflict, "already_placed", "The report already has its commune");
  auto unit = s.units.find(units::kGeneration2025, s.action.unit_code);
  if (!unit || unit->level != "commune" || unit->parent_code != s.province_code)
    throw Error(ErrorKind::bad_input, "bad_unit", "Choose a commune or ward of the province");
  accounts::require(s.actor, actions::handle_report, {unit->code, r.agency_id, 0}, s.unit_parent);
  s.c.touch(unit_scope(r.unit_code));  // it leaves the triage queue's lists
  r.unit_code = unit->code;
  if (r.agency_id == 0)
    if (auto agency = s.settings.route(r.category_code, unit->code, unit->parent_code))
      r.agency_id = *agency;
  auto k = s.settings.category(r.category_code);
  r.deadline_on = s.settings.deadline_from_today(k ? k->deadline_days : 5);
  s.event.kind = "placed";
  s.event.body = unit->name;
}

constexpr OfficerCommand kCommands[] = {
    {.name = "assign", .to = State::assigned, .apply = assign},
    {.name = "start", .to = State::in_progress, .apply = start},
    {.name = "resolve", .to = State::resolved, .apply = resolve, .takes_photos = true},
    {.name = "reject", .to = State::rejected, .apply = reject},
    {.name = "duplicate", .to = State::duplicate, .apply = duplicate},
    {.name = "note",
     .to = std::nullopt,
     .is_public = false,
     .apply = note,
     .texts_reporter = false},
    // Placing changes no state: the reporter hears of it in the app, not by text.
    {.name = "place",
     .to = std::nullopt,
     .apply = place,
     .notice = "notify.report.placed",
     .texts_reporter = false},
};

}  // namespace

const OfficerCommand* officer_command(std::string_view name) {
  auto it = std::find_if(std::begin(kCommands), std::end(kCommands),
                         [&](const OfficerCommand& k) { return k.name == name; });
  return it == std::end(kCommands) ? nullptr : &*it;
}

}  // namespace cds::feedback
