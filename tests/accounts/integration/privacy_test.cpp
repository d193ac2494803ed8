// Personal-data rights: export gives a person their own data and nobody else's; deletion
// removes name, phone and CCCD from every table; none of it ever reaches the log.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "accounts_helpers.h"
#include "db/connection.h"

using namespace cds::test;

namespace {
// Every text value in every table of the database, checked for the needles.
std::vector<std::string> tables_containing(const std::vector<std::string>& needles) {
  auto db = cds::db::Database::open(database_url(), 1);
  std::vector<std::string> hits;
  db->read([&](cds::db::Connection& c) {
    auto tables =
        c.engine() == cds::db::Engine::sqlite
            ? c.query("SELECT name FROM sqlite_master WHERE type = 'table'")
            : c.query(
                  "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    for (const auto& t : tables.rows) {
      auto rows = c.query("SELECT * FROM " + t.text(0));
      for (const auto& row : rows.rows)
        for (size_t i = 0; i < row.size(); ++i)
          for (const auto& n : needles)
            if (!row.is_null(i) && row.text(i).find(n) != std::string::npos)
              hits.push_back(t.text(0) + " has " + n);
    }
    return 0;
  });
  return hits;
}
}  // namespace

TEST(Privacy, ExportHasMyDataAndNobodyElses) {
  User me = sign_up("Người Xuất Dữ Liệu", "04252", "10.3.0.1");
  User other = sign_up("Người Khác Hẳn", "04252", "10.3.0.2");
  ASSERT_EQ(post_json("/api/v1/me", R"({"cccd":"015187004321"})", me.auth()).status, 200);
  auto r = get("/api/v1/me/export", me.auth());
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.header("content-disposition").find("attachment"), std::string::npos);
  auto doc = r.json();
  EXPECT_EQ(doc.at("account").at("full_name").as_string(), "Người Xuất Dữ Liệu");
  EXPECT_EQ(doc.at("account").at("cccd").as_string(), "015187004321");
  EXPECT_FALSE(doc.at("consents").as_array().empty());
  EXPECT_FALSE(doc.at("sessions").as_array().empty());
  EXPECT_EQ(r.body.find("Người Khác Hẳn"), std::string::npos);
  EXPECT_EQ(r.body.find(other.phone.substr(1)), std::string::npos);
}

TEST(Privacy, DeletionRemovesNamePhoneAndCccdFromEveryTable) {
  User u = sign_up("Người Muốn Xoá", "04252", "10.3.0.3");
  std::string cccd = "015190001111";
  ASSERT_EQ(
      post_json("/api/v1/me", R"({"cccd":")" + cccd + R"(","smartphone_own_sim":"yes"})", u.auth())
          .status,
      200);
  std::string e164 = "+84" + u.phone.substr(1);
  ASSERT_FALSE(
      tables_containing({e164, "Người Muốn Xoá", cccd}).empty());  // the scan finds them before

  auto request_deletion = request("POST", "/api/v1/me/delete", "", u.auth());
  ASSERT_EQ(request_deletion.status, 202);
  auto deletion = request_deletion.json();
  EXPECT_EQ(deletion.at("status").as_string(), "pending");
  EXPECT_GT(deletion.at("due_at").as_string(), deletion.at("requested_at").as_string());

  User admin = sign_up("Quản Trị Xoá", "04252", "10.3.0.4");
  give_role(admin, "province_admin", "15");
  bool listed = false;
  auto requests = get("/api/v1/admin/deletion-requests", admin.auth()).json();
  for (const auto& d : requests.at("deletion_requests").as_array())
    listed = listed || d.at("id") == deletion.at("id");
  EXPECT_TRUE(listed);
  auto done = request("POST",
                      "/api/v1/admin/deletion-requests/" +
                          std::to_string(deletion.at("id").as_int64()) + "/execute",
                      "",
                      {{"Cookie", admin.cookie},
                       {"Sec-Fetch-Site", "same-origin"},
                       {"Content-Type", "application/json"}});
  ASSERT_EQ(done.status, 200) << done.body;

  EXPECT_EQ(tables_containing({e164, "Người Muốn Xoá", cccd}), std::vector<std::string>{});
  EXPECT_EQ(get("/api/v1/me", u.auth()).status, 401);  // sessions are gone too
  EXPECT_TRUE(get("/api/v1/dev/outbox?phone=" + u.phone).json().at("messages").as_array().empty());
  // The number is free again for a new account.
  EXPECT_NO_THROW(sign_up("Người Mới", "04252", "10.3.0.5"));
}

TEST(Privacy, NoPersonalDataInTheLog) {
  std::string name = "Vàng Thị Nhật Ký";
  User u = sign_up(name, "04252", "10.3.0.6");
  std::string cccd = "015188007777";
  ASSERT_EQ(post_json("/api/v1/me", R"({"cccd":")" + cccd + R"("})", u.auth()).status, 200);
  post_json("/api/v1/auth/login", R"({"phone":")" + u.phone + R"(","password":"wrong one here"})");
  get("/api/v1/people?phone=" + u.phone);
  get("/api/v1/dev/outbox?phone=" + u.phone);
  std::string log = server().log();
  ASSERT_FALSE(log.empty());
  for (const std::string& needle :
       {u.phone, u.phone.substr(1), "+84" + u.phone.substr(1), cccd, name})
    EXPECT_EQ(log.find(needle), std::string::npos) << "the log contains " << needle;
}

TEST(Privacy, TheAuditLogCannotBeRewritten) {
  User u = sign_up("Người Kiểm Tra Nhật Ký", "04252", "10.3.0.7");
  auto db = cds::db::Database::open(database_url(), 1);
  EXPECT_THROW(
      db->write([](cds::db::Connection& c) { c.query("UPDATE audit_log SET action = 'nothing'"); }),
      cds::db::DbError);
  EXPECT_THROW(db->write([](cds::db::Connection& c) { c.query("DELETE FROM audit_log"); }),
               cds::db::DbError);
  auto n =
      db->read([](cds::db::Connection& c) { return c.query("SELECT COUNT(*) FROM audit_log"); });
  EXPECT_GT(n.rows.at(0).integer(0), 0);
}
