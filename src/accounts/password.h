// Passwords: argon2id through libsodium, and the rules a new password must meet (length,
// not on the list of common passwords, not the phone number itself).
#pragma once

#include <string>
#include <string_view>

namespace cds::accounts {

inline constexpr size_t kMinPasswordLength = 8;
inline constexpr size_t kMaxPasswordLength = 128;

std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);

// "" when acceptable; otherwise the error code of the reason (password_too_short, …).
std::string password_problem(std::string_view password, std::string_view phone_national);

}  // namespace cds::accounts
