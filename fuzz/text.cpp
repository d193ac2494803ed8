// Text normalisation on any bytes: the input rule, NFC, folding for search, phone numbers, CCCD
// numbers, numbers. Nothing may crash, and what the rules promise must hold: NFC is stable,
// accepted input is valid NFC UTF-8 without refused code points, a folded text has no đ and no
// tone marks left to fold, a normalised phone is E.164.
#include "core/text.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz.h"

namespace text = cds::text;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto accepted = text::accepted_input(in)) {
    CHECK(text::is_valid_utf8(*accepted));
    CHECK(text::is_nfc(*accepted));
    CHECK(text::nfc(*accepted) == *accepted);
    std::string folded = text::fold(*accepted);
    CHECK(text::fold(folded) == folded);
    CHECK(folded.find("đ") == std::string::npos && folded.find("Đ") == std::string::npos);
    text::split_words(folded);
    text::collation_key(*accepted);
    CHECK(text::char_count(text::shorten(*accepted, 10)) <= 11);
  }
  if (text::is_valid_utf8(in)) {
    std::string once = text::nfc(in);
    CHECK(text::nfc(once) == once);
  }
  if (auto phone = text::normalize_phone(in).phone) {
    CHECK(phone->e164.starts_with("+84"));
    CHECK(text::normalize_phone(phone->e164).phone->e164 == phone->e164);
  }
  text::check_cccd(in);
  text::mask_cccd(in);
  text::parse_int(in);
  if (auto d = text::parse_decimal(in)) text::plain_decimal(*d);
  text::trim(in);
  return 0;
}
