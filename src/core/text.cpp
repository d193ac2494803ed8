#include "core/text.h"

#include <unicode/coll.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <memory>
#include <stdexcept>

namespace cds::text {
namespace {

const icu::Normalizer2& nfc_normalizer() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normalizer unavailable");
  return *n;
}

const icu::Normalizer2& nfd_normalizer() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFD normalizer unavailable");
  return *n;
}

// Collators are not thread-safe for use from several threads; each thread clones its own.
icu::Collator& vietnamese_collator() {
  thread_local std::unique_ptr<icu::Collator> collator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(
        icu::Collator::createInstance(icu::Locale("vi", "VN"), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU Vietnamese collator unavailable");
    c->setStrength(icu::Collator::TERTIARY);
    return c;
  }();
  return *collator;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  int32_t i = 0;
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto length = static_cast<int32_t>(bytes.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

bool is_refused_code_point(char32_t c) {
  if (c < 0x20) return c != '\t' && c != '\n' && c != '\r';
  if (c >= 0x7F && c <= 0x9F) return true;
  if (c >= 0x202A && c <= 0x202E) return true;
  if (c >= 0x2066 && c <= 0x2069) return true;
  return c == 0xFFFE || c == 0xFFFF;
}

bool is_xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

std::optional<std::string> accepted_input(std::string_view utf8) {
  int32_t i = 0;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  bool ascii = true;
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0 || is_refused_code_point(static_cast<char32_t>(c))) return std::nullopt;
    if (c >= 0x80) ascii = false;
  }
  // NFC of plain ASCII is itself: skip ICU for the common case.
  if (ascii) return std::string(utf8);
  return nfc(utf8);
}

std::string nfc(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
  icu::UnicodeString out = nfc_normalizer().normalize(in, status);
  if (U_FAILURE(status)) throw std::runtime_error("NFC normalisation failed");
  std::string result;
  out.toUTF8String(result);
  return result;
}

bool is_nfc(std::string_view utf8) {
  if (!is_valid_utf8(utf8)) return false;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
  return nfc_normalizer().isNormalized(in, status) && U_SUCCESS(status);
}

std::string fold(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
  icu::UnicodeString decomposed = nfd_normalizer().normalize(in, status);
  if (U_FAILURE(status)) throw std::runtime_error("NFD normalisation failed");
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0110 || c == 0x0111) c = 'd';  // Đ đ have no decomposition: fold by hand
    if (u_isUWhiteSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    c = u_tolower(c);
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    char buf[4];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, error);
    if (!error) out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

std::string collation_key(std::string_view utf8) {
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
  icu::Collator& collator = vietnamese_collator();
  int32_t size = collator.getSortKey(in, nullptr, 0);
  std::string key(static_cast<size_t>(size), '\0');
  collator.getSortKey(in, reinterpret_cast<uint8_t*>(key.data()), size);
  if (!key.empty() && key.back() == '\0') key.pop_back();
  return key;
}

void sort_vietnamese(std::vector<std::string>& items) {
  std::vector<std::pair<std::string, std::string>> keyed;
  keyed.reserve(items.size());
  for (auto& s : items) keyed.emplace_back(collation_key(s), std::move(s));
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < items.size(); ++i) items[i] = std::move(keyed[i].second);
}

std::string trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

PhoneResult normalize_phone(std::string_view input) {
  PhoneResult r;
  std::string digits;
  bool plus = false;
  for (char c : trim(input)) {
    if (is_digit(c)) {
      digits.push_back(c);
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c == ' ' || c == '.' || c == '-' || c == '(' || c == ')') {
      continue;
    } else {
      r.error = PhoneError::bad_characters;
      return r;
    }
  }
  if (digits.empty()) {
    r.error = PhoneError::empty;
    return r;
  }
  std::string subscriber;  // the 9 digits after the country code or the trunk 0
  if (plus || (digits.size() == 11 && digits.starts_with("84"))) {
    if (!digits.starts_with("84")) {
      r.error = PhoneError::not_vietnamese;
      return r;
    }
    subscriber = digits.substr(2);
  } else if (digits.starts_with("0")) {
    subscriber = digits.substr(1);
  } else {
    r.error = PhoneError::bad_length;
    return r;
  }
  if (subscriber.size() != 9) {
    r.error = PhoneError::bad_length;
    return r;
  }
  static constexpr std::string_view kMobilePrefixes = "35789";
  if (kMobilePrefixes.find(subscriber[0]) == std::string_view::npos) {
    r.error = PhoneError::not_mobile;
    return r;
  }
  r.phone = Phone{"+84" + subscriber, "0" + subscriber};
  return r;
}

namespace {
// Birth-province codes on CCCD cards: the 63 provinces' GSO codes as they stood when the
// cards were issued (three digits, leading zero).
constexpr std::array<int, 63> kCccdProvinces = {
    1,  2,  4,  6,  8,  10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
    34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66,
    67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96};
}  // namespace

CccdResult check_cccd(std::string_view input, std::optional<int> birth_year) {
  CccdResult r;
  std::string s = trim(input);
  if (s.size() != 12) {
    r.error = CccdError::bad_length;
    return r;
  }
  if (!std::all_of(s.begin(), s.end(), is_digit)) {
    r.error = CccdError::not_digits;
    return r;
  }
  int province = std::stoi(s.substr(0, 3));
  if (std::find(kCccdProvinces.begin(), kCccdProvinces.end(), province) == kCccdProvinces.end()) {
    r.error = CccdError::unknown_province;
    return r;
  }
  int gender_century = s[3] - '0';
  // 0/1: 20th century male/female, 2/3: 21st, 4/5: 22nd, 6/7: 23rd, 8/9: 19th.
  static constexpr int kCenturyBase[] = {1900, 1900, 2000, 2000, 2100,
                                         2100, 2200, 2200, 1800, 1800};
  CccdInfo info;
  info.province_code = s.substr(0, 3);
  info.female = gender_century % 2 == 1;
  info.birth_century = kCenturyBase[gender_century];
  info.birth_year = info.birth_century + std::stoi(s.substr(4, 2));
  if (birth_year && *birth_year != info.birth_year) {
    r.error = CccdError::birth_year_mismatch;
    return r;
  }
  r.info = info;
  return r;
}

std::string mask_cccd(std::string_view cccd) {
  std::string s(cccd);
  if (s.size() <= 6) return std::string(s.size(), '*');
  for (size_t i = 3; i + 3 < s.size(); ++i) s[i] = '*';
  return s;
}

}  // namespace cds::text

namespace cds::text {

namespace {
std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

size_t char_count(std::string_view utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

std::string shorten(std::string_view utf8, size_t max_chars) {
  if (char_count(utf8) <= max_chars) return std::string(utf8);
  if (max_chars == 0) return "";
  size_t keep = max_chars - 1, chars = 0, end = 0;
  for (; end < utf8.size(); ++end)
    if ((static_cast<unsigned char>(utf8[end]) & 0xC0) != 0x80 && chars++ == keep) break;
  return std::string(utf8.substr(0, end)) + "…";
}

std::optional<int64_t> parse_int(std::string_view s, int64_t max) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  if (!std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v > max) return std::nullopt;
  return v;
}

std::string plain_decimal(double v) {
  if (!std::isfinite(v)) return "0";
  char buffer[400];  // the longest fixed form of a double fits
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed);
  if (ec != std::errc()) return "0";
  return std::string(buffer, end);
}

std::optional<double> parse_decimal(std::string_view s) {
  s = trim_spaces(s);
  if (s.starts_with('+')) s.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::fixed);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  for (size_t pos = 0; pos < s.size();) {
    size_t end = std::min(s.find(' ', pos), s.size());
    if (end > pos) out.push_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

}  // namespace cds::text
