// Vietnamese text rules used everywhere: store NFC, search folded (no case, no tone marks,
// đ→d), sort with Vietnamese collation, and the two identifiers citizens type: phone numbers
// and CCCD (citizen identity card) numbers.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cds::text {

// Unicode NFC. Invalid UTF-8 is replaced by U+FFFD rather than passed through.
std::string nfc(std::string_view utf8);
bool is_nfc(std::string_view utf8);
bool is_valid_utf8(std::string_view bytes);

// The one rule for text people send us (forms, JSON, Open311, CSV imports): valid UTF-8,
// stored as NFC, and none of the characters that break XML or disguise text. Refused:
// C0 controls other than tab, line feed and carriage return; DEL and the C1 controls
// (U+007F–U+009F); the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069); the non-characters U+FFFE and U+FFFF. nullopt when refused.
std::optional<std::string> accepted_input(std::string_view utf8);
// True for a code point that accepted_input refuses.
bool is_refused_code_point(char32_t c);
// True for a code point XML 1.0 allows in character data.
bool is_xml_char(char32_t c);

// The words of s between single spaces, empty ones skipped: "a b  c" → {a, b, c}.
std::vector<std::string> split_words(const std::string& s);

// Lowercase, tone marks and other combining marks removed, đ/Đ folded to d, runs of
// whitespace collapsed to one space, trimmed. "Phường Yên Thịnh" → "phuong yen thinh".
std::string fold(std::string_view utf8);

// A sort key for Vietnamese collation (a < ă < â < b … đ after d, tones ordered); compare keys
// with plain byte comparison.
std::string collation_key(std::string_view utf8);
// Sorts strings in place by Vietnamese collation.
void sort_vietnamese(std::vector<std::string>& items);

// Phone numbers. Canonical form is E.164: "+84" followed by 9 digits.
struct Phone {
  std::string e164;      // "+84912345678"
  std::string national;  // "0912345678"
};
enum class PhoneError { empty, bad_characters, bad_length, not_vietnamese, not_mobile };
struct PhoneResult {
  std::optional<Phone> phone;
  PhoneError error{PhoneError::empty};
};
// Accepts "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678"; only mobile
// prefixes 03, 05, 07, 08, 09 are accepted.
PhoneResult normalize_phone(std::string_view input);

// CCCD: 12 digits = 3 for the birth province, 1 for century and sex, 2 for the year of birth,
// 6 random. There is no checksum, so the check is structural.
enum class CccdError { none, bad_length, not_digits, unknown_province, birth_year_mismatch };
struct CccdInfo {
  std::string province_code;  // "015"
  bool female{false};
  int birth_century{1900};  // 1800, 1900, 2000, 2100, 2200
  int birth_year{0};        // full year, e.g. 1987
};
struct CccdResult {
  std::optional<CccdInfo> info;
  CccdError error{CccdError::none};
};
// birth_year, when known, must agree with the century digit and the two year digits.
CccdResult check_cccd(std::string_view input, std::optional<int> birth_year = std::nullopt);
// "0011234567890" style masking for display to anyone but the owner: "001*******890".
std::string mask_cccd(std::string_view cccd);

std::string trim(std::string_view s);
// ASCII letters lowercased, the rest as it is (header names, media types, HTTP methods).
std::string ascii_lower(std::string_view s);
// Characters (code points), not bytes, of UTF-8 text: what length limits count.
size_t char_count(std::string_view utf8);
// The text itself when it has at most max_chars characters; otherwise its first max_chars - 1
// characters and "…" (never cutting a character in two).
std::string shorten(std::string_view utf8, size_t max_chars);

// Whole numbers (ids, pages, counts, form choices) have one written form, so that one number
// has one URL and a cache key, a log line and a check all see the same text: ASCII digits
// only, no sign, no spaces, no leading zero ("0" itself aside), at most `max` (the default
// is what int64_t holds). "007", "+2", " 2", "-1", "2.0" and "" are nullopt.
std::optional<int64_t> parse_int(std::string_view s,
                                 int64_t max = std::numeric_limits<int64_t>::max());
// Decimals as people and clients write them: the whole text (spaces around it aside) must be
// the number, finite, with no trailing junk ("22.5abc", "nan" and "1e5" are refused).
std::optional<double> parse_decimal(std::string_view s);
// A number as people read it: plain decimals, the shortest that reads back the same
// ("22.54", "104.9113", "0.0001"), never an exponent. Not finite: "0".
std::string plain_decimal(double v);

}  // namespace cds::text
