// What the administration's pages stand on: the unit picker's choice, list links that keep
// their filters, folded search, and the audit log's filters by person, unit, day and page.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "all_migrations.h"
#include "audit/service.h"
#include "core/error.h"
#include "core/time.h"
#include "db/connection.h"
#include "db/migrate.h"
#include "http/request.h"
#include "units/picker.h"
#include "units/service.h"
#include "web/lists.h"

namespace fs = std::filesystem;
using namespace cds;

namespace {

fs::path picker_units() {
  fs::path dir = fs::temp_directory_path() / ("cds-picker-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "units-2025.csv")
      << "code,name,level,parent_code\n15,Tỉnh Lào Cai,province,\n"
         "04750,Xã Bảo Ái,commune,15\n"
         "02989,Xã Bảo Hà,commune,15\n"
         "04252,Phường Yên Bái,commune,15\n"
         "01,Thành phố Hà Nội,province,\n"
         "00004,Phường Bảo Ba,commune,01\n";
  std::ofstream(dir / "units-2019.csv")
      << "code,name,level,parent_code\n15,Tỉnh Yên Bái,province,\n";
  std::ofstream(dir / "changes-2019-2025.csv") << "old_code,new_code,note\n";
  return dir;
}

class Picker : public ::testing::Test {
 protected:
  Picker()
      : db_(db::Database::open("sqlite::memory:", 1)),
        migrated_((db::migrate(*db_, cds::test::all_migrations()), true)),
        units_(*db_) {
    units_.import_files(picker_units());
  }
  units::UnitPick pick(const std::string& code, const std::string& typed) {
    return units::pick_unit(units_, code, typed, lao_cai_);
  }
  std::unique_ptr<db::Database> db_;
  bool migrated_;
  units::UnitService units_;
  // Only Lào Cai's units, as for an administrator of that province.
  units::UnitAllowed lao_cai_ = [](const units::Unit& u) {
    return u.code == "15" || u.parent_code == "15";
  };
};

http::Request request_for(const std::string& target) {
  http::Request r;
  r.raw.target(target);
  EXPECT_TRUE(http::parse_target(r));
  return r;
}

}  // namespace

TEST_F(Picker, TypedWithoutToneMarksOneAllowedMatchIsChosen) {
  auto p = pick("", "bao ai");
  EXPECT_EQ(p.code, "04750");
  EXPECT_EQ(p.typed, "Xã Bảo Ái, Tỉnh Lào Cai");
  EXPECT_TRUE(p.matches.empty());
}

TEST_F(Picker, SeveralMatchesComeBackAsChoicesAndUnitsNotAllowedAreNeverAmongThem) {
  auto p = pick("", "bao");
  EXPECT_FALSE(p.chosen());
  ASSERT_EQ(p.matches.size(), 2u);  // Phường Bảo Ba is Hà Nội's: not offered
  for (const auto& u : p.matches) EXPECT_EQ(u.parent_code, "15");
  EXPECT_EQ(p.typed, "bao");
  // The choice from the list, with the text still as typed, is taken.
  EXPECT_EQ(pick("02989", "bao").code, "02989");
  // A unit outside the allowed ones is refused, whether chosen or typed.
  EXPECT_FALSE(pick("00004", "").chosen());
  EXPECT_FALSE(pick("", "00004").chosen());
  EXPECT_TRUE(pick("", "phuong bao ba").matches.empty());
  EXPECT_TRUE(pick("", "phuong bao ba").asked());
}

TEST_F(Picker, ACodeWinsOnlyWhileTheTextStillNamesIt) {
  EXPECT_EQ(pick("04750", "").code, "04750");
  EXPECT_EQ(pick("04750", "Xã Bảo Ái, Tỉnh Lào Cai").code, "04750");
  EXPECT_EQ(pick("", "04252").code, "04252");  // a code typed as such
  // The person typed another name over the earlier choice: the text decides.
  EXPECT_EQ(pick("04750", "yen bai").code, "04252");
  // An exact name among several matches is chosen.
  EXPECT_EQ(pick("", "Xã Bảo Hà").code, "02989");
}

TEST(Lists, LinksKeepEveryOtherFilterAndPagesSliceTheRows) {
  auto r = request_for("/quan-tri/co-quan?q=t%E1%BB%95+d%C3%A2n&trang=3&unit=04750");
  EXPECT_EQ(web::page_number(r), 3u);
  EXPECT_EQ(web::link_with(r, "trang", "4"),
            "/quan-tri/co-quan?q=t%E1%BB%95%20d%C3%A2n&trang=4&unit=04750");
  EXPECT_EQ(web::link_with(r, "trang", ""), "/quan-tri/co-quan?q=t%E1%BB%95%20d%C3%A2n&unit=04750");
  EXPECT_EQ(web::page_slice(120, 3), std::make_pair(size_t{100}, size_t{120}));
  EXPECT_EQ(web::page_slice(120, 9), std::make_pair(size_t{120}, size_t{120}));
  auto p = web::pager(r, 120, 3).at("pager").as_object();
  EXPECT_EQ(p.at("previous").as_string(),
            "/quan-tri/co-quan?q=t%E1%BB%95%20d%C3%A2n&trang=2&unit=04750");
  EXPECT_FALSE(p.contains("next"));
  EXPECT_EQ(p.at("csv").as_string(),
            "/quan-tri/co-quan?q=t%E1%BB%95%20d%C3%A2n&unit=04750&dinh-dang=csv");
  EXPECT_EQ(web::page_number(request_for("/x")), 1u);
  EXPECT_EQ(web::page_number(request_for("/x?trang=")), 1u);
  // Issue 19: any other text than the one written form of a page is refused, naming ?trang=
  // (it used to be page 1 for "abc" and page 7 for "007").
  for (std::string bad : {"abc", "0", "007", "%2B2", "-1", "%202", "1000000", "2.0"}) {
    try {
      web::page_number(request_for("/x?trang=" + bad));
      ADD_FAILURE() << bad << " was read as a page";
    } catch (const cds::Error& e) {
      EXPECT_EQ(e.code, "bad_trang") << bad;
    }
  }
  EXPECT_TRUE(web::matches_words("to dan pho", "Tổ dân phố số 3"));
  EXPECT_TRUE(web::matches_words("DUONG", "Đội đường bộ"));
  EXPECT_FALSE(web::matches_words("to dan xa", "Tổ dân phố số 3"));
}

TEST(AuditLog, FiltersByPersonUnitVietnamDaysAndPages) {
  auto db = db::Database::open("sqlite::memory:", 1);
  db::migrate(*db, cds::test::all_migrations());
  db->write([](db::Connection& c) {
    audit::record(
        c,
        {.actor_account = 5, .action = "role.granted", .subject_account = 9, .unit_code = "04750"});
    audit::record(c, {.actor_account = 9, .action = "report.filed", .unit_code = "02989"});
    audit::record(c, {.actor_account = 6, .action = "agency.created", .unit_code = "04750"});
  });
  auto rows = [&](audit::Filter f) {
    return db->read([&](db::Connection& c) { return audit::rows(c, f); });
  };
  audit::Filter by_person;
  by_person.person = 9;  // as the one acting or as the one acted on
  EXPECT_EQ(rows(by_person).size(), 2u);
  audit::Filter by_unit;
  by_unit.unit_code = "04750";
  ASSERT_EQ(rows(by_unit).size(), 2u);
  EXPECT_EQ(rows(by_unit)[0].action, "agency.created");
  audit::Filter paged;
  paged.limit = 1;
  paged.offset = 1;
  ASSERT_EQ(rows(paged).size(), 1u);
  EXPECT_EQ(rows(paged)[0].action, "report.filed");
  // Today in Vietnam holds all three; the day before holds none.
  std::string today = timeutil::iso_date(timeutil::vietnam_date(timeutil::Clock::now()));
  audit::Filter day;
  day.from = day.to = today;
  EXPECT_EQ(rows(day).size(), 3u);
  auto yesterday = *timeutil::parse_iso_date(today);
  day.from = day.to =
      timeutil::iso_date(timeutil::date_from_days(timeutil::days_from_date(yesterday) - 1));
  EXPECT_TRUE(rows(day).empty());
  day.from = "28/11/2026";
  EXPECT_THROW(rows(day), Error);
}
