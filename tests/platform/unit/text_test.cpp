#include "core/text.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace cds::text;

// "Hoà" written with a combining grave accent after the 'a' (decomposed), as some keyboards
// and the npm data packages produce it.
static const std::string kHoaDecomposed = "Ho\x61\xCC\x80";  // H o a U+0300
static const std::string kHoaComposed = "Ho\xC3\xA0";        // H o à

TEST(Nfc, ComposesDecomposedVietnamese) {
  EXPECT_EQ(nfc(kHoaDecomposed), kHoaComposed);
  EXPECT_FALSE(is_nfc(kHoaDecomposed));
  EXPECT_TRUE(is_nfc(kHoaComposed));
  // "Ệ" as E + circumflex + dot below, in either mark order, becomes one code point.
  EXPECT_EQ(nfc("E\xCC\x82\xCC\xA3"), "\xE1\xBB\x86");
  EXPECT_EQ(nfc("E\xCC\xA3\xCC\x82"), "\xE1\xBB\x86");
}

TEST(Nfc, RejectsInvalidUtf8) {
  EXPECT_FALSE(is_valid_utf8("abc\xff"));
  EXPECT_TRUE(is_valid_utf8("Phường"));
  EXPECT_FALSE(is_nfc("\xC3"));
}

TEST(Fold, RemovesTonesCaseAndFoldsD) {
  EXPECT_EQ(fold("Phường Yên Thịnh"), "phuong yen thinh");
  EXPECT_EQ(fold("ĐẮK LẮK"), "dak lak");
  EXPECT_EQ(fold("Đồng Đăng"), "dong dang");
  EXPECT_EQ(fold("  Mù   Cang\tChải "), "mu cang chai");
  EXPECT_EQ(fold("Nghĩa Lộ"), "nghia lo");
}

TEST(Fold, HoaWithTheToneOnEitherVowelFoldsTheSame) {
  // "hòa" (old style) and "hoà" (new style) are the same word to a searcher.
  EXPECT_EQ(fold("Thanh Hòa"), fold("Thanh Hoà"));
  EXPECT_EQ(fold("Thanh Hòa"), "thanh hoa");
  EXPECT_EQ(fold(kHoaDecomposed), fold(kHoaComposed));
  EXPECT_NE(nfc("Hòa"), nfc("Hoà"));  // but they are different text, stored as typed
}

TEST(Collation, SortsInVietnameseAlphabetOrder) {
  std::vector<std::string> names = {"Đông", "Dương", "Ấp", "Ăn", "An", "Ê",
                                    "Em",   "Bắc",   "Ơ",  "O",  "Ô"};
  sort_vietnamese(names);
  std::vector<std::string> expected = {"An", "Ăn", "Ấp", "Bắc", "Dương", "Đông",
                                       "Em", "Ê",  "O",  "Ô",   "Ơ"};
  EXPECT_EQ(names, expected);
}

TEST(Phone, NormalisesTheCommonWritings) {
  for (const char* input : {"0912345678", "0912 345 678", "0912.345.678", "+84912345678",
                            "+84 912 345 678", "84912345678", "(+84) 912-345-678"}) {
    auto r = normalize_phone(input);
    ASSERT_TRUE(r.phone) << input;
    EXPECT_EQ(r.phone->e164, "+84912345678") << input;
    EXPECT_EQ(r.phone->national, "0912345678") << input;
  }
}

TEST(Phone, RefusesWhatIsNotAVietnameseMobile) {
  EXPECT_EQ(normalize_phone("").error, PhoneError::empty);
  EXPECT_EQ(normalize_phone("091234567").error, PhoneError::bad_length);
  EXPECT_EQ(normalize_phone("09123456789").error, PhoneError::bad_length);
  EXPECT_EQ(normalize_phone("0212345678").error, PhoneError::not_mobile);  // 02x is a landline
  EXPECT_EQ(normalize_phone("0112345678").error, PhoneError::not_mobile);
  EXPECT_EQ(normalize_phone("+14155550100").error, PhoneError::not_vietnamese);
  EXPECT_EQ(normalize_phone("09123a5678").error, PhoneError::bad_characters);
  for (const char* ok : {"0312345678", "0512345678", "0712345678", "0812345678", "0912345678"})
    EXPECT_TRUE(normalize_phone(ok).phone) << ok;
}

TEST(Cccd, ReadsProvinceSexAndBirthYear) {
  // 015 = Yên Bái, 1 = female born in the 1900s, 87 = 1987.
  auto r = check_cccd("015187001234");
  ASSERT_TRUE(r.info);
  EXPECT_EQ(r.info->province_code, "015");
  EXPECT_TRUE(r.info->female);
  EXPECT_EQ(r.info->birth_year, 1987);
  // 2 = male born in the 2000s.
  auto young = check_cccd("010205001234", 2005);
  ASSERT_TRUE(young.info);
  EXPECT_FALSE(young.info->female);
  EXPECT_EQ(young.info->birth_year, 2005);
}

TEST(Cccd, RefusesBadStructure) {
  EXPECT_EQ(check_cccd("01518700123").error, CccdError::bad_length);
  EXPECT_EQ(check_cccd("01518700123a").error, CccdError::not_digits);
  EXPECT_EQ(check_cccd("003187001234").error, CccdError::unknown_province);  // 003 was never used
  EXPECT_EQ(check_cccd("099187001234").error, CccdError::unknown_province);
  EXPECT_EQ(check_cccd("015187001234", 1988).error, CccdError::birth_year_mismatch);
  EXPECT_EQ(check_cccd("015387001234", 1987).error, CccdError::birth_year_mismatch);  // 3 → 2000s
}

TEST(Cccd, MasksAllButTheEnds) { EXPECT_EQ(mask_cccd("015187001234"), "015******234"); }

// One input rule for every form: what breaks XML or disguises text is refused; the rest is NFC.
TEST(InputText, RefusesControlCharactersAndBidiOverrides) {
  for (std::string bad :
       {std::string("a\0b", 3), std::string("a\x01"), std::string("\x07"), std::string("\x1b[31m"),
        std::string("\x7f"), std::string("\xC2\x85"),
        std::string("\xE2\x80\xAE"
                    "abc"),
        std::string("\xE2\x81\xA6"), std::string("\xE2\x81\xA9"), std::string("\xEF\xBF\xBE"),
        std::string("\xEF\xBF\xBF"), std::string("\xC3"), std::string("\xED\xA0\x80")})
    EXPECT_FALSE(accepted_input(bad)) << bad;
  EXPECT_EQ(accepted_input("Dòng một\r\nDòng hai\tcột"), "Dòng một\r\nDòng hai\tcột");
  // NFD in, NFC out.
  EXPECT_EQ(accepted_input("Pho\xCC\x82\xCC\x81"), "Ph\xE1\xBB\x91");
  EXPECT_EQ(accepted_input("plain ascii"), "plain ascii");
  // Left-to-right and right-to-left marks are not overrides.
  EXPECT_TRUE(accepted_input("\xE2\x80\x8E"));
}

TEST(InputText, NumbersAreTheWholeText) {
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int("0"), 0);
  EXPECT_EQ(parse_int("4294967297"), 4294967297LL);
  EXPECT_EQ(parse_int("9223372036854775807"), INT64_MAX);
  for (std::string bad :
       {"", " ", "4x", "0x10", "1.5", "99999999999999999999", "--1", "9223372036854775808"})
    EXPECT_FALSE(parse_int(bad)) << bad;
  EXPECT_DOUBLE_EQ(*parse_decimal("21.7229"), 21.7229);
  EXPECT_DOUBLE_EQ(*parse_decimal("-0.5"), -0.5);
  for (std::string bad : {"", "22.5abc", "22.5.1", "nan", "inf", "1e5", "abc"})
    EXPECT_FALSE(parse_decimal(bad)) << bad;
}

// Issue 19: "007" and "+2" were read as 7 and 2, so one page or id had many URLs. Whole
// numbers have one written form: digits, no sign, no space, no leading zero, within range.
TEST(InputText, WholeNumbersHaveOneWrittenForm) {
  for (std::string bad : {"007", "00", "01", "+2", "-1", "-0", " 2", "2 ", "\t2", "2\n", "1e3",
                          "２", "0b1", "1_000", "1,000"})
    EXPECT_FALSE(parse_int(bad)) << bad;
  EXPECT_EQ(parse_int("100", 100), 100);
  EXPECT_FALSE(parse_int("101", 100));
  EXPECT_EQ(parse_int("10"), 10);
}

TEST(InputText, NumbersAreWrittenAsPlainDecimals) {
  EXPECT_EQ(plain_decimal(22.54), "22.54");
  EXPECT_EQ(plain_decimal(104.9113), "104.9113");
  EXPECT_EQ(plain_decimal(21.722912), "21.722912");
  EXPECT_EQ(plain_decimal(0.0001), "0.0001");
  EXPECT_EQ(plain_decimal(-3.5), "-3.5");
  EXPECT_EQ(plain_decimal(1e21).find('e'), std::string::npos);
  EXPECT_EQ(plain_decimal(std::nan("")), "0");
}

TEST(Text, SplitWordsSkipsEmptyOnes) {
  EXPECT_EQ(cds::text::split_words("Geo  Met Safety"),
            (std::vector<std::string>{"Geo", "Met", "Safety"}));
  EXPECT_TRUE(cds::text::split_words("").empty());
  EXPECT_TRUE(cds::text::split_words("   ").empty());
}

TEST(Text, ShortenCountsCharactersAndNeverCutsOneInTwo) {
  EXPECT_EQ(cds::text::shorten("Sạt lở", 6), "Sạt lở");
  EXPECT_EQ(cds::text::shorten("Sạt lở đất", 6), "Sạt l…");
  EXPECT_EQ(cds::text::char_count(cds::text::shorten(std::string(300, 'a') + "ạ", 200)), 200u);
  EXPECT_EQ(cds::text::shorten("đường", 1), "…");
  EXPECT_EQ(cds::text::shorten("abc", 0), "");
}
