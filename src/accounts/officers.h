// What officers do with citizens' accounts in their units: look a person up (by id, phone or
// CCCD; every read audited), record a fact about them, and import the VNeID activation list
// with its report and history.
#pragma once

#include <string>
#include <vector>

#include "accounts/authz.h"
#include "accounts/model.h"
#include "db/connection.h"

namespace cds::accounts {

struct VneidImportReport {
  int64_t id = 0;  // in the import history
  size_t rows = 0, applied = 0;
  std::vector<std::string> problems;  // "line 4: no account with this phone or CCCD"
};

class Officers {
 public:
  Officers(db::Database& db, UnitParent unit_parent);

  Account person(const Actor& actor, int64_t account_id, const std::string& ip);
  Account person_by_phone(const Actor& actor, const std::string& phone, const std::string& ip);
  Account person_by_cccd(const Actor& actor, const std::string& cccd, const std::string& ip);
  void set_person_fact(const Actor& actor, int64_t account_id, const std::string& fact,
                       const std::string& value, const std::string& ip);
  VneidImportReport import_vneid(const Actor& actor, const std::string& csv_text,
                                 const std::string& ip, const std::string& file_name = "");
  // The lists received: all of them for a province administrator, one's own for others.
  std::vector<VneidImport> vneid_imports(const Actor& actor);
  VneidImport vneid_import(const Actor& actor, int64_t id);

 private:
  db::Database& db_;
  UnitParent unit_parent_;
};

}  // namespace cds::accounts
