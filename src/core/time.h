// Time as the platform shows it: stored UTC, shown in Asia/Ho_Chi_Minh (+07:00, no daylight
// saving), dates as dd/mm/yyyy; civil-date arithmetic for deadlines in working days.
#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace cds::timeutil {

using Clock = std::chrono::system_clock;
constexpr std::chrono::hours kVietnamOffset{7};

// A calendar date. days_since_epoch is the number of days since 1970-01-01.
struct Date {
  int year{1970};
  unsigned month{1};
  unsigned day{1};
  auto operator<=>(const Date&) const =
      default;  // NOLINT(modernize-use-nullptr): clang-tidy 14 misreads <=>
};
Date date_from_days(long days_since_epoch);
long days_from_date(const Date& d);
int weekday(const Date& d);  // 0 = Sunday … 6 = Saturday
// The years the parsers accept. Outside them a date is a typing slip or a probe, and far
// enough outside (before 1677, after 2262) its instant overflows the clock's nanoseconds:
// every reader of a time goes through these parsers, so none can overflow.
inline constexpr int kFirstYear = 1900;
inline constexpr int kLastYear = 2200;
// yyyy-mm-dd exactly (ASCII digits, a real date, kFirstYear–kLastYear); none otherwise.
std::optional<Date> parse_iso_date(std::string_view yyyy_mm_dd);
std::string iso_date(const Date& d);      // 2026-11-28
std::string display_date(const Date& d);  // 28/11/2026

// The date in Vietnam at a given instant.
Date vietnam_date(Clock::time_point t);
// W3C / RFC 3339 with the Vietnam offset: 2026-11-28T22:11:01+07:00
std::string w3c_vietnam(Clock::time_point t);
// UTC, for storage: 2026-11-28T15:11:01Z
std::string iso_utc(Clock::time_point t);

// Parses W3C / RFC 3339 date-times: "2026-11-28T22:11:01+07:00", "…Z", fractions ignored.
// The date as parse_iso_date, hours 00–23, minutes 00–59, seconds 00–60 (a leap second
// counts as the next minute), offsets from -12:00 to +14:00 (the ones the world uses), and
// the instant within kFirstYear–kLastYear both in UTC and in Vietnam time (so that what is
// accepted reads again from iso_utc and w3c_vietnam).
std::optional<Clock::time_point> parse_w3c(std::string_view text);

// Adds n working days to a date, skipping Saturdays, Sundays and the given holidays.
Date add_working_days(const Date& start, int n, const std::set<Date>& holidays);

}  // namespace cds::timeutil
