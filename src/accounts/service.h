// Accounts as the platform uses them, as services with one job each, built together: who
// someone is (identity.h), one's own account (profile.h), officers' access to citizens' data
// in their units (officers.h), the administration (administration.h); and what other modules
// read of people inside their own transactions (below). Every change and every read of
// another person's data writes its audit row in the same transaction.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/administration.h"
#include "accounts/authz.h"
#include "accounts/identity.h"
#include "accounts/model.h"
#include "accounts/officers.h"
#include "accounts/profile.h"
#include "core/i18n.h"
#include "db/connection.h"
#include "notify/sms.h"

namespace cds::units {
class UnitService;
}

namespace cds::accounts {

// For other modules, inside their own transaction (no actor: the caller has decided already).
// The accounts holding `role` with a scope on one of `unit_codes`.
std::vector<int64_t> role_holders(db::Connection& c, Role role,
                                  const std::vector<std::string>& unit_codes);
// Active accounts whose home is one of these communes (or who named one of these villages) and
// whose latest decision on `purpose` is consent, with their phones: ids above `after`, in id
// order, at most `limit` (a batch).
struct Resident {
  int64_t account = 0;
  std::string unit_code, phone;
};
std::vector<Resident> consenting_residents(db::Connection& c,
                                           const std::vector<std::string>& communes,
                                           const std::string& purpose, int64_t after, size_t limit);
// One batch of text messages (a warning, a village's important notice): each resident texted
// through the gateway, failures counted and never stopping the rest (a number out of service
// must not keep the message from the next ones); the cursor is the last resident tried.
struct TextBatch {
  int64_t sent = 0, failed = 0;
  int64_t last_account = 0;
};
TextBatch text_residents(notify::SmsSender& sms, const std::vector<Resident>& residents,
                         const std::string& message);
// How many such residents there are in all (whom an alert's texts will reach).
int64_t count_consenting_residents(db::Connection& c, const std::vector<std::string>& communes,
                                   const std::string& purpose);
// Active accounts per home commune, for these communes.
std::vector<std::pair<std::string, int64_t>> residents_per_commune(
    db::Connection& c, const std::vector<std::string>& communes);
// A person's name and phone, for a caller that has decided the read is allowed and audits it.
std::pair<std::string, std::string> name_and_phone(db::Connection& c, int64_t account);
// A person's home as a household places them (they joined or created one in this village):
// home commune and village set, in the caller's transaction.
void set_home(db::Connection& c, int64_t account, const std::string& commune_code,
              const std::string& village_code);
// serve --demo: an invented resident, active, without a password (nobody signs in as them),
// living in this commune and village. Its id.
int64_t add_demo_resident(db::Connection& c, const std::string& full_name, const std::string& phone,
                          const std::string& commune_code, const std::string& village_code);
// The phone (E.164) of an active account that consented to `purpose`; "" otherwise.
std::string phone_if_consented(db::Connection& c, int64_t account, const std::string& purpose);

// The four services, built together (serve, the operator commands).
struct AccountService {
  AccountService(db::Database& db, notify::SmsSender& sms, const units::UnitService& units,
                 const i18n::Catalogues& catalogues);
  // A unit's parent (a commune's province), for the rules of accounts::decide.
  UnitParent unit_parent() const;

  Identity identity;
  Profile profile;
  Officers officers;
  Administration admin;

 private:
  const units::UnitService& units_;
};

}  // namespace cds::accounts
