// One's own account: the profile and its self-declared facts, consent, the export of
// everything kept about oneself and the deletion request; and the parts of a person's data
// that modules keep (their export sections and their erasure steps), added at start.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accounts/authz.h"
#include "accounts/model.h"
#include "db/connection.h"

namespace cds::units {
class UnitService;
}

namespace cds::accounts {

struct ProfileChange {
  std::optional<std::string> full_name, cccd, home_unit_code, ethnic_group, preferred_language;
  // A village of the home commune (its unit code), or "" for none. A change of commune
  // forgets a village of the old one.
  std::optional<std::string> village_code;
  std::vector<std::pair<std::string, std::string>> facts;  // self-declared facts
};

class Profile {
 public:
  Profile(db::Database& db, const units::UnitService& units, UnitParent unit_parent);

  Account own_account(const Actor& actor);
  void update_own_profile(const Actor& actor, const ProfileChange& change, const std::string& ip);
  void set_own_consent(const Actor& actor, const std::string& purpose, bool granted,
                       const std::string& ip);
  boost::json::object export_own_data(const Actor& actor, const std::string& ip);
  DeletionRequest request_own_deletion(const Actor& actor, const std::string& ip);

  // Other modules add what they keep about a person (their reports, follows, ratings…) to the
  // export under their own name; called inside the export's transaction. Set up at start.
  // `code_names` says under which catalogue prefix the page "Dữ liệu của tôi" finds the name
  // of a field's codes ({"status", "report.status."}).
  using ExportSection = std::function<boost::json::value(db::Connection&, int64_t account)>;
  using CodeNames = std::map<std::string, std::string>;
  void add_export_section(std::string name, ExportSection section, CodeNames code_names = {});
  const CodeNames& code_names(const std::string& section) const;
  // What erasure removes beyond the account itself: a module's personal data about the person
  // (an answer's note and place…), inside the erasure's transaction. Set up at start.
  using ErasureStep = std::function<void(db::Connection&, int64_t account)>;
  void add_erasure_step(ErasureStep step) { erasure_steps_.push_back(std::move(step)); }
  // Runs every module's erasure step for this account (Administration::carry_out_deletion).
  void erase_module_data(db::Connection& c, int64_t account) const;

 private:
  db::Database& db_;
  const units::UnitService& units_;
  UnitParent unit_parent_;
  std::vector<std::pair<std::string, ExportSection>> export_sections_;
  std::map<std::string, CodeNames> code_names_;
  std::vector<ErasureStep> erasure_steps_;
};

}  // namespace cds::accounts
