#include "core/time.h"

#include <cstdio>

namespace cds::timeutil {

// Howard Hinnant's civil-calendar algorithms (public domain description, written out here).
Date date_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), m, d};
}

long days_from_date(const Date& date) {
  const long y = date.year - (date.month <= 2);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = date.month > 2 ? date.month - 3 : date.month + 9;
  const unsigned doy = (153 * mp + 2) / 5 + date.day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

int weekday(const Date& d) {
  long z = days_from_date(d);
  return static_cast<int>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

namespace {
// The number written by s[pos, pos + n), ASCII digits only (from_chars would take a sign and
// stop early at a non-digit); -1 when it is not one.
int digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}
}  // namespace

std::optional<Date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  if (y < kFirstYear || y > kLastYear || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  Date date{y, static_cast<unsigned>(m), static_cast<unsigned>(d)};
  if (date_from_days(days_from_date(date)) != date) return std::nullopt;  // 31/02 and the like
  return date;
}

std::string iso_date(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
  return buf;
}

std::string display_date(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", d.day, d.month, d.year);
  return buf;
}

namespace {
struct Civil {
  Date date;
  long seconds_of_day;
};
Civil civil(Clock::time_point t, std::chrono::seconds offset) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()) + offset;
  long s = static_cast<long>(secs.count());
  long days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
  return Civil{date_from_days(days), s - days * 86400};
}
std::string format(Clock::time_point t, std::chrono::seconds offset, const char* suffix) {
  Civil c = civil(t, offset);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld%s", c.date.year, c.date.month,
                c.date.day, c.seconds_of_day / 3600, c.seconds_of_day / 60 % 60,
                c.seconds_of_day % 60, suffix);
  return buf;
}
}  // namespace

Date vietnam_date(Clock::time_point t) { return civil(t, kVietnamOffset).date; }
std::string w3c_vietnam(Clock::time_point t) { return format(t, kVietnamOffset, "+07:00"); }
std::string iso_utc(Clock::time_point t) { return format(t, std::chrono::seconds(0), "Z"); }

std::optional<Clock::time_point> parse_w3c(std::string_view s) {
  if (s.size() < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  auto date = parse_iso_date(s.substr(0, 10));
  if (!date) return std::nullopt;
  int h = digits(s, 11, 2), m = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return std::nullopt;
  size_t pos = 19;
  if (s[pos] == '.') {
    size_t first = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == first) return std::nullopt;  // "12:00:00.Z"
  }
  long offset_minutes = 0;
  if (pos + 1 == s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    pos += 1;
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    int oh = digits(s, pos + 1, 2), om = digits(s, pos + 4, 2);
    if (oh < 0 || om < 0 || om > 59) return std::nullopt;
    offset_minutes = (oh * 60L + om) * (s[pos] == '-' ? -1 : 1);
    if (offset_minutes < -12 * 60 || offset_minutes > 14 * 60) return std::nullopt;
    pos += 6;
  } else {
    return std::nullopt;
  }
  // In range by now: 1900–2200 give about ±7e9 s, far inside what nanoseconds hold.
  long seconds = days_from_date(*date) * 86400L + h * 3600L + m * 60L + sec - offset_minutes * 60L;
  // The instant too, in UTC (how it is stored) and in Vietnam (how it is shown), so that
  // whatever is accepted here reads again once written either way: +14:00 can put
  // 1900-01-01 in 1899 UTC.
  static const long first = days_from_date(Date{kFirstYear, 1, 1}) * 86400L;
  static const long after_last = days_from_date(Date{kLastYear + 1, 1, 1}) * 86400L;
  const long vietnam = std::chrono::seconds(kVietnamOffset).count();
  if (seconds < first || seconds + vietnam >= after_last) return std::nullopt;
  return Clock::time_point{std::chrono::seconds(seconds)};
}

Date add_working_days(const Date& start, int n, const std::set<Date>& holidays) {
  long day = days_from_date(start);
  while (n > 0) {
    ++day;
    Date d = date_from_days(day);
    int wd = weekday(d);
    if (wd == 0 || wd == 6 || holidays.contains(d)) continue;
    --n;
  }
  return date_from_days(day);
}

}  // namespace cds::timeutil
