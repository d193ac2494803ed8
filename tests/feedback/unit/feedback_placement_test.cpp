// The feedback service against an in-memory SQLite: where a report goes when it comes with only
// a point, and the officer's "place" command that gives it a commune and starts its deadline.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "all_migrations.h"
#include "core/error.h"
#include "db/connection.h"
#include "db/migrate.h"
#include "feedback/service.h"
#include "feedback/store.h"
#include "feedback/workflow.h"
#include "units/service.h"

namespace fs = std::filesystem;
using cds::Error;
using cds::ErrorKind;
using namespace cds::feedback;

namespace {

// Lào Cai (15) with two communes, and nothing of 2019 but the province.
fs::path tiny_units() {
  fs::path dir = fs::temp_directory_path() / ("cds-units-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "units-2025.csv")
      << "code,name,level,parent_code\n15,Tỉnh Lào Cai,province,\n"
         "04252,Phường Yên Bái,commune,15\n"
         "04543,Xã Giới Phiên,commune,15\n"
         "01,Thành phố Hà Nội,province,\n"
         "00004,Phường Ba Đình,commune,01\n";
  std::ofstream(dir / "units-2019.csv")
      << "code,name,level,parent_code\n15,Tỉnh Yên Bái,province,\n";
  std::ofstream(dir / "changes-2019-2025.csv") << "old_code,new_code,note\n";
  return dir;
}

class Placement : public ::testing::Test {
 protected:
  Placement()
      : db_(cds::db::Database::open("sqlite::memory:", 1)),
        migrated_((cds::db::migrate(*db_, cds::test::all_migrations()), true)),
        units_(*db_),
        uploads_(fs::temp_directory_path() / ("cds-uploads-" + std::to_string(getpid()))),
        service_(
            *db_, units_, [this](const std::string& code) { return parent(code); }, uploads_,
            "15") {
    units_.import_files(tiny_units());
    service_.settings.seed_defaults(fs::path(CDS_SOURCE_DIR) / "data/feedback");
    machine_.api_key_id = 1;
    machine_.api_scopes = {"open311"};
    province_officer_.account_id = 901;
    province_officer_.roles = {cds::accounts::Role::officer};
    province_officer_.scopes = {{std::nullopt, "15"}};
    ward_officer_.account_id = 902;
    ward_officer_.roles = {cds::accounts::Role::officer};
    ward_officer_.scopes = {{std::nullopt, "04543"}};
  }
  std::string parent(const std::string& code) const {
    auto u = units_.find(cds::units::kGeneration2025, code);
    return u ? u->parent_code : "";
  }
  Report file_pin(double lat, double lon) {
    NewReport n;
    n.category_code = "roads";
    n.description = "Ổ gà giữa đường";
    n.lat = lat;
    n.lon = lon;
    n.source = "open311";
    return service_.filing.file(machine_, n, "127.0.0.1");
  }
  OfficerAction place_in(const std::string& unit) {
    OfficerAction a;
    a.kind = "place";
    a.unit_code = unit;
    return a;
  }
  std::string expected_deadline() const {
    std::set<cds::timeutil::Date> holidays;
    for (const auto& [day, name] : service_.settings.holiday_list())
      if (auto d = cds::timeutil::parse_iso_date(day)) holidays.insert(*d);
    return cds::timeutil::iso_date(deadline(
        service_.settings.today(), service_.settings.category("roads")->deadline_days, holidays));
  }

  std::unique_ptr<cds::db::Database> db_;
  bool migrated_;
  cds::units::UnitService units_;
  fs::path uploads_;
  Services service_;
  cds::accounts::Actor machine_, province_officer_, ward_officer_;
};

const char* kSquareAroundYenBai =
    R"({"type":"FeatureCollection","features":[{"type":"Feature","id":"04252","geometry":)"
    R"({"type":"Polygon","coordinates":[[[104.8,21.6],[105.0,21.6],[105.0,21.8],[104.8,21.8],[104.8,21.6]]]}}]})";

}  // namespace

TEST_F(Placement, APinOutsideEveryBoundaryWaitsInTheProvinceQueueWithoutADeadline) {
  Report r = file_pin(21.7, 104.9);
  EXPECT_EQ(r.unit_code, "15");
  EXPECT_TRUE(awaiting_place(r));
  EXPECT_EQ(r.agency_id, 0);
  EXPECT_FALSE(service_.settings.overdue(r));
  // No deadline, so nothing to escalate.
  EXPECT_EQ(service_.handling.escalate_overdue(), 0u);
}

TEST_F(Placement, ABoundaryPlacesThePinInItsCommuneWithItsDeadline) {
  auto report = units_.import_boundaries(kSquareAroundYenBai, "15");
  EXPECT_EQ(report.imported, 1u);
  Report r = file_pin(21.7, 104.9);
  EXPECT_EQ(r.unit_code, "04252");
  EXPECT_EQ(r.deadline_on, expected_deadline());
  EXPECT_EQ(file_pin(22.5, 104.9).unit_code, "15");  // outside the square
}

TEST_F(Placement, AnOfficerOfTheProvincePlacesItOnceAndTheDeadlineStarts) {
  Report r = file_pin(21.7, 104.9);
  // A commune officer elsewhere may not touch the province's queue.
  EXPECT_THROW(service_.handling.act(ward_officer_, r.public_id, place_in("04543"), ""), Error);
  try {
    service_.handling.act(province_officer_, r.public_id, place_in("00004"), "");
    ADD_FAILURE() << "a commune of another province was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code, "bad_unit");
  }
  Report placed = service_.handling.act(province_officer_, r.public_id, place_in("04543"), "");
  EXPECT_EQ(placed.unit_code, "04543");
  EXPECT_EQ(placed.deadline_on, expected_deadline());
  EXPECT_EQ(placed.status, "received");
  auto events = service_.reports.timeline(placed, false);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().kind, "placed");
  EXPECT_EQ(events.back().body, "Xã Giới Phiên");
  try {
    service_.handling.act(province_officer_, r.public_id, place_in("04252"), "");
    ADD_FAILURE() << "placed twice";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind, ErrorKind::conflict);
  }
  // Now the commune's own officer handles it.
  OfficerAction start;
  start.kind = "start";
  EXPECT_EQ(service_.handling.act(ward_officer_, r.public_id, start, "").status, "in_progress");
}

TEST_F(Placement, UnknownCommandsAndBadPointsAreRefused) {
  Report r = file_pin(21.7, 104.9);
  OfficerAction bogus;
  bogus.kind = "teleport";
  try {
    service_.handling.act(province_officer_, r.public_id, bogus, "");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code, "bad_action");
  }
  try {
    file_pin(48.85, 2.35);  // Paris
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code, "bad_location");
  }
  NewReport nowhere;
  nowhere.category_code = "roads";
  nowhere.description = "x";
  try {
    service_.filing.file(machine_, nowhere, "");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code, "bad_unit");
  }
}

// Routing chooses the category's own rule before one for every
// category, the commune's before the province's, the oldest first.
TEST(FeedbackRouting, TheMostSpecificRuleWins) {
  using cds::feedback::store::RoutingRule;
  std::vector<RoutingRule> rules = {{1, "", "15", 10},         {2, "roads", "15", 20},
                                    {3, "", "04252", 30},      {4, "roads", "04252", 40},
                                    {5, "roads", "04252", 50}, {6, "water", "04543", 60}};
  using cds::feedback::store::pick_route;
  EXPECT_EQ(pick_route(rules, "roads", "04252", "15"), 40);
  EXPECT_EQ(pick_route(rules, "lighting", "04252", "15"), 30);
  EXPECT_EQ(pick_route(rules, "roads", "02647", "15"), 20);
  EXPECT_EQ(pick_route(rules, "lighting", "02647", "15"), 10);
  EXPECT_EQ(pick_route(rules, "water", "04543", "15"), 60);
  EXPECT_EQ(pick_route(rules, "lighting", "02647", "01"), std::nullopt);
}

// The reference read out over the phone: a prefix and six digits at least, read back from the
// ways people type it; anything else is no reference (a search).
TEST(ReportReference, ReadsBackAsPeopleTypeIt) {
  using cds::feedback::parse_report_reference;
  using cds::feedback::report_reference;
  EXPECT_EQ(report_reference(8), "PA-000008");
  EXPECT_EQ(report_reference(1234567), "PA-1234567");
  for (const char* typed : {"PA-000008", "pa-8", "PA 000008", "Pa000008", " PA-000008 "})
    EXPECT_EQ(parse_report_reference(typed), 8) << typed;
  for (const char* other :
       {"000008", "PA-", "PA-0", "PA-12a", "PA--8x", "sạt lở", "", "PA-9999999999999"})
    EXPECT_FALSE(parse_report_reference(other).has_value()) << other;
}
