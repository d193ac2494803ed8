// The audit log: who did what to whom, when and from where. Append-only (the database refuses
// UPDATE and DELETE on it); every module writes its entries through record(), inside the
// transaction of the change it describes, so that the change and its entry commit together.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace cds::audit {

struct Entry {
  int64_t actor_account = 0;  // 0: no person (an API key, the command line, the system)
  int64_t actor_api_key = 0;
  std::string action;           // "report.filed", "role.granted"…
  int64_t subject_account = 0;  // whose data it was, when it was a person's
  std::string detail;           // never personal data
  std::string ip;
  std::string unit_code;  // the unit the action concerns, when there is one
};

struct Row : Entry {
  int64_t id = 0;
  std::string at;
};

struct Filter {
  std::optional<int64_t> actor, subject;
  std::optional<int64_t> person;  // the actor or the subject
  std::string action;             // prefix
  std::string unit_code;          // exactly this unit
  std::string from, to;           // ISO dates in Vietnam, inclusive (cds::Error bad_date if not)
  size_t limit = 100;
  size_t offset = 0;
};

void record(db::Connection& c, const Entry& entry);
// Newest first.
std::vector<Row> rows(db::Connection& c, const Filter& filter);

}  // namespace cds::audit
