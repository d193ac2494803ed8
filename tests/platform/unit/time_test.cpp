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

// Issue 19 (4): a year far enough out overflowed the clock's nanoseconds (2300 came back as
// 1715, 1600 as 2184) and was undefined behaviour. The parsers refuse what is outside
// 1900–2200 and every field out of its range, so no caller can overflow.
TEST(Time, RefusesEveryFieldOutOfItsRange) {
  EXPECT_FALSE(parse_w3c("2300-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_w3c("1600-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_w3c("9999-12-31T23:59:59+14:00"));
  EXPECT_FALSE(parse_w3c("0000-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_iso_date("1899-12-31"));
  EXPECT_FALSE(parse_iso_date("2201-01-01"));
  EXPECT_EQ(parse_iso_date("1900-01-01"), (Date{1900, 1, 1}));
  EXPECT_EQ(parse_iso_date("2200-12-31"), (Date{2200, 12, 31}));
  EXPECT_EQ(iso_utc(*parse_w3c("1900-01-01T00:00:00Z")), "1900-01-01T00:00:00Z");
  EXPECT_EQ(iso_utc(*parse_w3c("2200-12-31T23:59:59+07:00")), "2200-12-31T16:59:59Z");
  // The instant as well as the text: 1899 in UTC, or 2201 in Vietnam, would not read again.
  EXPECT_FALSE(parse_w3c("1900-01-01T06:59:59+07:00"));
  EXPECT_TRUE(parse_w3c("1900-01-01T07:00:00+07:00"));
  EXPECT_FALSE(parse_w3c("2200-12-31T17:00:00Z"));
  EXPECT_TRUE(parse_w3c("2200-12-31T16:59:59Z"));
  EXPECT_EQ(iso_utc(*parse_w3c("2026-12-31T23:59:60Z")), "2027-01-01T00:00:00Z");
  // Signs, spaces and letters where digits belong (from_chars took "-999" and stopped at "2a").
  for (std::string bad :
       {"-999-01-01", "+999-01-01", " 999-01-01", "2026-+1-01", "2026-01--1", "2a26-01-01",
        "2026-0a-01", "2026-00-10", "2026-01-00", "2026-01-32", "2026-04-31", "２０２６-01-01"})
    EXPECT_FALSE(parse_iso_date(bad)) << bad;
  for (std::string bad :
       {"2026-11-28T24:00:00Z", "2026-11-28T23:60:00Z", "2026-11-28T23:59:61Z",
        "2026-11-28T-1:00:00Z", "2026-11-28T1:00:000Z", "2026-11-28T10:00:00.Z",
        "2026-11-28T10:00:00+14:01", "2026-11-28T10:00:00-12:01", "2026-11-28T10:00:00+07:60",
        "2026-11-28T10:00:00+7:000", "2026-11-28T10:00:00ZZ", "2026-11-28T10:00:00 Z",
        "2026-11-28t10:00:00Z", "2026-11-28T10:00:00+07:00 ", "2026-11-28T10:00:00.5+07:00x"})
    EXPECT_FALSE(parse_w3c(bad)) << bad;
  EXPECT_TRUE(parse_w3c("2026-11-28T10:00:00+14:00"));
  EXPECT_TRUE(parse_w3c("2026-11-28T10:00:00-12:00"));
  EXPECT_TRUE(parse_w3c("2026-11-28T10:00:00.123456789z"));
}

// Fuzz-style: every mutation of a valid time (each character swapped for each of a set of
// troublesome ones, then random strings of time-like characters) either is refused or comes
// back as a time of 1900–2200 that formats (in UTC and in Vietnam time) and parses again to
// itself. Under the sanitizers this also proves nothing overflows.
TEST(Time, AnyMutationIsRefusedOrARealTimeInRange) {
  auto check = [](const std::string& s) {
    auto t = parse_w3c(s);
    if (!t) return;
    std::string utc = iso_utc(*t);
    int year = std::stoi(utc.substr(0, 4));
    EXPECT_GE(year, kFirstYear) << s;
    EXPECT_LE(year, kLastYear) << s;
    EXPECT_EQ(parse_w3c(utc), t) << s;
    EXPECT_EQ(parse_w3c(w3c_vietnam(*t)), t) << s;
  };
  const std::string swaps = "0123456789-+:.TZz /\x7f";
  for (std::string seed :
       {"2026-11-28T22:11:01+07:00", "1900-01-01T00:00:00+14:00", "2200-12-31T23:59:59-12:00",
        "2262-04-11T23:47:16Z", "1900-01-01T07:00:00+07:00", "2200-12-31T16:59:59Z",
        "1677-09-21T00:12:44.5Z"}) {
    check(seed);
    for (size_t i = 0; i < seed.size(); ++i)
      for (char c : swaps) {
        std::string s = seed;
        s[i] = c;
        check(s);
        check(seed.substr(0, i) + seed.substr(i + 1));
        check(seed.substr(0, i) + c + seed.substr(i));
      }
  }
  uint64_t state = 0x9e3779b97f4a7c15ULL;  // a fixed seed: the same strings every run
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  for (int n = 0; n < 200000; ++n) {
    // Random digits everywhere a digit goes (years 0000–9999, hours 00–99…), and now and then
    // a character that does not belong.
    std::string s = n % 2 ? "2026-11-28T22:11:01+07:00" : "2026-11-28T22:11:01.5Z";
    for (char& c : s) {
      uint64_t r = next();
      if (c >= '0' && c <= '9' && r % 2) c = static_cast<char>('0' + r / 2 % 10);
      if (r / 32 % 16 == 0) c = swaps[r / 512 % swaps.size()];
    }
    check(s);
  }
}
