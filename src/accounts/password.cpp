#include "accounts/password.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "core/text.h"

namespace cds::accounts {

std::string hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  // INTERACTIVE: about 64 MiB and a fraction of a second, the libsodium guidance for logins.
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(std::string_view hash, std::string_view password) {
  if (hash.empty()) return false;
  std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

namespace {
// The most common passwords in leaked lists, with the Vietnamese favourites; compared after
// folding, so "MatKhau123" counts as "matkhau123".
constexpr std::array kCommon = {
    "12345678",   "123456789",     "1234567890", "123123123", "11111111",  "00000000",
    "88888888",   "66666666",      "12341234",   "87654321",  "11223344",  "password",
    "password1",  "password123",   "passw0rd",   "qwertyui",  "qwerty123", "qwertyuiop",
    "1q2w3e4r",   "1qaz2wsx",      "abc12345",   "abcd1234",  "a1234567",  "iloveyou",
    "iloveyou1",  "sunshine",      "princess",   "football",  "baseball",  "welcome1",
    "admin123",   "administrator", "letmein1",   "trustno1",  "matkhau",   "matkhau1",
    "matkhau123", "matkhau@123",   "anhyeuem",   "anhyeuem1", "emyeuanh",  "yeuemmaimai",
    "vietnam1",   "vietnam123",    "hanoi123",   "saigon123", "congdanso", "congdanso1",
    "yenbai123",  "laocai123",     "zxcvbnm1",   "asdfghjk",  "dragon12",  "monkey12",
    "123qweasd",  "qwe12345",      "aa123456",   "asd12345",  "147258369", "987654321",
    "123654789",  "159753456",     "12344321",   "11112222",  "99999999",  "22222222",
    "55555555",   "123456789a",    "a123456789", "1234qwer"};
}  // namespace

std::string password_problem(std::string_view password, std::string_view phone_national) {
  // Counted in characters, not bytes: "mậtkhẩu" is 7 characters.
  std::string nfc = text::nfc(password);
  size_t chars = 0;
  for (unsigned char c : nfc) chars += (c & 0xC0) != 0x80;
  if (chars < kMinPasswordLength) return "password_too_short";
  if (nfc.size() > kMaxPasswordLength) return "password_too_long";
  std::string folded = text::fold(nfc);
  if (std::find(kCommon.begin(), kCommon.end(), folded) != kCommon.end()) return "password_common";
  if (std::all_of(folded.begin(), folded.end(), [&](char c) { return c == folded[0]; }))
    return "password_common";
  if (!phone_national.empty() &&
      (folded.find(std::string(phone_national).substr(1)) != std::string::npos))
    return "password_contains_phone";
  return "";
}

}  // namespace cds::accounts
