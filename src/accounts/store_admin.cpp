// SQL for the administration's lists: who holds which role, API key use, VNeID imports.
#include "accounts/store.h"

namespace cds::accounts::store {

using db::Value;

std::vector<RoleHolder> role_holders_list(db::Connection& c) {
  std::vector<RoleHolder> out;
  auto rows = c.query(
      "SELECT a.id, a.full_name, a.phone, r.role, s.unit_code, s.agency_id "
      "FROM account_roles r JOIN accounts a ON a.id = r.account_id "
      "LEFT JOIN account_scopes s ON s.account_id = a.id AND r.role <> 'party_member' "
      "WHERE r.role <> 'citizen' AND a.status = 'active' "
      "ORDER BY a.full_name, a.id, r.role, s.id");
  for (const auto& r : rows.rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.integer(5)});
  return out;
}

void mark_api_key_used(db::Connection& c, int64_t id, const std::string& now,
                       const std::string& not_before) {
  c.query(
      "UPDATE api_keys SET last_used_at = $2 WHERE id = $1 "
      "AND (last_used_at IS NULL OR last_used_at < $3)",
      {id, now, not_before});
}

int64_t insert_vneid_import(db::Connection& c, const VneidImport& i) {
  std::string problems;
  for (const auto& p : i.problems) problems += (problems.empty() ? "" : "\n") + p;
  return c
      .query(
          "INSERT INTO vneid_imports (at, actor_account, actor_api_key, file_name, line_count, "
          "applied, problems) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          {i.at, i.actor_account ? Value(i.actor_account) : db::null(),
           i.actor_api_key ? Value(i.actor_api_key) : db::null(), i.file_name, i.line_count,
           i.applied, problems})
      .rows.at(0)
      .integer(0);
}

namespace {
constexpr const char* kImportColumns =
    "SELECT id, at, actor_account, actor_api_key, file_name, line_count, applied, problems "
    "FROM vneid_imports";

VneidImport import_from(const db::Row& r) {
  VneidImport i{r.integer(0), r.integer(2), r.integer(3), r.text(1),
                r.text(4),    r.integer(5), r.integer(6), {}};
  const std::string& problems = r.text(7);
  for (size_t pos = 0; pos < problems.size();) {
    size_t end = std::min(problems.find('\n', pos), problems.size());
    i.problems.push_back(problems.substr(pos, end - pos));
    pos = end + 1;
  }
  return i;
}
}  // namespace

std::vector<VneidImport> vneid_imports(db::Connection& c) {
  std::vector<VneidImport> out;
  for (const auto& r : c.query(std::string(kImportColumns) + " ORDER BY id DESC").rows)
    out.push_back(import_from(r));
  return out;
}

std::optional<VneidImport> vneid_import(db::Connection& c, int64_t id) {
  auto r = c.query(std::string(kImportColumns) + " WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return import_from(r.rows[0]);
}

}  // namespace cds::accounts::store
