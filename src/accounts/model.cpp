#include "accounts/model.h"

#include <algorithm>

#include "core/time.h"

namespace cds::accounts {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::citizen:
      return "citizen";
    case Role::officer:
      return "officer";
    case Role::unit_admin:
      return "unit_admin";
    case Role::province_admin:
      return "province_admin";
    case Role::party_member:
      return "party_member";
    case Role::alert_officer:
      return "alert_officer";
  }
  return "";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : kAllRoles)
    if (role_name(r) == name) return r;
  return std::nullopt;
}

bool valid_fact(std::string_view fact, std::string_view value) {
  auto yes_no = [&] { return value == "yes" || value == "no"; };
  if (fact == kFactSmartphone || fact == kFactPayment || fact == kFactPublicServices)
    return yes_no();
  if (fact == kFactVneidLevel) return value == "none" || value == "level1" || value == "level2";
  if (fact == kFactVneidState)
    return value == "registered" || value == "approved" || value == "activated";
  if (fact == kFactVneidRegistered || fact == kFactVneidApproved || fact == kFactVneidActivated)
    return timeutil::parse_iso_date(value).has_value();
  return false;
}

bool self_declarable(std::string_view fact) {
  return fact == kFactSmartphone || fact == kFactPayment || fact == kFactPublicServices;
}

bool valid_consent_purpose(std::string_view purpose) {
  return std::find(std::begin(kConsentPurposes), std::end(kConsentPurposes), purpose) !=
         std::end(kConsentPurposes);
}

}  // namespace cds::accounts
