// Loading the default settings and the demo data.

#include <map>

#include "accounts/service.h"
#include "agencies/service.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "feedback/internal.h"
#include "feedback/service.h"
#include "feedback/store.h"
#include "feedback/workflow.h"
#include "units/service.h"

namespace cds::feedback {

void Settings::seed_defaults(const std::filesystem::path& dir) {
  db_.write([&](db::Connection& c) {
    if (store::count(c, "categories") == 0) {
      auto table = csv::read_file((dir / "categories.csv").string());
      auto col = [&](const std::vector<std::string>& row, const char* name) {
        return text::nfc(table.field(row, name));
      };
      std::map<std::string, int64_t> ids;
      int position = 0;
      for (const auto& row : table.rows) {
        Category k;
        k.code = col(row, "code");
        k.group_vi = col(row, "group_vi");
        k.group_en = col(row, "group_en");
        k.name_vi = col(row, "name_vi");
        k.name_en = col(row, "name_en");
        k.description_vi = col(row, "description_vi");
        k.description_en = col(row, "description_en");
        k.deadline_days = std::stoi(col(row, "deadline_days"));
        ids[k.code] = store::insert_category(c, k, position++);
      }
      auto questions = csv::read_file((dir / "questions.csv").string());
      auto qcol = [&](const std::vector<std::string>& row, const char* name) {
        return text::nfc(questions.field(row, name));
      };
      int qpos = 0;
      for (const auto& row : questions.rows) {
        auto id = ids.find(qcol(row, "category"));
        if (id == ids.end()) continue;
        Question q{
            qcol(row, "code"), qcol(row, "label_vi"),        qcol(row, "label_en"),
            qcol(row, "kind"), qcol(row, "required") == "1", parse_choices(qcol(row, "choices"))};
        store::insert_question(c, id->second, q, qpos++);
      }
    }
    if (store::count(c, "holidays") == 0) {
      auto table = csv::read_file((dir / "holidays.csv").string());
      for (const auto& row : table.rows)
        if (row.size() >= 2 && timeutil::parse_iso_date(row[0]))
          store::insert_holiday(c, row[0], text::nfc(row[1]));
    }
  });
}

void load_demo(db::Database& db, const Settings& settings, const units::UnitService& units,
               const std::filesystem::path& dir) {
  auto agencies = csv::read_file((dir / "agencies.csv").string());
  auto rules = csv::read_file((dir / "routing.csv").string());
  auto reports = csv::read_file((dir / "reports.csv").string());
  auto cell = [](const csv::Table& t, const std::vector<std::string>& row, const char* name) {
    return text::nfc(t.field(row, name));
  };
  std::set<timeutil::Date> days = settings.holidays();
  db.write([&](db::Connection& c) {
    if (store::count(c, "agencies") > 0 || store::count(c, "reports") > 0) return;
    std::map<std::string, int64_t> agency_ids;
    for (const auto& row : agencies.rows) {
      accounts::Agency a{0, cell(agencies, row, "name"), cell(agencies, row, "name_en"),
                         cell(agencies, row, "unit_code")};
      agency_ids[a.name] = agencies::insert(c, a);
    }
    for (const auto& row : rules.rows) {
      std::optional<int64_t> category_id;
      if (auto k = settings.category(cell(rules, row, "category"))) category_id = k->id;
      auto agency = agency_ids.find(cell(rules, row, "agency"));
      if (agency != agency_ids.end())
        store::insert_rule(c, category_id, cell(rules, row, "unit_code"), agency->second);
    }
    auto routing = store::routing_rules(c);  // with the rules just inserted
    for (const auto& row : reports.rows) {
      auto k = settings.category(cell(reports, row, "category"));
      auto unit = units.find(units::kGeneration2025, cell(reports, row, "unit_code"));
      if (!k || !unit) continue;
      auto received = timeutil::Clock::now() -
                      std::chrono::hours(24 * std::stoi(cell(reports, row, "days_ago")) + 3);
      Report r;
      r.public_id = new_public_id();
      r.category_id = k->id;
      r.description = cell(reports, row, "description");
      r.unit_code = unit->code;
      r.address_text = cell(reports, row, "address");
      r.lat = std::stod(cell(reports, row, "lat"));
      r.lon = std::stod(cell(reports, row, "lon"));
      r.status = name(State::received);
      r.source = "web";
      r.received_at = timeutil::iso_utc(received);
      r.deadline_on =
          timeutil::iso_date(deadline(timeutil::vietnam_date(received), k->deadline_days, days));
      if (auto agency = store::pick_route(routing, k->code, unit->code, unit->parent_code))
        r.agency_id = *agency;
      r.id = store::insert_report(c, r, text::fold(r.description));
      store::insert_event(c, r.id, {0, r.received_at, "status", "", r.status, "", true, 0});
      std::string status = cell(reports, row, "status"), answer = cell(reports, row, "answer");
      State state = state_of(status);
      if (state == State::received) continue;
      std::string at = timeutil::iso_utc(received + std::chrono::hours(20));
      std::string received_name = r.status;
      r.status = status;
      if (!answer.empty()) r.answer = answer;
      if (state == State::resolved) r.resolved_at = at;
      store::update_report(c, r);
      store::insert_event(c, r.id,
                          {0, at, state == State::resolved ? "answer" : "status", received_name,
                           status, answer, true, 0});
    }
  });
}

}  // namespace cds::feedback
