#include "core/time.h"

#include <cctype>
#include <charconv>
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

std::optional<Date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  if (std::from_chars(s.data(), s.data() + 4, y).ec != std::errc{}) return std::nullopt;
  if (std::from_chars(s.data() + 5, s.data() + 7, m).ec != std::errc{}) return std::nullopt;
  if (std::from_chars(s.data() + 8, s.data() + 10, d).ec != std::errc{}) return std::nullopt;
  Date date{y, m, d};
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
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
  if (s.size() < 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  auto date = parse_iso_date(s.substr(0, 10));
  if (!date) return std::nullopt;
  auto two = [&](size_t pos, int max) -> int {
    if (!std::isdigit(static_cast<unsigned char>(s[pos])) ||
        !std::isdigit(static_cast<unsigned char>(s[pos + 1])))
      return -1;
    int v = (s[pos] - '0') * 10 + (s[pos + 1] - '0');
    return v > max ? -1 : v;
  };
  int h = two(11, 23), m = two(14, 59), sec = two(17, 60);
  if (h < 0 || m < 0 || sec < 0) return std::nullopt;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
  }
  long offset_seconds = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    int oh = two(pos + 1, 14), om = two(pos + 4, 59);
    if (oh < 0 || om < 0) return std::nullopt;
    offset_seconds = (oh * 3600L + om * 60L) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  long seconds = days_from_date(*date) * 86400L + h * 3600L + m * 60L + sec - offset_seconds;
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
