// What the files of the account service share (service.cpp, profile.cpp, officers.cpp,
// admin.cpp). Private to the module.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <string>

#include "accounts/model.h"
#include "accounts/store.h"
#include "core/text.h"

namespace cds::accounts {

using text::char_count;

constexpr auto kCodeLifetime = std::chrono::minutes(5);
constexpr int kCodeAttempts = 5;
constexpr auto kSessionLifetime = std::chrono::hours(24 * 30);
constexpr auto kDeletionDeadline = std::chrono::hours(72);
constexpr size_t kMaxNameChars = 100;

// Now plus d, as stored (ISO 8601 UTC).
std::string in_future(std::chrono::seconds d);
// A person's name as stored (NFC, trimmed, 1–100 characters); cds::Error bad_name otherwise.
std::string clean_name(const std::string& raw);
// The account row as the export and the officers' pages show it.
boost::json::object account_json(const Account& a);

}  // namespace cds::accounts
