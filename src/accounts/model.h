// Accounts: who people are on the platform, what roles they hold, which units and agencies
// an officer answers for, and the facts the digital-citizen criteria read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cds::accounts {

// alert_officer: drafts and approves emergency alerts for the units of their scopes.
enum class Role { citizen, officer, unit_admin, province_admin, party_member, alert_officer };
inline constexpr Role kAllRoles[] = {Role::citizen,        Role::officer,      Role::unit_admin,
                                     Role::province_admin, Role::party_member, Role::alert_officer};
std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);

struct Scope {
  std::optional<int64_t> agency_id;
  std::string unit_code;  // 2025 code: a commune, or a province for all its communes
};

// The facts the criteria engine reads. Values: "yes"/"no", or for VNeID the level and state.
inline constexpr std::string_view kFactSmartphone = "smartphone_own_sim";  // yes | no
inline constexpr std::string_view kFactVneidLevel = "vneid_level";         // none | level1 | level2
inline constexpr std::string_view kFactVneidState =
    "vneid_state";  // registered | approved | activated
inline constexpr std::string_view kFactVneidRegistered = "vneid_registered_on";  // yyyy-mm-dd
inline constexpr std::string_view kFactVneidApproved = "vneid_approved_on";
inline constexpr std::string_view kFactVneidActivated = "vneid_activated_on";
inline constexpr std::string_view kFactPayment = "payment_account";                 // yes | no
inline constexpr std::string_view kFactPublicServices = "public_services_account";  // yes | no
// Whether value is allowed for fact; false for unknown facts.
bool valid_fact(std::string_view fact, std::string_view value);
// Facts a citizen may declare about themselves (the rest need an officer or an import).
bool self_declarable(std::string_view fact);

struct Fact {
  std::string fact, value, source, recorded_at;
  std::optional<int64_t> recorded_by;
};

// Consent purposes and the version of the text a citizen was shown.
inline constexpr std::string_view kConsentPurposes[] = {"account", "public_name", "notifications",
                                                        "warnings", "statistics"};
inline constexpr std::string_view kConsentTextVersion = "2026-01";
bool valid_consent_purpose(std::string_view purpose);

struct Consent {
  std::string purpose;
  bool granted = false;
  std::string text_version, decided_at;
};

// The cache scope (core/cache.h) of a person's name where others show it (their reports, when
// they chose to be named): touched when the name changes or is erased.
inline std::string account_scope(int64_t id) { return "account:" + std::to_string(id); }

struct Account {
  int64_t id = 0;
  std::string phone;  // E.164
  std::string full_name, cccd, home_unit_code, ethnic_group, preferred_language, status;
  std::string created_at;
  std::vector<Role> roles;
  std::vector<Scope> scopes;
  std::vector<Fact> facts;
  std::vector<Consent> consents;  // the decision in force for each purpose
};

}  // namespace cds::accounts
