// Small wrappers over libsodium: random tokens, hashing of tokens for storage, keyed MACs,
// constant-time comparison. Call init() once before anything else.
#pragma once

#include <string>
#include <string_view>

namespace cds::crypto {

void init();
// URL-safe random token carrying `bytes` bytes of randomness.
std::string random_token(size_t bytes = 32);
// A uniformly random decimal string of `digits` digits (one-time codes).
std::string random_digits(size_t digits);
// BLAKE2b-256 as lowercase hex: for storing session tokens, API keys and codes.
std::string hash_token(std::string_view token);
// BLAKE2b-256 keyed with `key`, hex.
std::string mac(std::string_view key, std::string_view message);
bool equal(std::string_view a, std::string_view b);  // constant time for equal lengths

}  // namespace cds::crypto
