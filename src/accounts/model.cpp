#include "accounts/model.h"

#include <algorithm>
#include <stdexcept>

#include "core/time.h"

namespace cds::accounts {

namespace {
// Declared at start (serve, before the server runs), read by every request afterwards.
std::vector<RoleInfo>& registry() {
  static std::vector<RoleInfo> roles = own_roles();
  return roles;
}
std::vector<ConsentPurpose>& purposes() {
  static std::vector<ConsentPurpose> all = own_consent_purposes();
  return all;
}
bool same(const RoleInfo& a, const RoleInfo& b) {
  return a.role == b.role && a.scoped == b.scoped && a.unit_required == b.unit_required &&
         a.administrator == b.administrator;
}
}  // namespace

const std::vector<RoleInfo>& own_roles() {
  static const std::vector<RoleInfo> roles{{Role::citizen, false, false, false},
                                           {Role::officer, true, true, false},
                                           {Role::unit_admin, true, true, true},
                                           {Role::province_admin, true, false, true},
                                           {Role::party_member, false, false, false}};
  return roles;
}

std::vector<RoleInfo> known_roles() { return registry(); }

std::optional<RoleInfo> role_info(Role role) {
  for (const auto& info : registry())
    if (info.role == role) return info;
  return std::nullopt;
}

std::optional<Role> parse_role(std::string_view code) {
  for (const auto& info : registry())
    if (info.role.code == code) return info.role;
  return std::nullopt;
}

void declare_role(const RoleInfo& info) {
  if (auto known = role_info(info.role)) {
    if (!same(*known, info))
      throw std::logic_error("role " + std::string(info.role.code) + " declared twice");
    return;
  }
  registry().push_back(info);
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

const std::vector<ConsentPurpose>& own_consent_purposes() {
  static const std::vector<ConsentPurpose> own{
      {"account", 0, "consent.account", ""},
      {"public_name", 10, "consent.public_name", ""},
      {"notifications", 20, "consent.notifications", ""},
      {"statistics", 40, "consent.statistics", "auth.register.consent_statistics"}};
  return own;
}

std::vector<ConsentPurpose> consent_purposes() {
  auto all = purposes();
  std::stable_sort(all.begin(), all.end(), [](const ConsentPurpose& a, const ConsentPurpose& b) {
    return a.order < b.order;
  });
  return all;
}

void declare_consent_purpose(const ConsentPurpose& purpose) {
  for (const auto& known : purposes()) {
    if (known.code != purpose.code) continue;
    if (known.order != purpose.order || known.label_key != purpose.label_key ||
        known.sign_up_key != purpose.sign_up_key)
      throw std::logic_error("consent purpose " + std::string(purpose.code) + " declared twice");
    return;
  }
  purposes().push_back(purpose);
}

bool valid_consent_purpose(std::string_view purpose) {
  const auto& all = purposes();
  return std::any_of(all.begin(), all.end(),
                     [&](const ConsentPurpose& p) { return p.code == purpose; });
}

}  // namespace cds::accounts
