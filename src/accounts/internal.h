// What the files of the account services share (service.cpp, identity.cpp, profile.cpp,
// officers.cpp, admin.cpp, agency_admin.cpp). Private to the module.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <string>

#include "accounts/authz.h"
#include "accounts/model.h"
#include "accounts/store.h"
#include "core/text.h"

namespace cds::units {
class UnitService;
}

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
// The E.164 form of a Vietnamese mobile number; cds::Error bad_phone otherwise.
std::string normalised_phone(const std::string& raw);
// cds::Error bad_unit unless code is a 2025 commune or ward.
void check_commune(const units::UnitService& units, const std::string& code);
// An account with its details (roles, scopes, facts, consents); 404 for none or an erased one.
Account load_full(db::Connection& c, int64_t id);
// A unit's parent, read from the units (for accounts::decide).
UnitParent unit_parent_of(const units::UnitService& units);

}  // namespace cds::accounts
