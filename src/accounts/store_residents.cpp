// SQL for what other modules ask about a commune's residents: who consented to be texted
// warnings, how many have accounts.
#include "accounts/store.h"

namespace cds::accounts::store {

using db::Value;

std::vector<std::tuple<int64_t, std::string, std::string>> consenting_residents(
    db::Connection& c, const std::vector<std::string>& communes, const std::string& purpose,
    int64_t after, size_t limit) {
  std::vector<std::tuple<int64_t, std::string, std::string>> out;
  if (communes.empty()) return out;
  std::vector<Value> params{purpose, after, static_cast<int64_t>(limit)};
  std::string units = db::in_list(communes, params);
  std::string villages = db::in_list(communes, params);
  // The latest decision on the purpose counts: a consent withdrawn later is no consent.
  auto rows = c.query(
      "SELECT a.id, a.home_unit_code, a.phone FROM accounts a WHERE a.status = 'active' "
      "AND a.id > $2 AND (a.home_unit_code IN (" +
          units + ") OR a.village_code IN (" + villages +
          ")) AND (SELECT k.granted FROM consents k WHERE k.account_id = a.id AND k.purpose = $1 "
          "ORDER BY k.id DESC LIMIT 1) = 1 ORDER BY a.id LIMIT $3",
      params);
  for (const auto& r : rows.rows) out.emplace_back(r.integer(0), r.text(1), r.text(2));
  return out;
}

int64_t count_consenting_residents(db::Connection& c, const std::vector<std::string>& communes,
                                   const std::string& purpose) {
  if (communes.empty()) return 0;
  std::vector<Value> params{purpose};
  std::string units = db::in_list(communes, params);
  std::string villages = db::in_list(communes, params);
  return c
      .query(
          "SELECT COUNT(*) FROM accounts a WHERE a.status = 'active' AND (a.home_unit_code IN (" +
              units + ") OR a.village_code IN (" + villages +
              ")) AND (SELECT k.granted FROM consents k WHERE k.account_id = a.id AND k.purpose = "
              "$1 ORDER BY k.id DESC LIMIT 1) = 1",
          params)
      .rows.at(0)
      .integer(0);
}

std::vector<std::pair<std::string, int64_t>> residents_per_commune(
    db::Connection& c, const std::vector<std::string>& communes) {
  std::vector<std::pair<std::string, int64_t>> out;
  if (communes.empty()) return out;
  std::vector<Value> params;
  std::string units = db::in_list(communes, params);
  auto rows = c.query(
      "SELECT home_unit_code, COUNT(*) FROM accounts WHERE status = 'active' AND home_unit_code "
      "IN (" +
          units + ") GROUP BY home_unit_code",
      params);
  for (const auto& r : rows.rows) out.emplace_back(r.text(0), r.integer(1));
  return out;
}

}  // namespace cds::accounts::store
