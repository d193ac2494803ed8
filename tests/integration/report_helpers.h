// Shared by the report tests: the people of one ward (a reporter, a neighbour, officers of two
// communes, a province administrator) and one agency, made once per run; filing a report and
// acting on one.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "accounts_helpers.h"

namespace cds::test {

struct People {
  User reporter, neighbour, officer, other_officer, admin;
  int64_t agency = 0;
};
const People& people();

// Files a report as `who` (201 expected) and returns its JSON.
boost::json::value file(const User& who, const std::string& body);
// A landslide in Phường Yên Bái (04252) with its one question answered.
extern const std::string kLandslide;
// POST /api/v1/reports/{id}/actions; returns the status.
int act(const User& who, const std::string& id, const std::string& body);

}  // namespace cds::test
