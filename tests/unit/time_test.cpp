#include "core/time.h"

#include <gtest/gtest.h>

using namespace cds::timeutil;

TEST(Dates, RoundTripAndWeekday) {
  Date d{2026, 11, 28};
  EXPECT_EQ(date_from_days(days_from_date(d)), d);
  EXPECT_EQ(weekday(d), 6);  // a Saturday
  EXPECT_EQ(weekday(Date{1970, 1, 1}), 4);
  EXPECT_EQ(display_date(d), "28/11/2026");
  EXPECT_EQ(iso_date(d), "2026-11-28");
}

TEST(Dates, ParsesOnlyRealDates) {
  EXPECT_EQ(parse_iso_date("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_FALSE(parse_iso_date("2026-02-29"));
  EXPECT_FALSE(parse_iso_date("2026-13-01"));
  EXPECT_FALSE(parse_iso_date("2026-1-01"));
  EXPECT_FALSE(parse_iso_date("yesterday"));
}

TEST(Time, FormatsInVietnamTime) {
  // 2026-11-28T15:11:01Z is 22:11:01 in Hà Nội.
  Clock::time_point t{std::chrono::seconds(1795878661)};
  EXPECT_EQ(iso_utc(t), "2026-11-28T15:11:01Z");
  EXPECT_EQ(w3c_vietnam(t), "2026-11-28T22:11:01+07:00");
  // 20:00 UTC is already the next day in Vietnam.
  Clock::time_point late{std::chrono::seconds(1795878661 + 5 * 3600)};
  EXPECT_EQ(vietnam_date(late), (Date{2026, 11, 29}));
}

TEST(WorkingDays, SkipWeekendsAndHolidays) {
  std::set<Date> none;
  // Friday + 1 working day = Monday.
  EXPECT_EQ(add_working_days(Date{2026, 11, 27}, 1, none), (Date{2026, 11, 30}));
  // Thursday 30/4/2026 + 1: 1/5 (Labour Day) is a holiday, then the weekend → Monday 4/5.
  std::set<Date> holidays = {Date{2026, 4, 30}, Date{2026, 5, 1}};
  EXPECT_EQ(add_working_days(Date{2026, 4, 29}, 1, holidays), (Date{2026, 5, 4}));
  EXPECT_EQ(add_working_days(Date{2026, 11, 23}, 0, none), (Date{2026, 11, 23}));
}

TEST(Time, ParsesW3cDateTimes) {
  auto t = parse_w3c("2026-11-28T22:11:01+07:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(iso_utc(*t), "2026-11-28T15:11:01Z");
  EXPECT_EQ(iso_utc(*parse_w3c("2026-11-28T15:11:01Z")), "2026-11-28T15:11:01Z");
  EXPECT_EQ(iso_utc(*parse_w3c("2026-11-28T15:11:01.250-02:00")), "2026-11-28T17:11:01Z");
  EXPECT_FALSE(parse_w3c("2026-11-28"));
  EXPECT_FALSE(parse_w3c("2026-11-28T25:00:00Z"));
  EXPECT_FALSE(parse_w3c("2026-11-28T10:00:00"));
  EXPECT_FALSE(parse_w3c("2026-11-28T10:00:00+0700"));
}
