// Accounts: who people are on the platform, what roles they hold, which units and agencies
// an officer answers for, and the facts the digital-citizen criteria read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cds::accounts {

// A role a person holds. Accounts owns the five below; a module declares its own with a
// RoleInfo in app::Module::permissions (accounts::declare). Its name in the pages is the
// catalogue's "role.<code>", in the module that declares it.
struct Role {
  std::string_view code;  // static text: a declared role's, or one of the five
  friend bool operator==(const Role&, const Role&) = default;
  friend auto operator<=>(const Role& a, const Role& b) { return a.code <=> b.code; }

  static const Role citizen, officer, unit_admin, province_admin, party_member;
};
inline constexpr Role Role::citizen{"citizen"};
inline constexpr Role Role::officer{"officer"};
inline constexpr Role Role::unit_admin{"unit_admin"};
inline constexpr Role Role::province_admin{"province_admin"};
inline constexpr Role Role::party_member{"party_member"};

struct RoleInfo {
  Role role;
  bool scoped = true;          // held for units (its scopes); false: held without one
  bool unit_required = true;   // the grant form asks for a unit
  bool administrator = false;  // granted only by a province administrator (grant_admin_role)
  bool village = false;  // held for a village (thôn, bản, tổ dân phố), never a commune
};

// Accounts' own roles, with their rules.
const std::vector<RoleInfo>& own_roles();
// Every role known: accounts' own, then the modules' in the order they were declared.
std::vector<RoleInfo> known_roles();
std::optional<RoleInfo> role_info(Role role);
inline std::string_view role_name(Role role) { return role.code; }
// The known role of this code; nullopt for an unknown one.
std::optional<Role> parse_role(std::string_view code);
// Makes a module's role known; the same code declared again with another meaning throws.
void declare_role(const RoleInfo& info);

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

// What a person may consent to. Accounts owns account, public_name, notifications and
// statistics; a module declares its own (alerts' text warnings) in its Permissions. The page
// "Tài khoản" lists them in order under label_key; those asked at sign-up are checkboxes
// named "consent_<code>" on the form (and booleans of the same name in the API).
struct ConsentPurpose {
  std::string_view code;
  int order = 0;
  std::string_view label_key;    // its line on the account page
  std::string_view sign_up_key;  // its checkbox at sign-up; "" when not asked there
};
// Accounts' own purposes.
const std::vector<ConsentPurpose>& own_consent_purposes();
// Every purpose known, in order.
std::vector<ConsentPurpose> consent_purposes();
// Makes a module's purpose known; the same code declared again with another meaning throws.
void declare_consent_purpose(const ConsentPurpose& purpose);
// The version of the consent text a citizen was shown.
inline constexpr std::string_view kConsentTextVersion = "2026-01";
bool valid_consent_purpose(std::string_view purpose);

struct Consent {
  std::string purpose;
  bool granted = false;
  std::string text_version, decided_at;
};

// The cache scope (core/cache.h) of a person's name where others show it (what they wrote,
// when they chose to be named): touched when the name changes or is erased.
inline std::string account_scope(int64_t id) { return "account:" + std::to_string(id); }

struct Account {
  int64_t id = 0;
  std::string phone;  // E.164
  std::string full_name, cccd, home_unit_code, ethnic_group, preferred_language, status;
  std::string village_code;  // the village (units/villages.h) in the home commune, or ""
  std::string created_at;
  std::vector<Role> roles;
  std::vector<Scope> scopes;
  std::vector<Fact> facts;
  std::vector<Consent> consents;  // the decision in force for each purpose
};

// What the administration lists.
struct ApiKeyRow {
  int64_t id = 0;
  std::string name, prefix, scopes, created_at, revoked_at, last_used_at;
};

// One line of the roles list: a person, one role they hold, and one of their scopes (a
// role without a scope has one line with neither).
struct RoleHolder {
  int64_t account_id = 0;
  std::string full_name, phone, role, unit_code;
  int64_t agency_id = 0;
};

// A VNeID list as received, with its report.
struct VneidImport {
  int64_t id = 0, actor_account = 0, actor_api_key = 0;
  std::string at, file_name;
  int64_t line_count = 0, applied = 0;
  std::vector<std::string> problems;
};

struct DeletionRequest {
  int64_t id = 0, account_id = 0;
  std::string requested_at, due_at, status, done_at;
};

}  // namespace cds::accounts
