// The demo's alerts (serve --demo): an exercise in force for two communes with its drawn area,
// and an earlier warning that was cancelled, so that a new user sees every alert page filled.
#include <filesystem>

#include "alerts/cap.h"
#include "alerts/service.h"
#include "alerts/store.h"
#include "core/csv.h"
#include "core/text.h"
#include "core/time.h"
#include "units/service.h"

namespace cds::alerts {

void AlertService::load_demo(const std::filesystem::path& dir) {
  auto table = csv::read_file((dir / "alerts.csv").string());
  db_.write([&](db::Connection& c) {
    if (!c.query("SELECT id FROM alerts LIMIT 1").empty()) return;
    auto now = timeutil::Clock::now();
    for (const auto& row : table.rows) {
      auto cell = [&](const char* name) { return text::nfc(table.field(row, name)); };
      auto hours = [&](const char* name) {
        return std::chrono::hours(text::parse_int(cell(name)).value_or(0));
      };
      Record r;
      Alert& a = r.alert;
      a.identifier = "cds-" + province_code_ + "-demo-" + std::to_string(&row - &table.rows[0]);
      a.sender = sender_;
      a.sent = timeutil::w3c_vietnam(now - hours("hours_ago"));
      a.status = cell("status");
      a.event = cell("event");
      a.categories = {cell("category")};
      a.response_types = text::split_words(cell("response"));
      a.urgency = cell("urgency");
      a.severity = cell("severity");
      a.certainty = cell("certainty");
      a.effective = a.sent;
      a.expires = timeutil::w3c_vietnam(now - hours("hours_ago") + hours("hours_valid"));
      a.texts = {{"vi-VN", cell("headline"), cell("description"), cell("instruction")}};
      std::string names;
      for (const auto& code : text::split_words(cell("units"))) {
        auto u = units_.find(units::kGeneration2025, code);
        if (!u) continue;
        a.unit_codes.push_back(code);
        names += (names.empty() ? "" : ", ") + u->name;
      }
      a.area_desc = names;
      for (const auto& pair : text::split_words(cell("polygon"))) {
        size_t comma = pair.find(',');
        a.polygon.push_back({std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1))});
      }
      validate(a);
      r.state = State::sent;
      a.id = store::insert(c, r);
      store::set_state(c, a.id, State::sent, 0, a.sent);
      if (cell("cancelled") != "yes") continue;
      Record cancel = r;
      cancel.alert.identifier += "-huy";
      cancel.alert.msg_type = "Cancel";
      cancel.alert.sent = timeutil::w3c_vietnam(now - hours("hours_ago") / 2);
      cancel.alert.effective = cancel.alert.sent;
      cancel.alert.response_types = {"AllClear"};
      cancel.alert.references = {reference_to(a)};
      cancel.references_alert = a.id;
      validate(cancel.alert);
      cancel.alert.id = store::insert(c, cancel);
      store::set_state(c, cancel.alert.id, State::sent, 0, cancel.alert.sent);
      store::set_state(c, a.id, State::cancelled, 0, "");
    }
  });
}

}  // namespace cds::alerts
